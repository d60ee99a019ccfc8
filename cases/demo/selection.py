"""The 2026 typical-case selection scored by an expert panel (``selection.toml``), through the services.

Staff (the demo "staff" login) open the panel, nominate every published Chinese demo case (the
engine assigns the judges, none to a case of their own institution), the judges submit their
scorecards (all but the demo "judge" login's) and staff confirm the top N of the ranking: the
selection then holds those cases in both languages. Idempotent: nothing is done once the
selection has its panel (its judges' accounts are still listed with the demo logins).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cases import queries, selection
from cases.models import CasePage, TypicalCaseSelection
from portal.demo import clock, data
from portal.demo.judging import ensure_judge, ensure_rubric, seeded_score, while_scoring
from portal.demo.registry import DemoContext
from portal.judging import services as judging
from portal.judging.models import Assignment
from portal.judging.queries import results
from portal.judging.vocabulary import Recommendation

DATA = data.read(Path(__file__).with_name("selection.toml"))


def _judges(context: DemoContext) -> dict:
    """``{user: bias}``: the panel's own judge accounts (made when missing), then the existing logins."""
    judges = {ensure_judge(context, row): row["bias"] for row in DATA["judges"]}
    for key in DATA["scoring_later"]:
        judges[context.user(key)] = None
    return judges


def _score(panel, biases: dict) -> None:
    criteria = list(panel.rubric.criteria.all())
    assignments = list(Assignment.objects.filter(item__panel=panel).select_related("judge", "item").order_by("pk"))
    cases = CasePage.objects.in_bulk([a.item.subject_id for a in assignments])
    for assignment in assignments:
        bias = biases.get(assignment.judge)
        if bias is None:
            continue
        case = cases[assignment.item.subject_id]
        scores = {c.pk: (seeded_score(case.slug, assignment.judge.pk, c, bias), "") for c in criteria}
        recommendation = Recommendation.RECOMMEND
        with while_scoring(panel, f"{case.slug}:{assignment.judge.email}"):
            judging.submit_scorecard(
                judge=assignment.judge, assignment=assignment, version=0, scores=scores, recommendation=recommendation
            )


def load(context: DemoContext) -> None:
    judges = _judges(context)
    chosen = TypicalCaseSelection.objects.get(slug=DATA["selection"])
    exists = queries.selection_panel(chosen) is not None
    context.record("case selection panel", not exists)
    if exists:
        return
    staff, now = context.user("staff"), timezone.now()
    panel = selection.open_selection_panel(
        actor=staff,
        selection=chosen,
        rubric=ensure_rubric(context, DATA["rubric"]),
        judges=list(judges),
        judges_per_item=DATA["judges_per_item"],
        opens_at=clock.day_at(now - datetime.timedelta(days=DATA["opens_days_ago"]), clock.OPENS),
        closes_at=clock.day_at(now + datetime.timedelta(days=DATA["closes_in_days"]), clock.CLOSES),
    )
    cases = CasePage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE, slug__startswith="demo-")
    selection.nominate(actor=staff, selection=chosen, cases=cases.order_by("pk"))
    _score(panel, judges)
    ranked = [row.item.subject_id for row in results(panel, method=DATA["method"]) if row.rank is not None]
    selection.confirm_selection(actor=staff, selection=chosen, case_ids=ranked[: DATA["top"]], method=DATA["method"])
