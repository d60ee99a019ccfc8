"""The public call page of a competition: a Wagtail page per language, linked to its ``Competition``.

The editorial text (rules, prizes, FAQ) is the page's, translated with Wagtail's i18n like every
page; the timeline and the tracks come from the competition's records, shared by both trees.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from competition import deadlines
from competition.models.competitions import Competition, Stage, Track
from competition.vocabulary import CompetitionStatus
from portal import public_cache
from portal.blocks import BodyBlock, RichTextBlock
from portal.models.pages import PortalPage

#: The cache tag of the competition's public pages; changes to its records invalidate it.
CACHE_TAG = "competition"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"))
    answer = RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "competition/blocks/question.html"


class CompetitionPage(PortalPage):
    """The call for entries of one competition edition: rules, prizes, timeline, tracks, FAQ."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.PROTECT, related_name="+"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    rules = StreamField(BodyBlock(), verbose_name=_("rules"), blank=True)
    prizes = StreamField(BodyBlock(), verbose_name=_("prizes"), blank=True)
    faq = StreamField([("question", QuestionBlock())], verbose_name=_("FAQ"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("competition"),
        FieldPanel("introduction"),
        FieldPanel("rules"),
        FieldPanel("prizes"),
        FieldPanel("faq"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    public_cache_tags = ("pages", CACHE_TAG)

    class Meta:
        verbose_name = _("competition call page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        competition = (
            Competition.objects.filter(pk=self.competition_id)
            .prefetch_related(
                Prefetch("stages", queryset=Stage.objects.order_by("sort_order", "opens_at")),
                Prefetch(
                    "tracks", queryset=Track.objects.select_related("algorithm_task").order_by("sort_order", "pk")
                ),
            )
            .get()
        )
        # The editions whose results are out: the call links their winners (one query). Not a draft's:
        # its results page is a 404, and its name is not public.
        past = (
            Competition.objects.exclude(status=CompetitionStatus.DRAFT)
            .filter(results_publication__isnull=False)
            .exclude(pk=competition.pk)
        )
        context.update(
            competition=competition,
            timeline=timeline(competition),
            zone=deadlines.ZONE_NAME,
            past_results=list(past.order_by("-year")),
            taking_teams=competition.takes_teams(),
            changes_at=changes_at(competition),
        )
        return context

    def serve(self, request, *args, **kwargs):
        """Cached for anonymous visitors until the next stage opens or closes, when the timeline and the
        "Enter" button change with no publish to invalidate them."""
        response = super().serve(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        return public_cache.keep_until(response, context.get("changes_at"))


def changes_at(competition, now=None):
    """The next instant the call page changes by itself: a stage opens, or the second after one closes
    (a deadline's own second is still on time, ``deadlines.has_passed``), when the timeline moves on and,
    after the submission stage, teams are no longer taken; None once every stage is past."""
    now = now or timezone.now()
    second = timedelta(seconds=1)
    moments = [moment for stage in competition.stages.all() for moment in (stage.opens_at, stage.closes_at + second)]
    return min((moment for moment in moments if moment > now), default=None)


def timeline(competition) -> list[dict]:
    """The stages in order, each with its times shown in Asia/Shanghai and whether it is past, running or ahead.

    The page is cached for anonymous visitors until the next of these instants (``changes_at``); the
    countdown script counts from the instants themselves: to its opening for a stage ahead, to its closing for
    the one running.
    """
    now = timezone.now()
    rows = []
    for stage in competition.stages.all():
        state = "past" if now > stage.closes_at else ("running" if now >= stage.opens_at else "ahead")
        rows.append(
            {
                "stage": stage,
                "opens": deadlines.display(stage.opens_at),
                "closes": deadlines.display(stage.closes_at),
                "opens_iso": deadlines.iso_utc(stage.opens_at),
                "closes_iso": deadlines.iso_utc(stage.closes_at),
                "state": state,
            }
        )
    return rows
