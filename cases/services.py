"""Writes with business rules for case submissions.

Keyword-only, one transaction each, the row locked (``select_for_update``), permission
checks inside (``PermissionDenied``); a refused rule raises ``SubmissionError`` with a
translated message for the user.

The state machine::

    draft ──submit──▶ submitted ──request_changes──▶ changes requested ──submit──▶ resubmitted
                          │  ▲                                                      │
                          │  └──────────────────────── (same decisions) ◀──────────┘
                          ├──reject──▶ rejected
                          └──accept──▶ accepted (CasePage drafts: zh-hans and its English translation)
                                          └──publish──▶ (both pages published together)

    Until staff decide, the member may ``take_back`` a case sent by mistake: submitted ──▶ draft,
    resubmitted ──▶ changes requested.

Lost updates: every save carries the ``version`` its form was rendered with and the ``basis``
of the step (``step_basis``: a digest of the values the step edits, as the form showed them).
A save from an older version is refused (``SubmissionConflict``) only when what it writes
changed since: a newer save of *another* step (a second tab on the clinical details while
the first saves the outcomes) is no conflict, as the two write disjoint fields. A form without
a basis (a page from before it existed) is refused on any newer version. The member's input
stays in the re-rendered form, now based on the newer version and basis: saving it again
replaces that one (a submit is refused on any newer version until the page is opened again:
the member checks what they send).
A double submit finds the submission already submitted and gets a message, not a 500.
Every step e-mails the organisation's members (``cases.tasks``, after the commit). Staff's
decisions are declared in ``REVIEW`` (the review kit, ``portal.review``): the states each is
taken from, the comment it needs, the e-mail and the log entry with the status before and after.
"""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import permissions, tasks
from cases.errors import SubmissionConflict, SubmissionError
from cases.models import (
    EDITABLE_FIELDS,
    STEP_FIELDS,
    CasePage,
    CaseSubmission,
    CaseSubmissionAttachment,
    CaseSubmissionOutcome,
)
from cases.publication import awaits_publication, case_pages, create_case_page, publish_case_pages
from cases.vocabulary import AWAITING_STAFF, EDITABLE_STATUSES, SubmissionStatus
from portal import idempotency, outbox
from portal.db import save_next_version
from portal.i18n import join_words
from portal.permissions import require
from portal.review import audit
from portal.review.audit import LogAction
from portal.review.decisions import Decision, Notice, Review
from portal.review.notify import members_to_tell

#: Set by the services and staff, never validated from a member's input.
MEMBER_READONLY_FIELDS = ["organisation", "created_by", "attested_by", "reviewed_by", "case_page"]
#: Fields a submission needs before it can be submitted.
REQUIRED_FOR_SUBMIT = ("title", "summary", "bci_type", "approach", "indications", "phase", "start_date", "case_status")


def _locked(submission: CaseSubmission) -> CaseSubmission:
    return CaseSubmission.objects.select_for_update().select_related("organisation").get(pk=submission.pk)


def _notify(submission: CaseSubmission, event: str, **payload) -> None:
    outbox.schedule(tasks.send_submission_email, {"submission_id": submission.pk, "event": event, **payload})


@transaction.atomic
def create_submission(*, actor, organisation, fields: dict | None = None, creation_token=None) -> CaseSubmission:
    """A new draft for ``organisation`` (a hospital, enterprise or institute the actor belongs to).

    ``fields`` are the first step's input, saved with the draft in the same transaction.
    ``creation_token`` is the "new case" form's one-time token (``portal.idempotency``): when
    it already created a draft (the form sent twice, or two copies racing each other), that
    draft is returned unchanged and nothing new is made.
    """
    require(permissions.can_write_cases_for(actor, organisation))
    siblings = CaseSubmission.objects.filter(organisation=organisation)
    existing = idempotency.created_with(siblings, creation_token)
    if existing is not None:
        return existing
    fields = fields or {}
    _check_editable(fields)
    submission = CaseSubmission(organisation=organisation, created_by=actor, creation_token=creation_token, **fields)
    submission.full_clean(exclude=MEMBER_READONLY_FIELDS)
    return idempotency.save_once(submission, among=siblings)[0]


def _check_editable(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable by members: {sorted(unknown)}")


@transaction.atomic
def save_draft(
    *,
    actor,
    submission: CaseSubmission,
    version: int,
    fields: dict | None = None,
    outcomes: list[dict] | None = None,
    institutions=None,
    products=None,
    attachments=(),
    basis: str | None = None,
) -> CaseSubmission:
    """Save one step of the form. Refused once submitted (until staff send it back), or when what it
    writes changed since its form was rendered at ``version`` with ``basis`` (``step_basis``)."""
    submission = _locked(submission)
    require(permissions.can_write_cases_for(actor, submission.organisation))
    if submission.status not in EDITABLE_STATUSES:
        raise SubmissionError(_("This case is with the alliance for review and cannot be edited now."))
    fields = fields or {}
    if version != submission.version:
        related = {"outcomes": outcomes, "institutions": institutions, "products": products}
        written = [*fields, *(name for name, value in related.items() if value is not None)]
        latest = _basis(submission, written)
        if basis != latest:
            raise SubmissionConflict(
                _(
                    "Someone saved this case after you opened this page. Your input is still below: "
                    "open the case again in another tab to compare, then save."
                ),
                latest_version=submission.version,
                latest_basis=latest,
            )
    _check_editable(fields)
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.full_clean(exclude=MEMBER_READONLY_FIELDS)
    save_next_version(submission, list(fields))
    if outcomes is not None:
        submission.outcomes.all().delete()
        CaseSubmissionOutcome.objects.bulk_create(
            CaseSubmissionOutcome(submission=submission, sort_order=i, **row) for i, row in enumerate(outcomes)
        )
    if institutions is not None:
        submission.institutions.set(institutions)
    if products is not None:
        submission.products.set(products)
    for file, name, content_type in attachments:
        CaseSubmissionAttachment.objects.create(
            submission=submission, file=file, name=name[:200], content_type=content_type, uploaded_by=actor
        )
    return submission


@transaction.atomic
def remove_attachment(*, actor, attachment: CaseSubmissionAttachment) -> None:
    """Take a file off a draft or a case sent back (one chosen by mistake, or one that identifies a
    patient): the row now, the stored file after the commit. Refused once submitted. Removing it twice
    at once (a double click, two colleagues) removes it once: the second finds it gone."""
    submission = _locked(attachment.submission)
    require(permissions.can_write_cases_for(actor, submission.organisation))
    if submission.status not in EDITABLE_STATUSES:
        raise SubmissionError(_("This case is with the alliance for review and cannot be edited now."))
    attachment = submission.attachments.filter(pk=attachment.pk).first()
    if attachment is None:
        return
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


#: What each step of the form writes besides its ``STEP_FIELDS``: outcome rows, linked organisations and products.
STEP_RELATED = {"outcomes": ("outcomes",), "links": ("institutions", "products")}


def step_basis(submission: CaseSubmission, step: str) -> str:
    """A digest of the values ``step`` edits, as they are now: its form carries it, so that a save from an
    older version is refused only when these changed (``save_draft``), not when another step was saved."""
    return _basis(submission, [*STEP_FIELDS[step], *STEP_RELATED.get(step, ())])


def _basis(submission: CaseSubmission, names) -> str:
    values = {}
    for name in names:
        if name == "outcomes":
            rows = submission.outcomes.order_by("sort_order", "pk").values(*OUTCOME_COLUMNS)
            values[name] = [[row[column] for column in OUTCOME_COLUMNS] for row in rows]
        elif name in ("institutions", "products"):
            values[name] = sorted(getattr(submission, name).values_list("pk", flat=True))
        else:
            values[name] = getattr(submission, name)
    document = json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(document.encode(), digest_size=16).hexdigest()


#: An outcome row's columns a member writes (the step's input).
OUTCOME_COLUMNS = [
    field.name
    for field in CaseSubmissionOutcome._meta.concrete_fields
    if field.name not in ("id", "submission", "sort_order")
]


def missing_for_submit(submission: CaseSubmission) -> list[str]:
    """Labels of what must still be filled in before ``submission`` can be submitted."""
    return [label for label, _step in missing_by_step(submission)]


def missing_by_step(submission: CaseSubmission) -> list[tuple[str, str]]:
    """``missing_for_submit``'s labels, each with the form's step where it is filled in (``STEP_FIELDS``)."""
    step_of = {name: step for step, names in STEP_FIELDS.items() for name in names}
    missing = [
        (str(CaseSubmission._meta.get_field(name).verbose_name), step_of[name])
        for name in REQUIRED_FOR_SUBMIT
        if getattr(submission, name) in (None, "", [])
    ]
    if not submission.outcomes.exists():
        missing.append((_("at least one outcome measure"), "outcomes"))
    return missing


#: The members' own steps in the submission's history (staff's decisions: ``REVIEW``).
audit.register(
    LogAction("cases.submission.submitted", gettext_lazy("Submit case"), gettext_lazy("Submitted for review")),
    LogAction(
        "cases.submission.resubmitted", gettext_lazy("Resubmit case"), gettext_lazy("Submitted again after changes")
    ),
    LogAction(
        "cases.submission.taken_back",
        gettext_lazy("Take case back"),
        gettext_lazy("Taken back to edit before the alliance decided"),
    ),
)


@transaction.atomic
def submit(*, actor, submission: CaseSubmission, version: int, consent_confirmed: bool) -> CaseSubmission:
    """Send the case to the alliance (again, after changes were requested), with the consent attestation."""
    submission = _locked(submission)
    require(permissions.can_write_cases_for(actor, submission.organisation))
    if submission.status in AWAITING_STAFF:
        raise SubmissionError(_("This case is already submitted; the alliance will review it."))
    if submission.status not in EDITABLE_STATUSES:
        raise SubmissionError(_("This case has been decided and cannot be submitted again."))
    if version != submission.version:
        raise SubmissionConflict(_("Someone saved this case after you opened this page: check it, then submit."))
    if not consent_confirmed:
        raise SubmissionError(
            _("Confirm the patients' consent and the de-identification of the case."), field="consent_confirmed"
        )
    missing = missing_for_submit(submission)
    if missing:
        raise SubmissionError(
            _("Complete the case before submitting it. Missing: %(missing)s.") % {"missing": join_words(missing)}
        )
    before = submission.status
    event = "resubmitted" if before == SubmissionStatus.CHANGES_REQUESTED else "submitted"
    submission.status = SubmissionStatus.RESUBMITTED if event == "resubmitted" else SubmissionStatus.SUBMITTED
    submission.consent_confirmed = True
    submission.attested_by = actor
    submission.attested_at = timezone.now()
    submission.submitted_at = submission.attested_at
    save_next_version(submission, ["status", "consent_confirmed", "attested_by", "attested_at", "submitted_at"])
    audit.record(
        actor=actor,
        target=submission,
        action=f"cases.submission.{event}",
        before={"status": before},
        after={"status": submission.status},
    )
    _notify(submission, event)
    return submission


@transaction.atomic
def take_back(*, actor, submission: CaseSubmission) -> CaseSubmission:
    """Take a submission sent by mistake back to edit, while it awaits the alliance: a first submission
    becomes a draft again, a resubmission goes back to "changes requested". Once staff decided, refused.
    The organisation's members, told when it was submitted, are told it was taken back."""
    submission = _locked(submission)
    require(permissions.can_write_cases_for(actor, submission.organisation))
    if submission.status in EDITABLE_STATUSES:
        raise SubmissionError(_("This case is not submitted: you can edit it already."))
    if submission.status not in AWAITING_STAFF:
        raise SubmissionError(_("The alliance has already decided on this case: it can no longer be taken back."))
    before = submission.status
    resubmission = before == SubmissionStatus.RESUBMITTED
    submission.status = SubmissionStatus.CHANGES_REQUESTED if resubmission else SubmissionStatus.DRAFT
    # The consent was attested for what was sent: the next submit asks for it again (the box unticked).
    submission.consent_confirmed = False
    save_next_version(submission, ["status", "consent_confirmed"])
    audit.record(
        actor=actor,
        target=submission,
        action="cases.submission.taken_back",
        before={"status": before},
        after={"status": submission.status},
    )
    _notify(submission, "taken_back", actor_id=actor.pk)  # those told it was submitted: it no longer is, and who
    return submission


def _not_awaiting_review(submission: CaseSubmission, decision) -> str:
    """Why a decision is refused on a case no longer awaiting review. Staff may have had its decision page
    open while the organisation took it back: a draft again, or a resubmission back to "changes
    requested" (sent after staff's last decision); that is said, not left to guess."""
    status, sent, decided = submission.status, submission.submitted_at, submission.reviewed_at
    resubmission_taken_back = status == SubmissionStatus.CHANGES_REQUESTED and sent and decided and sent > decided
    if status == SubmissionStatus.DRAFT or resubmission_taken_back:
        return _(
            "The organisation took this case back to edit it, so nothing was decided. It will be waiting for "
            "review again once they submit it."
        )
    return _("This case is not awaiting review.")


#: Staff's decisions on a submitted case (``portal.review``): each e-mails the organisation's
#: members and is logged with the status before and after.
REVIEW = Review(
    CaseSubmission,
    may_decide=permissions.can_review_cases,
    lock=_locked,
    save=save_next_version,
    error=SubmissionError,
    refusal=_not_awaiting_review,
    notice=Notice(
        "cases.submission_email",
        lambda submission, event: {"submission_id": submission.pk, "event": event},
        recipients=lambda submission: members_to_tell(submission.organisation),
    ),
    decisions=[
        Decision(
            "request_changes",
            gettext_lazy("Request changes"),
            to=SubmissionStatus.CHANGES_REQUESTED,
            from_states=AWAITING_STAFF,
            note_required=True,
            note_field="comment",
            missing_note=gettext_lazy("Say what should change: the organisation's members will read it."),
            email="changes_requested",
            done=gettext_lazy(
                "%(name)s is sent back with your comment; the organisation's members are being notified."
            ),
            log=LogAction(
                "cases.submission.changes_requested",
                gettext_lazy("Request changes"),
                gettext_lazy("Sent back with a comment"),
            ),
        ),
        Decision(
            "reject",
            gettext_lazy("Reject"),
            to=SubmissionStatus.REJECTED,
            from_states=AWAITING_STAFF,
            note_required=True,
            note_field="comment",
            missing_note=gettext_lazy("Give the reason: the organisation's members will read it."),
            email="rejected",
            done=gettext_lazy("%(name)s is rejected with your reason; the organisation's members are being notified."),
            log=LogAction(
                "cases.submission.rejected", gettext_lazy("Reject case"), gettext_lazy("Rejected with a reason")
            ),
        ),
        Decision(
            "accept",
            gettext_lazy("Accept and create the case pages"),
            to=SubmissionStatus.ACCEPTED,
            from_states=AWAITING_STAFF,
            fields=("case_page",),
            service=create_case_page,
            email="accepted",
            log=LogAction(
                "cases.submission.accepted",
                gettext_lazy("Accept case"),
                gettext_lazy("Accepted; the case page drafts were created in Chinese and English"),
            ),
        ),
        Decision(
            "publish",
            gettext_lazy("Publish in Chinese and English"),
            from_states=(SubmissionStatus.ACCEPTED,),
            when=awaits_publication,
            service=publish_case_pages,
            refusal=gettext_lazy("This case has no page waiting to be published."),
            help=gettext_lazy(
                "The latest drafts of the case's Chinese and English pages are published together. "
                "Check both pages first."
            ),
            done=gettext_lazy("Published in Chinese and English: %(name)s."),
            icon="upload",
            log=LogAction(
                "cases.submission.published",
                gettext_lazy("Publish case"),
                gettext_lazy("The case pages were published in Chinese and English"),
            ),
        ),
    ],
)


def request_changes(*, staff, submission: CaseSubmission, comment: str) -> CaseSubmission:
    """Send the case back to its organisation with what to change (staff)."""
    return REVIEW.take("request_changes", submission, by=staff, note=comment)


def reject(*, staff, submission: CaseSubmission, reason: str) -> CaseSubmission:
    """Decline the case for publication, with the reason (staff). Final."""
    return REVIEW.take("reject", submission, by=staff, note=reason)


def accept(*, staff, submission: CaseSubmission) -> CasePage:
    """Accept the case (staff): it becomes a ``CasePage`` draft in zh-hans under the case index and its
    English translation, a draft too (``case_pages``). Staff complete the English page where the
    submission had no English text, then ``publish`` both.
    Refused while the organisation is not verified or there is no case index in both languages.
    """
    return REVIEW.take("accept", submission, by=staff).case_page


def publish(*, staff, submission: CaseSubmission) -> list[CasePage]:
    """Publish an accepted case's pages in both languages at once (staff who may publish pages)."""
    submission = REVIEW.take("publish", submission, by=staff)
    return case_pages(submission)


def notify_published(page: CasePage) -> None:
    """The first publication of an accepted case's Chinese page: tell the organisation."""
    submission = CaseSubmission.objects.filter(case_page=page).first()
    if submission is not None and page.first_published_at == page.last_published_at:
        _notify(submission, "published")
