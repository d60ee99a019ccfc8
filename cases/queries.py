"""Read paths of the case submissions, the API and the admin; the index's listing is ``cases.listing``."""

from __future__ import annotations

from cases.models import CaseIndexPage, CasePage, CaseSubmission, TypicalCaseSelection
from cases.permissions import can_review_cases
from cases.vocabulary import AWAITING_STAFF


def cases_for_product(product, *, locale_code: str):
    """Live cases in ``locale_code``'s tree that name ``product``."""
    return (
        CasePage.objects.live()
        .filter(products=product, locale__language_code=locale_code)
        .select_related("locale")
        .order_by("-start_date")
    )


def case_index(locale_code: str) -> CaseIndexPage | None:
    return CaseIndexPage.objects.live().filter(locale__language_code=locale_code).order_by("path").first()


def selections():
    return TypicalCaseSelection.objects.all()


# --- submissions -------------------------------------------------------------------------


def submissions_for(user):
    """Submissions of the user's organisations: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return CaseSubmission.objects.none()
    return CaseSubmission.objects.filter(organisation__memberships__user=user).select_related("organisation")


def submissions_visible_to(user):
    """What a submission's read-only pages may show: the organisation's members and alliance staff."""
    if can_review_cases(user):
        return CaseSubmission.objects.select_related("organisation")
    return submissions_for(user)


def submissions_awaiting_review():
    return (
        CaseSubmission.objects.filter(status__in=AWAITING_STAFF).select_related("organisation").order_by("submitted_at")
    )
