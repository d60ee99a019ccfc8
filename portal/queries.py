"""Read paths shared by the site core's pages."""

from django.core.paginator import Paginator
from django.db.models import Prefetch

from portal.models.organisations import Membership, Organisation


def latest_news(*, locale, limit: int = 4):
    from portal.models.pages import NewsPage

    return list(NewsPage.objects.live().public().filter(locale=locale).order_by("-date", "-pk")[:limit])


def news_page(*, index, category: str = "", page=None, per_page: int = 12):
    from portal.models.pages import NewsPage

    qs = NewsPage.objects.live().public().child_of(index).order_by("-date", "-pk")
    if category:
        qs = qs.filter(category=category)
    return Paginator(qs, per_page).get_page(page)


def memberships_for(user):
    """The user's memberships with their organisations, for the dashboard (one query)."""
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name_zh")


def organisations_managed_by(user):
    return Organisation.objects.filter(memberships__user=user, memberships__role="owner")


def organisation_members(organisation):
    return organisation.memberships.select_related("user").order_by("-role", "user__email")


def public_organisations():
    return Organisation.objects.verified().prefetch_related(Prefetch("memberships", queryset=Membership.objects.none()))
