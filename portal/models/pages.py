from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from portal import feeds, menus, prepared, public_cache
from portal.blocks import BodyBlock, SectionLinkBlock
from portal.fields import optional_image, optional_link
from portal.page_copy import PageCopyForm
from portal.public_cache import mark_public
from portal.restrictions import public_pages


class PortalPage(Page):
    """Base for every public page: listing summary, SEO fields and the public cache.

    Pages are served to anonymous visitors from the public page cache
    (portal/public_cache.py); publishing any page invalidates the ``pages`` tag.
    """

    listing_summary = models.TextField(
        _("listing summary"), blank=True, max_length=300, help_text=_("Shown in lists and search results.")
    )
    listing_image = optional_image(_("listing image"))

    #: Copying in the admin holds the new title and slug to what the page table stores.
    copy_form_class = PageCopyForm

    promote_panels = Page.promote_panels + [
        MultiFieldPanel([FieldPanel("listing_summary"), FieldPanel("listing_image")], heading=_("Listing")),
    ]
    search_fields = Page.search_fields + [index.SearchField("listing_summary")]

    public_cache_tags = ("pages",)
    # Query parameters a page's listing varies on; other parameters are never cached.
    public_cache_params = ("page", "category")

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return mark_public(response, *self.public_cache_tags, params=self.public_cache_params)

    def get_view_restrictions(self):
        """Wagtail's check runs on every request (two queries); remember which apply.

        Saving or deleting a restriction invalidates the ``pages`` tag (portal/signals.py),
        as does moving or publishing a page, so the remembered list never outlives a change.
        """
        ids = public_cache.remember(f"view-restrictions:{self.pk}", ("pages",), self._view_restriction_ids)
        return PageViewRestriction.objects.filter(pk__in=ids) if ids else PageViewRestriction.objects.none()

    def _view_restriction_ids(self) -> list[int]:
        """The restrictions of the page and its ancestors, as Wagtail's check finds them, in one query.

        Wagtail reads the ancestors first and then their restrictions (two queries, whatever the
        cache holds: the first visitor after a publish pays both). The same rule as one query:
        a restriction applies when it is on the page or an ancestor, or, for those that are
        aliases, on the page they are an alias of.
        """
        lineage = [self.path[: self.steplen * depth] for depth in range(1, self.depth + 1)]
        return [pk for (pk,) in prepared.rows("view-restrictions", _restrictions_of_lineage, paths=lineage)]


def _restrictions_of_lineage(*, paths):
    """The view restrictions on the pages at ``paths`` or on the pages those alias (``portal.prepared``:
    compiled once per depth)."""
    lineage = Page.objects.filter(path__in=paths)
    applies = models.Q(page__in=lineage.filter(alias_of__isnull=True)) | models.Q(
        page__in=lineage.filter(alias_of__isnull=False).values("alias_of")
    )
    return PageViewRestriction.objects.filter(applies).values_list("pk")


class HomePage(PortalPage):
    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = optional_image(_("hero image"))
    sections = StreamField([("section", SectionLinkBlock())], verbose_name=_("sections"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")], heading=_("Hero")
        ),
        FieldPanel("sections"),
        FieldPanel("body"),
    ]
    search_fields = PortalPage.search_fields + [index.SearchField("hero_text")]

    max_count_per_parent = 1
    # Only at the root of the tree. No subpage_types: the home page takes every page type that
    # allows it as a parent (an app's index page: parent_page_types = ["portal.HomePage"]), as
    # Wagtail does by default; the portal's own are StandardPage and NewsIndexPage.
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # locale_id, not locale: filtering by the id spares a query for the Locale row.
        context["latest_news"] = NewsPage.latest(locale_id=self.locale_id, limit=6)
        return context

    def route(self, request, path_components):
        """Resolve a path below the home page in one query instead of one per level.

        Wagtail's default walks the tree, two queries per path segment. Here the
        deepest page whose URL path is a prefix of the request path is found at
        once, and routing continues from it, so a routable page (e.g. an index
        page with sub-URLs) still receives the rest of the path. Only a page
        that overrides ``route`` to intercept its *existing* descendants' URLs
        would be skipped; no page in the portal does.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [self.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]
        target = Page.objects.filter(path__startswith=self.path, url_path__in=prefixes).order_by("-depth").first()
        if target is None:
            raise Http404
        return target.specific.route(request, path_components[target.depth - self.depth :])


class StandardPage(PortalPage):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    # An editorial page may introduce a list (the case library, an app's product list): its menu
    # entry then opens the list, the page leads to it and the list links back (portal.menus).
    list_page = optional_link(
        "wagtailcore.Page",
        _("its list: a page"),
        help_text=_("The list this page introduces, such as the case library. Its menu entry opens the list."),
    )
    list_view = models.CharField(
        _("its list: a list of the portal"),
        max_length=100,
        blank=True,
        choices=menus.list_choices,
        help_text=_("Or one of the portal's lists, such as the product list."),
    )
    menu_title = models.CharField(
        _("menu title"),
        max_length=40,
        blank=True,
        help_text=_(
            "A short title for the main menu, when the page's title is long. Not used when the page introduces a "
            "list: its menu entry opens the list and is named as the list's heading."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel([FieldPanel("list_page"), FieldPanel("list_view")], heading=_("The list this page introduces")),
        FieldPanel("body"),
    ]
    promote_panels = PortalPage.promote_panels + [FieldPanel("menu_title")]
    search_fields = PortalPage.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def clean(self):
        super().clean()
        if self.list_page_id and self.list_view:
            raise ValidationError({"list_view": _("Choose a page or one of the portal's lists, not both.")})
        if self.list_page_id and self.list_page_id == self.pk:
            raise ValidationError({"list_page": _("A page cannot be its own list.")})


class NewsCategory(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Alliance announcement")
    CALL_FOR_CASES = "call_for_cases", _("Call for cases")
    COMPETITION_CALL = "competition_call", _("Competition call")
    POLICY = "policy", _("Policy interpretation")
    INDUSTRY = "industry", _("Industry news")


#: The sub-path of a news index that is its feed.
FEED_PATH = "feed"


class NewsIndexPage(PortalPage):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["portal.NewsPage"]
    max_count_per_parent = 1
    page_size = 12

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        category = request.GET.get("category", "")
        if category not in NewsCategory.values:
            category = ""
        context["category"] = category
        context["categories"] = NewsCategory.choices
        news = self.newest_news()
        if category:
            news = news.filter(category=category)
        context["news_page"] = Paginator(news, self.page_size).get_page(request.GET.get("page"))
        context["feed_url"] = f"{self.get_url(request)}{FEED_PATH}/"
        context["feed_links"] = [{"title": _("Subscribe (Atom feed)"), "url": context["feed_url"]}]
        return context

    def newest_news(self):
        return NewsPage.newest_public().child_of(self)

    def route(self, request, path_components):
        """``feed/`` is the index's news as an Atom feed (``portal.feeds``)."""
        if path_components == [FEED_PATH] and self.live:
            return RouteResult(self, kwargs={"feed": True})
        return super().route(request, path_components)

    def serve(self, request, *args, feed: bool = False, **kwargs):
        if not feed:
            return super().serve(request, *args, **kwargs)
        return mark_public(feeds.NewsFeed()(request, index=self), *self.public_cache_tags, params=())


class NewsPage(PortalPage):
    date = models.DateField(_("date"))
    category = models.CharField(
        _("category"), max_length=32, choices=NewsCategory.choices, default=NewsCategory.ANNOUNCEMENT
    )
    summary = models.TextField(_("summary"), max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("e.g. 上海市科学技术委员会"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("category"), FieldPanel("source")], heading=_("Facts")),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = PortalPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("date"),
    ]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
        ordering = ["-date"]

    @classmethod
    def newest_public(cls):
        return public_pages(cls.objects.live()).order_by("-date", "-pk")

    @classmethod
    def latest(cls, *, locale_id: int, limit: int) -> list[NewsPage]:
        """The newest public news in a locale, remembered until a page is published."""
        return public_cache.remember(
            f"latest-news:{locale_id}:{limit}",
            ("pages",),
            lambda: list(cls.newest_public().filter(locale_id=locale_id)[:limit]),
        )
