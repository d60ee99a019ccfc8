"""Read paths of the case submissions, the API and the admin; the index's listing is ``cases.listing``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Window

from cases.models import CaseIndexPage, CasePage, CaseSubmission, TypicalCaseSelection
from cases.permissions import can_review_cases
from cases.vocabulary import AWAITING_STAFF, SubmissionStatus
from portal.dashboard import waiting_on
from portal.judging.models import Item, Panel


def _published_in(locale_code: str):
    """Published cases in ``locale_code``'s tree, the latest start first."""
    return (
        CasePage.published().filter(locale__language_code=locale_code).select_related("locale").order_by("-start_date")
    )


def cases_for_product(product, *, locale_code: str):
    """Published cases in ``locale_code``'s tree that name ``product``."""
    return _published_in(locale_code).filter(products=product)


def cases_for_institution(organisation, *, locale_code: str, limit: int):
    """The first ``limit`` published cases in ``locale_code``'s tree that name ``organisation`` among their
    institutions, each with ``total``, how many do: one query (the count is a window over the same rows)."""
    rows = _published_in(locale_code).filter(institutions=organisation).annotate(total=Window(Count("pk")))
    return list(rows[:limit])


def case_index(locale_code: str) -> CaseIndexPage | None:
    return CaseIndexPage.objects.live().filter(locale__language_code=locale_code).order_by("path").first()


def case_index_translation(index: CaseIndexPage, locale_code: str) -> CaseIndexPage | None:
    """``index``'s live translation into ``locale_code`` (where accepted cases get their translation)."""
    return index.get_translations().live().filter(locale__language_code=locale_code).specific().first()


def selections():
    return TypicalCaseSelection.objects.all()


# --- a selection's expert panel (cases.selection) ----------------------------------------------


def selection_panel(selection: TypicalCaseSelection) -> Panel | None:
    """The panel that scores cases for ``selection`` (the judging engine's panel it owns), if opened."""
    owner_type = ContentType.objects.get_for_model(TypicalCaseSelection)
    return Panel.objects.filter(owner_type=owner_type, owner_id=selection.pk).select_related("rubric").first()


def nominated_case_ids(panel: Panel) -> list[int]:
    """The Chinese case pages before ``panel``, by id."""
    case_type = ContentType.objects.get_for_model(CasePage)
    return sorted(Item.objects.filter(panel=panel, subject_type=case_type).values_list("subject_id", flat=True))


def judged_case_ids(panel: Panel) -> list[int]:
    """The Chinese case pages still before ``panel`` (nominated, not taken offline since), by id."""
    case_type = ContentType.objects.get_for_model(CasePage)
    items = Item.objects.filter(panel=panel, subject_type=case_type, withdrawn_at__isnull=True)
    return sorted(items.values_list("subject_id", flat=True))


def nominable_cases(panel: Panel):
    """Published Chinese cases not yet before ``panel`` (what staff may nominate), newest first."""
    return (
        CasePage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .exclude(pk__in=nominated_case_ids(panel))
        .order_by("-first_published_at", "pk")
    )


def selected_case_ids(selection: TypicalCaseSelection) -> list[int]:
    """The Chinese cases in ``selection`` now, by id."""
    return list(
        selection.cases.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("pk").values_list("pk", flat=True)
    )


# --- submissions -------------------------------------------------------------------------


def submissions_for(user):
    """Submissions of the user's organisations: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return CaseSubmission.objects.none()
    return CaseSubmission.objects.filter(organisation__memberships__user=user).select_related("organisation")


def changes_requested_by_organisation(organisation_ids) -> dict[int, int]:
    """The submissions of each of ``organisation_ids`` returned for changes (a dashboard ``awaiting``)."""
    returned = CaseSubmission.objects.filter(
        organisation_id__in=organisation_ids, status=SubmissionStatus.CHANGES_REQUESTED
    )
    return waiting_on(returned, "organisation_id")


def submissions_visible_to(user):
    """What a submission's read-only pages may show: the organisation's members and alliance staff."""
    if can_review_cases(user):
        return CaseSubmission.objects.select_related("organisation")
    return submissions_for(user)


def submissions_awaiting_review():
    return (
        CaseSubmission.objects.filter(status__in=AWAITING_STAFF).select_related("organisation").order_by("submitted_at")
    )
