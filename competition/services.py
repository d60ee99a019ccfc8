"""Writes with business rules for entries: create, save, submit, withdraw; staff's screening and extensions.

Keyword-only, one transaction each, the entry row locked, the permission checked inside, a
refused rule raised as ``EntryError`` with a translated message.

::

    draft ──submit──▶ submitted ──(staff) eligible / ineligible──▶ … advanced / awarded (judging)
      │                  │
      └──withdraw──▶ withdrawn ◀──withdraw──┘

The deadline (``Entry.deadline``: the submission stage's close, or the entry's own extension)
is enforced here, to the second: after it an entry is read-only for its team, and the message
names the deadline in Asia/Shanghai. Every save carries the ``version`` the form was rendered
with; an older one is refused (``EntryConflict``) and the form keeps the input. A double submit
finds the entry submitted and does nothing (one e-mail). The team hears of each step in each
member's language (``competition.tasks``, after the commit).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competition import deadlines, emails, permissions, tasks
from competition.models import Entry, EntryAttachment, Team, TrackField
from competition.models.entries import EXTENSION
from competition.vocabulary import TEAM_EDITABLE, EntryStatus
from portal import idempotency, outbox, public_cache
from portal.db import save_next_version
from portal.i18n import join_words
from portal.judging import services as judging
from portal.review import audit
from portal.review.audit import LogAction
from portal.review.decisions import Decision, Notice, Review
from portal.review.errors import ServiceError, StaleVersion

#: What the team edits on the entry form (answers and attachments apart).
EDITABLE_FIELDS = ("title", "summary", "video_url")


class EntryError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message."""


class EntryConflict(EntryError, StaleVersion):
    """The entry changed since the form was rendered."""


class DeadlinePassed(EntryError):
    """The entry's deadline is behind us."""


audit.register(
    LogAction("competition.entry.submitted", gettext_lazy("Submit entry"), gettext_lazy("Entry submitted")),
    LogAction("competition.entry.withdrawn", gettext_lazy("Withdraw entry"), gettext_lazy("Entry withdrawn")),
    LogAction("competition.entry.extended", gettext_lazy("Extend deadline"), gettext_lazy("Deadline extended")),
)


def locked(entry: Entry) -> Entry:
    return (
        Entry.objects.select_for_update(of=("self",))
        .select_related("competition", "track", "team")
        .prefetch_related("competition__stages")
        .get(pk=entry.pk)
    )


def _move(actor, entry: Entry, status: str, *, stamp: str, action: str) -> str:
    """Put ``entry`` in ``status`` now (the time in its field ``stamp``), logged: the status it had."""
    before = entry.status
    entry.status = status
    setattr(entry, stamp, timezone.now())
    save_next_version(entry, ["status", stamp])
    audit.record(actor=actor, target=entry, action=action, before={"status": before}, after={"status": entry.status})
    return before


def _notify(entry: Entry, event: str) -> None:
    outbox.schedule(tasks.send_entry_email, {"entry_id": entry.pk, "event": event})


#: The team's mail about a decision on its entry (staff's screening, an extension), naming the
#: decision it announces (``Notice.schedule``): one taken again since supersedes it.
#: It reaches the team's active members with an address (``emails.team_members``): with none, the
#: screening's success message says nobody is told.
ENTRY_NOTICE = Notice(
    "competition.entry_email",
    lambda entry, event: {"entry_id": entry.pk, "event": event},
    recipients=lambda entry: emails.team_members(entry.team),
)


def check_deadline(deadline, now=None) -> None:
    """Refuse when ``deadline`` has passed, naming it in Asia/Shanghai."""
    if deadlines.has_passed(deadline, now):
        raise DeadlinePassed(
            _("The deadline for this entry was %(deadline)s; it can no longer be changed.")
            % {"deadline": deadlines.display(deadline)}
        )


def new_entries_closed(competition, now=None) -> str:
    """Why ``competition`` takes no new entry, naming its submission deadline in Asia/Shanghai; "" while it does.

    The team page shows it instead of its "New entry" button, the entry form instead of the form,
    and ``create_entry`` refuses with it.
    """
    deadline = competition.submission_deadline
    if not deadlines.has_passed(deadline, now):
        return ""
    return _("New entries closed at %(deadline)s.") % {"deadline": deadlines.display(deadline)}


def check_team_may_edit(actor, entry: Entry) -> None:
    """Raise the ``EntryError`` that stops ``actor`` changing ``entry`` now (its status, the deadline)."""
    permissions.require_team_member(actor, entry.team)
    if entry.status not in TEAM_EDITABLE:
        raise EntryError(
            _("This entry is %(status)s and cannot be changed.") % {"status": entry.get_status_display().lower()}
        )
    check_deadline(entry.deadline)


@transaction.atomic
def create_entry(*, actor, team: Team, track, title: str, creation_token=None) -> Entry:
    """A new draft entry of ``team`` to ``track`` (a track of the team's competition), before the deadline.

    ``creation_token`` (``portal.idempotency``): the same form sent twice makes one draft.
    """
    permissions.lock_team_as_member(actor, team)
    siblings = Entry.objects.filter(team=team)
    existing = idempotency.created_with(siblings, creation_token)
    if existing is not None:
        return existing
    if track.competition_id != team.competition_id:
        raise EntryError(_("Choose a track of this team's competition."), field="track")
    closed = new_entries_closed(team.competition)
    if closed:
        raise DeadlinePassed(closed)
    entry = Entry(
        competition_id=team.competition_id,
        track=track,
        team=team,
        title=title.strip(),
        created_by=actor,
        creation_token=creation_token,
    )
    return idempotency.save_once(entry, among=siblings)[0]


def _check_answers(entry: Entry, answers: dict) -> None:
    keys = set(entry.track.fields.values_list("key", flat=True))
    unknown = set(answers) - keys
    if unknown:
        raise ValueError(f"not questions of this track: {sorted(unknown)}")


def _would_change(entry: Entry, fields, answers, attachments) -> bool:
    if attachments:
        return True
    changed_fields = any(getattr(entry, name) != value for name, value in (fields or {}).items())
    return changed_fields or any(entry.answers.get(key, "") != value for key, value in (answers or {}).items())


@transaction.atomic
def save_entry(*, actor, entry: Entry, version: int, fields=None, answers=None, attachments=()) -> Entry:
    """Save the team's edit (the form, or the autosave). Refused after the deadline or when stale,
    and, once the entry is submitted, when it would leave out what submitting required.

    ``attachments``: ``(kind, field_key, file, name, content_type)`` of clean uploads
    (``portal.uploads``); a file question's answer is its attachment's id.
    """
    entry = locked(entry)
    check_team_may_edit(actor, entry)
    if version != entry.version and not _would_change(entry, fields, answers, attachments):
        return entry  # the same edit sent again (a double click): it overwrites nothing, so it is no conflict
    if version != entry.version:
        raise EntryConflict(
            _(
                "Someone in your team saved this entry after you opened this page. Your input is still below: "
                "open the entry in another tab to compare, then save again."
            ),
            latest_version=entry.version,
        )
    fields = dict(fields or {})
    if set(fields) - set(EDITABLE_FIELDS):
        raise ValueError(f"not editable by teams: {sorted(set(fields) - set(EDITABLE_FIELDS))}")
    for name, value in fields.items():
        setattr(entry, name, value)
    if answers is not None:
        _check_answers(entry, answers)
        entry.answers = {**entry.answers, **answers}
    for kind, field_key, file, name, content_type in attachments:
        attachment = EntryAttachment.objects.create(
            entry=entry,
            kind=kind,
            field_key=field_key,
            file=file,
            name=name[:200],
            content_type=content_type,
            uploaded_by=actor,
        )
        if field_key:
            entry.answers = {**entry.answers, field_key: attachment.pk}
    entry.full_clean(exclude=["competition", "track", "team", "created_by", "screened_by", "extended_by"])
    missing = missing_for_submit(entry) if entry.status == EntryStatus.SUBMITTED else []
    if missing:
        raise EntryError(
            _("A submitted entry must stay complete. Missing: %(missing)s.") % {"missing": join_words(missing)}
        )
    save_next_version(entry, [*fields, "answers"])
    return entry


def missing_for_submit(entry: Entry) -> list[str]:
    """Labels of what must still be filled in before ``entry`` can be submitted."""
    # Named as the entry form and page label it (概览 / Summary), not by the column's name (摘要).
    missing = [] if entry.summary.strip() else [_("Summary")]
    for question in TrackField.objects.filter(track_id=entry.track_id, required=True).order_by("sort_order"):
        if entry.answers.get(question.key) in (None, "", []):
            missing.append(question.label)
    return missing


@transaction.atomic
def submit_entry(*, actor, entry: Entry, version: int) -> Entry:
    """Submit the entry to the competition (a confirmation e-mail goes to the team). Sent twice: once."""
    entry = locked(entry)
    permissions.require_team_member(actor, entry.team)
    if entry.status == EntryStatus.SUBMITTED:
        return entry  # a double submit: already done, nothing more to do or send
    check_team_may_edit(actor, entry)
    if version != entry.version:
        raise EntryConflict(
            _("Someone in your team saved this entry after you opened this page: check it, then submit.")
        )
    missing = missing_for_submit(entry)
    if missing:
        raise EntryError(
            _("Complete the entry before submitting it. Missing: %(missing)s.") % {"missing": join_words(missing)}
        )
    _move(actor, entry, EntryStatus.SUBMITTED, stamp="submitted_at", action="competition.entry.submitted")
    _notify(entry, "submitted")
    return entry


@transaction.atomic
def withdraw_entry(*, actor, entry: Entry) -> Entry:
    """Withdraw the entry (before the deadline). Withdrawing twice is harmless."""
    entry = locked(entry)
    permissions.require_team_member(actor, entry.team)
    if entry.status == EntryStatus.WITHDRAWN:
        return entry
    check_team_may_edit(actor, entry)
    before = _move(actor, entry, EntryStatus.WITHDRAWN, stamp="withdrawn_at", action="competition.entry.withdrawn")
    if before == EntryStatus.SUBMITTED:
        _notify(entry, "withdrawn")
    return entry


@transaction.atomic
def extend_deadline(*, staff, entry: Entry, until, reason: str) -> Entry:
    """Give one entry a later deadline than its competition's (staff), with the reason; logged before/after.

    The team is e-mailed the new deadline; of two extensions granted while the first mail waited,
    only the latest is announced (the mail names its ``extended_at``).
    """
    permissions.require_can_manage_competitions(staff)
    entry = locked(entry)
    reason = (reason or "").strip()
    if not reason:
        raise EntryError(_("Give the reason for the extension: it is kept in the entry's history."), field="reason")
    regular = entry.competition.submission_deadline
    if regular is not None and until <= regular:
        raise EntryError(
            _("An extension ends after the competition's deadline, %(deadline)s.")
            % {"deadline": deadlines.display(regular)},
            field="until",
        )
    before = {"extended_until": entry.extended_until, "reason": entry.extension_reason}
    entry.extended_until, entry.extension_reason, entry.extended_by = until, reason, staff
    entry.extended_at = timezone.now()  # names this extension in its mail (``EXTENSION``)
    save_next_version(entry, ["extended_until", "extension_reason", "extended_by", "extended_at"])
    audit.record(
        actor=staff,
        target=entry,
        action="competition.entry.extended",
        before=before,
        after={"extended_until": entry.extended_until, "reason": reason},
        note=reason,
    )
    ENTRY_NOTICE.schedule(entry, "extended", state=EXTENSION)
    return entry


def invalidate_public_pages() -> None:
    """The call pages show the competition's records: a change to them clears the app's tag."""
    public_cache.invalidate_on_commit("competition")


# --- staff's eligibility screening (the review kit) ------------------------------------------


def _leave_judging(entry: Entry, *, by, note: str) -> None:
    """An entry found ineligible leaves the rounds it is before (its judges no longer see it)."""
    judging.withdraw_subject(actor=by, subject=entry, note=note)


def _back_to_judging(entry: Entry, *, by, note: str) -> None:
    """An entry found eligible again goes back before its judges, with their work as it was."""
    judging.restore_subject(actor=by, subject=entry, note=note)


#: Staff screen a submitted entry: eligible, or ineligible with the reason. The team is e-mailed
#: and the decision logged with the status before and after. A decision may be corrected while
#: the entry waits for judging (eligible ⇄ ineligible); an entry found ineligible after its
#: round opened is withdrawn from it (``portal.judging.withdrawal``), and restored if corrected.
SCREENING = Review(
    Entry,
    may_decide=permissions.can_manage_competitions,
    lock=locked,
    save=save_next_version,
    error=EntryError,
    refusal=gettext_lazy("This entry is not waiting for an eligibility decision."),
    notice=ENTRY_NOTICE,
    decisions=[
        Decision(
            "eligible",
            gettext_lazy("Eligible"),
            to=EntryStatus.ELIGIBLE,
            from_states=(EntryStatus.SUBMITTED, EntryStatus.INELIGIBLE),
            service=_back_to_judging,
            email="eligible",
            done=gettext_lazy("%(name)s is eligible and goes before its judges; the team is being notified."),
            done_untold=gettext_lazy(
                "%(name)s is eligible and goes before its judges. The team has no member with an e-mail address: "
                "nobody is told."
            ),
            log=LogAction(
                "competition.entry.eligible", gettext_lazy("Entry eligible"), gettext_lazy("Screened: eligible")
            ),
        ),
        Decision(
            "ineligible",
            gettext_lazy("Ineligible"),
            to=EntryStatus.INELIGIBLE,
            from_states=(EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE),
            note_required=True,
            note_field="note",
            missing_note=gettext_lazy("Give the reason: the team will read it."),
            service=_leave_judging,
            email="ineligible",
            done=gettext_lazy(
                "%(name)s is ineligible and leaves judging; the team is being notified with your reason."
            ),
            done_untold=gettext_lazy(
                "%(name)s is ineligible and leaves judging. The team has no member with an e-mail address: "
                "nobody is told, nor reads your reason."
            ),
            log=LogAction(
                "competition.entry.ineligible",
                gettext_lazy("Entry ineligible"),
                gettext_lazy("Screened: ineligible, with a reason"),
            ),
        ),
    ],
)


def mark_eligible(*, staff, entry: Entry) -> Entry:
    return SCREENING.take("eligible", entry, by=staff)


def mark_ineligible(*, staff, entry: Entry, reason: str) -> Entry:
    return SCREENING.take("ineligible", entry, by=staff, note=reason)
