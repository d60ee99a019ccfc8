"""An accepted case submission's pages: made as drafts in both languages, published together.

``create_case_page`` (the review's ``accept``) makes the ``CasePage`` in zh-hans under the case
index and its English translation (Wagtail's ``copy_for_translation``) from the submission;
``publish_case_pages`` (``publish``) publishes both at once through Wagtail's publishing, or
neither. The decisions themselves are ``cases.services.REVIEW``.
"""

from __future__ import annotations

from html import escape

from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from cases import queries
from cases.errors import SubmissionError
from cases.models import (
    BILINGUAL_FIELDS,
    CaseOutcome,
    CasePage,
    CasePublication,
    CaseSubmission,
    CaseTrialRegistration,
)
from cases.validators import split_lines
from portal.permissions import can_publish_for


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(part.strip())}</p>" for part in (text or "").split("\n\n") if part.strip())


def _free_slug(parents, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first slug none of ``parents``' children has."""
    taken = set(
        Page.objects.filter(slug__startswith=base)
        .filter(Q(*[Q(path__startswith=parent.path, depth=parent.depth + 1) for parent in parents], _connector=Q.OR))
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _readable_slug(submission: CaseSubmission) -> str:
    """From the English title (``slugify`` keeps ASCII only), else ``case-<n>``."""
    return slugify(submission.title_en)[:80].strip("-") or f"case-{submission.pk}"


def _require_verified(submission: CaseSubmission) -> None:
    """Nothing an organisation publishes is public unless staff have it verified (when the case is
    accepted, and again when it is published: it may have been suspended between)."""
    if not can_publish_for(submission.organisation):
        raise SubmissionError(
            _("%(organisation)s is not verified by the alliance; its cases cannot be published yet.")
            % {"organisation": submission.organisation}
        )


def create_case_page(submission: CaseSubmission, *, by, note: str) -> None:
    """The accepted case becomes two drafts: its ``CasePage`` in zh-hans under the case index and the
    page's English translation (Wagtail's ``copy_for_translation``: same translation key and slug) with
    the submission's English texts, the Chinese where it has none (``accept``)."""
    _require_verified(submission)
    index = queries.case_index(settings.LANGUAGE_CODE)
    if index is None:
        raise SubmissionError(_("There is no case index page in Chinese yet: create it in the admin first."))
    index_en = queries.case_index_translation(index, "en")
    if index_en is None:
        raise SubmissionError(_("The case index page has no English translation yet: translate it in the admin first."))
    page = CasePage(
        title=submission.title,
        slug=_free_slug([index, index_en], _readable_slug(submission)),
        summary=submission.summary,
        narrative=_paragraphs(submission.narrative),
        bci_type=submission.bci_type,
        approach=submission.approach,
        functions=submission.functions,
        indications=submission.indications,
        team=submission.team,
        phase=submission.phase,
        enrolment=submission.enrolment,
        enrolment_type=submission.enrolment_type,
        start_date=submission.start_date,
        case_status=submission.case_status,
        follow_up_months=submission.follow_up_months,
        adverse_events=submission.adverse_events,
        video_url=submission.video_url,
        consent_confirmed=True,
        consent_confirmed_by=submission.attested_by,
        consent_confirmed_at=submission.attested_at,
        live=False,
    )
    page.outcomes = [CaseOutcome(sort_order=i, **row.values()) for i, row in enumerate(submission.outcomes.all())]
    page.trial_registrations = [CaseTrialRegistration(registration_id=t) for t in split_lines(submission.trial_ids)]
    page.publications = [CasePublication(doi=doi) for doi in split_lines(submission.dois)]
    page.institutions = submission.all_institutions()
    page.products = list(submission.products.all())
    Page.objects.get(pk=index.pk).add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    english = page.copy_for_translation(index_en.locale)
    for name in BILINGUAL_FIELDS:
        text = getattr(submission, f"{name}_en")
        if text:
            setattr(english, name, _paragraphs(text) if name == "narrative" else text)
    english.outcomes = [
        CaseOutcome(sort_order=i, **row.values("en")) for i, row in enumerate(submission.outcomes.all())
    ]
    english.save()
    english.save_revision(user=by, log_action=True)
    submission.case_page = page


def case_pages(submission: CaseSubmission) -> list[CasePage]:
    """The accepted case's pages: the Chinese one first, then its translations (drafts included)."""
    if submission.case_page_id is None:
        return []
    pages = CasePage.objects.filter(translation_key=submission.case_page.translation_key).select_related("locale")
    return sorted(pages, key=lambda page: page.pk != submission.case_page_id)


def awaits_publication(submission: CaseSubmission) -> bool:
    return bool(submission.case_page_id) and any(
        not page.live or page.has_unpublished_changes for page in case_pages(submission)
    )


def publish_case_pages(submission: CaseSubmission, *, by, note: str) -> None:
    """Publish the accepted case's latest drafts in every language at once (``publish``).

    Each page through Wagtail's publishing (its permission check, revision, log and signals);
    refused, with nothing published, when the staff member may not publish one of them or the
    English page still shows the Chinese title or summary (nobody translated it), or the
    organisation is no longer verified.
    """
    _require_verified(submission)
    pages = [page.get_latest_revision_as_object() for page in case_pages(submission)]
    source = pages[0]
    for page in pages:
        if not page.permissions_for_user(by).can_publish():
            raise SubmissionError(_("You may not publish the page %(page)s.") % {"page": page.title})
        if page is not source and (page.title == source.title or page.summary == source.summary):
            raise SubmissionError(
                _(
                    "The English page still has the Chinese title or summary: translate it in the page editor, "
                    "then publish."
                )
            )
    for page in case_pages(submission):
        if not page.live or page.has_unpublished_changes:
            revision = page.get_latest_revision() or page.save_revision(user=by)
            revision.publish(user=by)
