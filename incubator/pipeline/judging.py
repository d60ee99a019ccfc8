"""Screening through the judging engine (``portal.judging``): a pipeline card is a judged subject.

``CardAdapter`` tells the engine how to see a ``PipelineCard``: its parties are the startup
organisation and its members (a project manager who belongs to the startup, shares its address
domain or declared a tie is never assigned to it), its label the startup's name, and the scorecard
page shows the startup's profile (``templates/incubator/pipeline/judging/_card.html``). Registered
from ``IncubatorConfig.ready``.

``open_screening`` opens a panel for cards in the screening stage (project managers and staff
may: the engine lets them run the pipeline's panels, ``register``), judged by project managers with
a rubric (the plan's screening rubric, ``SCREENING_RUBRIC``, by default in the form; staff may use
any): the engine assigns them without conflicts and aggregates their scores as judges' do. The
screening panels are owned by the ``ContentType`` of ``PipelineCard`` (one owner for all of them:
the pipeline has no record of its own for a screening round).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubator.models import PipelineCard
from incubator.pipeline import permissions
from incubator.pipeline.services import PipelineError
from incubator.vocabulary import PipelineStage
from portal.i18n import join_words
from portal.judging import permissions as judging_permissions
from portal.judging import services as judging
from portal.judging import subjects
from portal.judging.models import Criterion, Panel, Rubric
from portal.organisations.models import Membership

#: The plan's screening rubric (name in English identifies it): four criteria of equal weight, 0–10.
SCREENING_RUBRIC = {
    "name_zh": "初创企业甄别评分表",
    "name_en": "Startup screening",
    "criteria": [
        ("技术", "Technology", "技术的先进性、可行性与壁垒", "How advanced, feasible and defensible the technology is"),
        ("团队", "Team", "创始团队的能力、经验与完整度", "The founding team's skills, experience and completeness"),
        (
            "临床/市场需求",
            "Clinical/market need",
            "临床或市场需求的真实性与规模",
            "How real and large the clinical or market need is",
        ),
        (
            "注册路径",
            "Regulatory path",
            "医疗器械注册路径是否清晰可行",
            "How clear and feasible the device registration path is",
        ),
    ],
}


class CardAdapter(subjects.BatchAdapter):
    judged_as = gettext_lazy("startups in screening")
    template = "incubator/pipeline/judging/_card.html"

    def queryset(self, model):
        return PipelineCard.objects.select_related("startup", "startup__startup_profile")

    def parties_for_many(self, found) -> dict[int, subjects.Parties]:
        """Every card's startup and its members, in one query."""
        cards = {card.pk: card.startup_id for card in found}
        members = subjects.people_of(
            Membership.objects.filter(organisation_id__in=set(cards.values())).values_list(
                "organisation_id", "user_id", "user__email"
            )
        )
        return {
            pk: replace(members.get(organisation_id, subjects.Parties()), organisation_ids={organisation_id})
            for pk, organisation_id in cards.items()
        }

    def label(self, subject, *, blind: bool) -> str:
        if blind:
            return _("Startup %(number)s") % {"number": subject.pk}
        return str(subject.startup.name)

    def context(self, subject, *, blind: bool) -> dict:
        profile = getattr(subject.startup, "startup_profile", None)
        return {"profile": profile, "startup": None if blind else subject.startup}


def register() -> None:
    subjects.register(PipelineCard, CardAdapter())
    judging_permissions.register_panel_managers(owns=_owns_panel, may=permissions.can_open_screening)


def _owns_panel(owner_type_id, owner_id) -> bool:
    """Whether a panel's owner is the pipeline's (the content type of ``PipelineCard``)."""
    return owner_type_id == ContentType.objects.get_for_model(ContentType).pk and owner_id == owner().pk


def owner():
    """The owner of every screening panel: the content type of ``PipelineCard``."""
    return ContentType.objects.get_for_model(PipelineCard)


def screening_panels():
    return Panel.objects.filter(
        owner_type=ContentType.objects.get_for_model(ContentType), owner_id=owner().pk
    ).select_related("rubric")


def screening_rubric() -> Rubric | None:
    return Rubric.objects.filter(name_en=SCREENING_RUBRIC["name_en"]).order_by("pk").first()


@transaction.atomic
def ensure_screening_rubric() -> tuple[Rubric, bool]:
    """The plan's screening rubric (made once; an existing one is left as it is)."""
    found = screening_rubric()
    if found is not None:
        return found, False
    rubric = Rubric.objects.create(name_zh=SCREENING_RUBRIC["name_zh"], name_en=SCREENING_RUBRIC["name_en"])
    for order, (name_zh, name_en, descriptor_zh, descriptor_en) in enumerate(SCREENING_RUBRIC["criteria"]):
        Criterion.objects.create(
            rubric=rubric,
            order=order,
            name_zh=name_zh,
            name_en=name_en,
            descriptor_zh=descriptor_zh,
            descriptor_en=descriptor_en,
            weight=Decimal(1),
            min_score=0,
            max_score=10,
        )
    return rubric, True


@transaction.atomic
def open_screening(
    *,
    actor,
    title_zh: str,
    title_en: str = "",
    rubric,
    cards=None,
    judges=None,
    judges_per_item: int = 2,
    opens_at=None,
    closes_at=None,
    creation_token=None,
):
    """A screening panel for ``cards`` (default: every card in screening), judged by ``judges``
    (default: every project manager), assigned by the engine. Returns ``(panel, report)``.
    ``creation_token``: the form sent twice opens one panel (the second time, the engine finds
    nothing more to assign)."""
    permissions.require_can_open_screening(actor)
    if not (title_zh or "").strip():
        raise PipelineError(_("This field is required."), field="title_zh")
    cards = list(PipelineCard.objects.filter(stage=PipelineStage.SCREENING) if cards is None else cards)
    if not cards:
        raise PipelineError(_("No startup is in screening: move some there first."), field="cards")
    outside = [card for card in cards if card.stage != PipelineStage.SCREENING]
    if outside:
        raise PipelineError(
            _("Only startups in screening are scored: %(names)s are not.") % {"names": join_words(outside)},
            field="cards",
        )
    judges = list(permissions.project_managers() if judges is None else judges)
    if not judges:
        raise PipelineError(_("Choose at least one project manager to score."), field="judges")
    opens_at = opens_at or timezone.now().replace(microsecond=0)  # the engine compares whole seconds
    closes_at = closes_at or opens_at + timedelta(days=14)
    panel = judging.open_panel(
        actor=actor,
        owner=owner(),
        title_zh=title_zh.strip(),
        title_en=(title_en or "").strip(),
        rubric=rubric,
        judges=judges,
        judges_per_item=max(1, min(int(judges_per_item), len(judges))),
        opens_at=opens_at,
        closes_at=closes_at,
        creation_token=creation_token,
    )
    judging.add_items(actor=actor, panel=panel, subjects=cards)
    report = judging.assign_automatically(panel, actor=actor)
    return panel, report
