"""Demo cases for ``manage.py load_demo`` (``cases.toml``): a bilingual case index, 26 cases, the 2026 selection.

The selection's cases are chosen by its expert panel (``cases.demo.selection``, ``selection.toml``),
a loader that runs after this one.

Everything is invented (演示数据 / demo data) and says so on every case; the data file says how
a case is made of an archetype and a variant. Each case is written in Chinese (the source tree)
and English (a Wagtail translation of the Chinese page, with English outcome rows).
Idempotent: a case is found by its slug under the index; the demo submission by its title.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from cases.demo import selection as selection_panel
from cases.models import (
    CaseMilestone,
    CaseOutcome,
    CasePage,
    CasePublication,
    CaseSubmission,
    CaseSubmissionOutcome,
    CaseTrialRegistration,
    TypicalCaseSelection,
)
from cases.vocabulary import SubmissionStatus
from catalog.models import Product
from portal.demo import data
from portal.demo.pages import ensure_translation, ensure_tree, introduce_list, publish
from portal.demo.registry import EN, ZH, DemoContext, Loader

DATA = data.read(Path(__file__).with_name("cases.toml"))
#: The list of cases, beside the editorial "cases" page of portal's demo (the programme: what a case must contain).
INDEX = data.page_tree(DATA["pages"])[0]
#: The editorial page of portal's demo that introduces the library (the programme: what a case must contain).
INTRODUCTION = "cases"
LANGUAGES = {ZH: "zh", EN: "en"}


def cases() -> list[tuple[str, dict, dict, int]]:
    """(slug, archetype, variant, serial) of every demo case; the serial numbers its trial and DOI."""
    found = []
    for number, archetype in enumerate(DATA["archetypes"]):
        for v, variant in enumerate(DATA["variants"]):
            found.append((f"demo-{archetype['key']}-{v + 1}", archetype, variant, number * 10 + v))
        if "extra_variant" in archetype:
            found.append((f"demo-{archetype['key']}-3", archetype, archetype["extra_variant"], number * 10 + 3))
    return found


def _outcomes(rows, language: str) -> list[CaseOutcome]:
    texts = ("measure", "time_frame", "result", "unit")
    return [
        CaseOutcome(
            sort_order=order, value=Decimal(row["value"]), **{name: row[f"{name}_{language}"] for name in texts}
        )
        for order, row in enumerate(rows)
    ]


def _milestones(start: datetime.date, language: str) -> list[CaseMilestone]:
    return [
        CaseMilestone(
            sort_order=order, date=start + datetime.timedelta(days=row["days"]), event=row[f"event_{language}"]
        )
        for order, row in enumerate(DATA["milestones"])
    ]


def started(variant: dict, serial: int) -> datetime.date:
    """When a case started: its variant's ``start_date`` and up to ``start_spread_days`` later by serial
    (every case of a variant started the same day, a year's cases on two dates)."""
    return variant["start_date"] + datetime.timedelta(days=serial * 23 % variant.get("start_spread_days", 1))


def _publications(serial: int, language: str) -> list[CasePublication]:
    return [CasePublication(doi=f"10.5555/bci-demo.{serial:03d}", citation=DATA[f"citation_{language}"])]


def load(context: DemoContext) -> None:
    en = context.locale(EN)
    index = ensure_tree(context, context.home(), [INDEX], en)[INDEX.slug]
    index_zh, index_en = index[ZH], index[EN]
    introduce_list(context, INTRODUCTION, {ZH: index_zh, EN: index_en}, "case library introduction")
    _selection, created = TypicalCaseSelection.objects.get_or_create(
        slug=DATA["selection"]["slug"], defaults=DATA["selection"]
    )
    context.record("case selection", created)
    staff = context.user("staff")
    for slug, archetype, variant, serial in cases():
        zh_page = CasePage.objects.child_of(index_zh).filter(slug=slug).first()
        context.record("case", zh_page is None)
        if zh_page is None:
            zh_page = _case(context, slug, archetype, variant, serial, staff=staff)
            index_zh.add_child(instance=zh_page)
            publish(zh_page)
        ensure_translation(context, zh_page, en, _english(archetype, variant, serial))
    _demo_submission(context)
    assert index_en.pk  # the English index exists for the English cases


def _case(context, slug: str, archetype: dict, variant: dict, serial: int, *, staff) -> CasePage:
    """The Chinese page of a case (the source of its translation), with its inlines and relations."""
    summary, status = archetype["summary_zh"], variant["case_status"]
    page = CasePage(
        slug=slug,
        title=archetype["title_zh"] + variant["title_suffix_zh"],
        summary=f"{summary}{DATA['demo_zh']}",
        narrative=f"<p>{summary}</p><p><i>{DATA['demo_zh']}</i></p>",
        **{name: archetype[name] for name in ("bci_type", "approach", "functions", "indications", "phase")},
        enrolment=variant["enrolment"] + serial // 10 % variant.get("enrolment_spread", 1),
        enrolment_type="actual" if status != "recruiting" else "anticipated",
        start_date=started(variant, serial),
        case_status=status,
        follow_up_months=variant["follow_up_months"],
        adverse_events=archetype["adverse_events_zh"],
        team=DATA["team_zh"],
        consent_confirmed=True,
        consent_confirmed_by=staff,
        consent_confirmed_at=DATA["attested_at"],
        show_in_menus=False,
    )
    page.outcomes = _outcomes(archetype["outcomes"], "zh")
    page.milestones = _milestones(started(variant, serial), "zh")
    page.trial_registrations = [CaseTrialRegistration(registration_id=variant["trial_id"].format(100 + serial))]
    page.publications = _publications(serial, "zh")
    page.institutions = [context.organisation(slug) for slug in variant["institutions"]]
    page.products = list(Product.objects.filter(model_number__in=archetype["products"]))
    return page


def _english(archetype: dict, variant: dict, serial: int) -> dict:
    """The English translation's own fields."""
    summary = archetype["summary_en"]
    return {
        "title": archetype["title_en"] + variant["title_suffix_en"],
        "summary": f"{summary} {DATA['demo_en']}",
        "narrative": f"<p>{summary}</p><p><i>{DATA['demo_en']}</i></p>",
        "adverse_events": archetype["adverse_events_en"],
        "team": DATA["team_en"],
        "outcomes": _outcomes(archetype["outcomes"], "en"),
        "milestones": _milestones(started(variant, serial), "en"),
        "publications": _publications(serial, "en"),
    }


def _demo_submission(context: DemoContext) -> None:
    """One case from the demo hospital member, waiting for staff review."""
    row = dict(DATA["submission"])
    if CaseSubmission.objects.filter(title=row["title"]).exists():
        context.record("case submission", False)
        return
    outcomes = row.pop("outcomes")
    member = context.user(row.pop("created_by"))
    organisation = context.organisation(row.pop("organisation"))
    submission = CaseSubmission.objects.create(
        **row,
        organisation=organisation,
        created_by=member,
        status=SubmissionStatus.SUBMITTED,
        consent_confirmed=True,
        attested_by=member,
        attested_at=DATA["attested_at"],
        submitted_at=DATA["attested_at"],
    )
    for outcome in outcomes:
        CaseSubmissionOutcome.objects.create(submission=submission, **outcome | {"value": Decimal(outcome["value"])})
    context.record("case submission", True)


LOADERS = [
    Loader("cases", load, after=("catalog.products",)),
    Loader("cases.selection_panel", selection_panel.load, after=("cases",)),
]
