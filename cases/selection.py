"""The typical-case selection of a year, scored by an expert panel (the judging engine, ``portal.judging``).

Staff open the selection's panel (``open_selection_panel``: a ``Panel`` owned by the
``TypicalCaseSelection``, its rubric, judges and scoring window), nominate published cases
(``nominate``: each becomes an ``Item``; the engine assigns judges without conflicts, a case's
institutions being its parties, ``cases.judging``), the judges score on the engine's dashboard,
and staff confirm the top N of the ranking (``confirm_selection``): the selection then holds
exactly the confirmed cases, on the Chinese page and on its translations. A nominated case taken
offline (unpublished, expired) leaves its panels (``leave_judging``, from ``cases.signals``): its
judges no longer see it, the ranking leaves it out and it cannot be confirmed; published again,
it is back before its judges with their work as it was (``back_to_judging``).

A case's selections are a field of the page, kept in its revisions, so the change is published
the way the cases app publishes: a new revision of the live page, published (Wagtail's log, the
``page_published`` signal that invalidates the case library's cache tag, the search index); a
draft waiting on top of it gets the same change, so publishing the draft later keeps it.

Keyword-only, one transaction each, staff only (``cases.permissions.can_review_cases``), refusals
as ``SelectionError`` with a translated message; every step is in the selection's history
(``portal.review.audit``) with the state before and after.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import permissions, queries
from cases.models import CACHE_TAG, CasePage, TypicalCaseSelection
from portal import public_cache
from portal.i18n import join_words
from portal.judging import queries as judging_queries
from portal.judging import services as judging
from portal.judging.models import Panel
from portal.judging.vocabulary import RankMethod
from portal.permissions import require
from portal.review import audit
from portal.review.errors import ServiceError

PANEL_OPENED = audit.action(
    "cases.selection.panel_opened", gettext_lazy("Open the selection's panel"), gettext_lazy("Expert panel opened")
)
NOMINATED = audit.action(
    "cases.selection.nominated", gettext_lazy("Nominate cases"), gettext_lazy("Cases nominated to the panel")
)
CONFIRMED = audit.action(
    "cases.selection.confirmed",
    gettext_lazy("Confirm the selection"),
    gettext_lazy("Selection confirmed from the ranking"),
)


class SelectionError(ServiceError):
    """A rule of the selection refused the action; ``str(exc)`` is a translated message."""


def _require_panel(selection: TypicalCaseSelection) -> Panel:
    panel = queries.selection_panel(selection)
    if panel is None:
        raise SelectionError(_("Open the selection's expert panel first."))
    return panel


@transaction.atomic
def open_selection_panel(
    *, actor, selection: TypicalCaseSelection, rubric, judges, judges_per_item: int, opens_at, closes_at
) -> Panel:
    """The selection's expert panel: ``rubric``, ``judges`` (users), ``judges_per_item``, the scoring window."""
    require(permissions.can_review_cases(actor))
    selection = TypicalCaseSelection.objects.select_for_update().get(pk=selection.pk)
    if queries.selection_panel(selection) is not None:
        raise SelectionError(_("This selection already has its expert panel."))
    panel = judging.open_panel(
        actor=actor,
        owner=selection,
        title_zh=f"{selection.name_zh} 专家评审",
        title_en=f"{selection.name_en or selection.name_zh} expert panel",
        rubric=rubric,
        judges=judges,
        judges_per_item=judges_per_item,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    after = {"panel": panel.pk, "rubric": rubric.pk, "judges": sorted(user.pk for user in judges)}
    audit.record(actor=actor, target=selection, action=PANEL_OPENED, before={"panel": None}, after=after)
    return panel


def _chinese_pages(cases) -> list[CasePage]:
    """The Chinese (source) page of each case, each once, in the order given."""
    cases = list(cases)
    sources = {
        page.translation_key: page
        for page in CasePage.objects.filter(
            translation_key__in={case.translation_key for case in cases}, locale__language_code=settings.LANGUAGE_CODE
        )
    }
    found = {}
    for case in cases:
        page = sources.get(case.translation_key, case)
        found.setdefault(page.pk, page)
    return list(found.values())


@transaction.atomic
def nominate(*, actor, selection: TypicalCaseSelection, cases):
    """Put published ``cases`` before the selection's panel (each once; a translation stands for its
    Chinese page) and assign them judges (the engine's balanced, conflict-free assignment).

    Returns the engine's ``AssignmentReport`` (loads, and any case left without enough judges, and why).
    """
    require(permissions.can_review_cases(actor))
    panel = _require_panel(selection)
    pages = _chinese_pages(cases)
    unpublished = [page.title for page in pages if not page.live or page.expired]
    if unpublished:
        raise SelectionError(
            _("Only published cases can be nominated; these are not: %(cases)s.") % {"cases": join_words(unpublished)},
            field="cases",
        )
    before = queries.nominated_case_ids(panel)
    tags = {page.pk: [*page.indications, page.bci_type] for page in pages}
    judging.add_items(actor=actor, panel=panel, subjects=pages, tags=tags)
    after = queries.nominated_case_ids(panel)
    audit.record(actor=actor, target=selection, action=NOMINATED, before={"cases": before}, after={"cases": after})
    return judging.assign_automatically(panel, actor=actor)


def leave_judging(page: CasePage) -> None:
    """A case page taken offline leaves every panel it is before (the cases app's rule: only published
    cases are judged); Wagtail's acting user, if any, is in the panel's history."""
    judging.withdraw_subject(actor=None, subject=page, by_its_app=True)


def back_to_judging(page: CasePage) -> None:
    """A case page published again is back before the judges it left when taken offline."""
    judging.restore_subject(actor=None, subject=page, by_its_app=True)


def _with_selection(page, selection: TypicalCaseSelection, chosen: bool) -> None:
    others = [s for s in page.selections.all() if s.pk != selection.pk]
    page.selections = [*others, selection] if chosen else others


def _republish(page: CasePage, selection: TypicalCaseSelection, chosen: bool, actor) -> None:
    """Add or remove ``selection`` on ``page``: published in a new revision when live, and on a waiting draft."""
    latest = page.get_latest_revision()
    draft = latest.as_object() if latest and (not page.live or page.has_unpublished_changes) else None
    if page.live:
        _with_selection(page, selection, chosen)
        revision = page.save_revision(user=actor, log_action=True, clean=False)
        revision.publish(user=actor, skip_permission_checks=True)
    if draft is not None:
        _with_selection(draft, selection, chosen)
        draft.save_revision(user=actor, log_action=True, clean=False)


@transaction.atomic
def confirm_selection(
    *, actor, selection: TypicalCaseSelection, case_ids, method: str = RankMethod.RAW
) -> list[CasePage]:
    """The selection becomes exactly the confirmed cases (nominated ones, by their Chinese page's id).

    Cases gaining or losing the selection are published again, in every language; the case
    library's pages are invalidated. The log entry keeps the ranks the confirmed cases had.
    """
    require(permissions.can_review_cases(actor))
    selection = TypicalCaseSelection.objects.select_for_update().get(pk=selection.pk)
    panel = _require_panel(selection)
    chosen = {int(pk) for pk in case_ids}
    if not chosen:
        raise SelectionError(_("Confirm at least one case."), field="cases")
    if chosen - set(queries.judged_case_ids(panel)):
        raise SelectionError(_("Only cases nominated to the panel can be confirmed."), field="cases")
    keys = set(CasePage.objects.filter(pk__in=chosen).values_list("translation_key", flat=True))
    before = sorted(queries.selected_case_ids(selection))
    gaining = CasePage.objects.filter(translation_key__in=keys).exclude(selections=selection)
    losing = CasePage.objects.filter(selections=selection).exclude(translation_key__in=keys)
    for page, chosen_now in [*((p, True) for p in gaining), *((p, False) for p in losing)]:
        _republish(page, selection, chosen_now, actor)
    public_cache.invalidate_on_commit(CACHE_TAG)
    ranks = {
        row.item.subject_id: row.rank
        for row in judging_queries.results(panel, method=method)
        if row.item.subject_id in chosen
    }
    after = sorted(chosen)
    audit.record(
        actor=actor,
        target=selection,
        action=CONFIRMED,
        before={"cases": before},
        after={"cases": after},
        method=method,
        ranks={str(pk): rank for pk, rank in sorted(ranks.items())},
    )
    return list(CasePage.objects.filter(pk__in=chosen))
