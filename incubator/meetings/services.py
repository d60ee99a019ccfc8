"""Writes with business rules for meeting requests: send, accept, decline, withdraw, expire.

Keyword-only, one transaction each, the permission checked inside; a refusal is a
``MeetingError`` with a translated message (``field`` names the form field it is about).
Every change is an entry of the request's Wagtail history (``incubator.meetings.audit``) and
the other side hears of it by e-mail through the outbox, each member in their language
(``incubator.meetings.emails``).

The rules:

* a member of a **verified** organisation sends in its name, to a verified organisation of a
  kind it may meet (``permissions.ALLOWED_PAIRS``: investor ↔ startup, startup ↔ service
  platform or incubator);
* 1 to ``MAX_SLOTS`` distinct proposed times, each in the future and at most
  ``MAX_DAYS_AHEAD`` days ahead;
* against spam, per sending organisation: at most ``requests_per_day()`` requests in any
  24 hours (withdrawn ones count), and one request awaiting an answer between two
  organisations (either way). Both are counted under a lock on the sender's organisation row,
  so two requests sent at once cannot both pass the limit;
* the form's one-time token makes a double submit one request (``portal.idempotency``);
* a request waits ``expiry_days()`` days for an answer, or until its last proposed time when
  that comes sooner (``answer_deadline``: no request waits once none of its times can be
  accepted), then expires (``expire_due``, a beat task); until then the recipient accepts one
  of its times or declines with a reason, and the sender may withdraw it. Answers lock the
  request's row: of two answers at once, the second is refused with ``AlreadyAnswered``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incubator.meetings import audit, emails, permissions, queries, timing
from incubator.models import MeetingRequest, MeetingSlot
from incubator.vocabulary import MeetingStatus
from portal import idempotency, outbox
from portal.models import Organisation
from portal.review.errors import ServiceError

MAX_SLOTS = 5
MAX_DAYS_AHEAD = 90
MIN_DURATION, MAX_DURATION = 15, 480
SUBJECT_MAX, MESSAGE_MAX, LOCATION_MAX, REASON_MAX = 200, 3000, 300, 1000


def expiry_days() -> int:
    """How long a request waits for an answer (``INCUBATOR_MEETING_EXPIRY_DAYS``, 14 by default)."""
    return int(getattr(settings, "INCUBATOR_MEETING_EXPIRY_DAYS", 14))


def answer_deadline(sent_at: datetime, slots: list[datetime]) -> datetime:
    """When a request sent at ``sent_at`` for ``slots`` expires unanswered.

    ``expiry_days()`` after it was sent, but never after its last proposed time: accepting refuses
    a time that has passed, so a request whose times have all passed could only wait in vain (a
    single time tomorrow morning made a request that still awaited an answer two weeks later).
    """
    return min(sent_at + timedelta(days=expiry_days()), max(slots))


def requests_per_day() -> int:
    """Requests one organisation may send in any 24 hours (``INCUBATOR_MEETING_REQUESTS_PER_DAY``, 10)."""
    return int(getattr(settings, "INCUBATOR_MEETING_REQUESTS_PER_DAY", 10))


class MeetingError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message."""


class SlotRefused(MeetingError):
    """One proposed time is refused; ``index`` is its place among the times given, so that a form can
    show the message beside the field that holds it."""

    def __init__(self, message, *, index: int):
        super().__init__(message, field="slots")
        self.index = index


class AlreadyAnswered(MeetingError):
    """The request is no longer awaiting an answer (answered, withdrawn or expired meanwhile)."""


def _state(meeting: MeetingRequest) -> dict:
    return {
        "status": meeting.status,
        "chosen_slot": meeting.chosen_slot.starts_at if meeting.chosen_slot_id else None,
    }


def _notify(meeting: MeetingRequest, event: str) -> None:
    outbox.schedule(
        emails.send_meeting_email,
        {"meeting_id": meeting.pk, "event": event},
        key=f"incubator.meeting:{meeting.pk}:{event}",
    )


# --- sending -----------------------------------------------------------------------------------


def _clean_text(value, *, field: str, limit: int, required: bool, missing: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise MeetingError(missing, field=field)
    if len(value) > limit:
        raise MeetingError(
            _("Keep this under %(limit)s characters (it has %(count)s).") % {"limit": limit, "count": len(value)},
            field=field,
        )
    return value


def _clean_slots(slots, now: datetime) -> list[datetime]:
    slots = [slot for slot in (slots or []) if slot is not None]
    if not slots:
        raise MeetingError(_("Propose at least one time."), field="slots")
    if len(slots) > MAX_SLOTS:
        raise MeetingError(_("Propose at most %(count)s times.") % {"count": MAX_SLOTS}, field="slots")
    cleaned = []
    latest = now + timedelta(days=MAX_DAYS_AHEAD)
    for index, slot in enumerate(slots):
        if timezone.is_naive(slot):
            raise SlotRefused(_("Give each time with its time zone."), index=index)
        slot = slot.replace(second=0, microsecond=0)
        if slot <= now:
            raise SlotRefused(
                _("%(time)s has passed: propose times in the future.") % {"time": timing.display(slot)}, index=index
            )
        if slot > latest:
            raise SlotRefused(
                _("%(time)s is too far ahead: propose times within the next %(days)s days.")
                % {"time": timing.display(slot), "days": MAX_DAYS_AHEAD},
                index=index,
            )
        if slot in cleaned:
            raise SlotRefused(
                _("%(time)s is proposed twice: propose different times.") % {"time": timing.display(slot)},
                index=index,
            )
        cleaned.append(slot)
    return sorted(cleaned)


def _locked_pair(sender: Organisation, recipient: Organisation) -> tuple[Organisation, Organisation]:
    """``sender`` and ``recipient`` read again under their row locks, taken in the order of their keys."""
    rows = Organisation.objects.select_for_update().filter(pk__in=(sender.pk, recipient.pk)).order_by("pk")
    locked = {organisation.pk: organisation for organisation in rows}
    if sender.pk not in locked or recipient.pk not in locked:
        raise Organisation.DoesNotExist
    return locked[sender.pk], locked[recipient.pk]


def _check_limits(sender: Organisation, recipient: Organisation, now: datetime) -> None:
    """The rate limit and the one-pending rule; call it holding both organisations' row locks."""
    if queries.awaiting_answer([sender.pk], recipient, now).exists():
        raise MeetingError(
            _(
                "A meeting request between %(sender)s and %(recipient)s is already awaiting an answer. "
                "Wait for it (or withdraw it) before sending another."
            )
            % {"sender": sender.name, "recipient": recipient.name}
        )
    recent = MeetingRequest.objects.filter(sender=sender, created_at__gt=now - timedelta(hours=24)).count()
    if recent >= requests_per_day():
        raise MeetingError(
            _(
                "%(sender)s has reached the limit on meeting requests (%(limit)s in any 24 hours). "
                "Please try again later."
            )
            % {"sender": sender.name, "limit": requests_per_day()}
        )


def _check_pair(sender: Organisation, recipient: Organisation) -> None:
    """Both organisations verified, and of kinds that may meet (``permissions.ALLOWED_PAIRS``)."""
    if not sender.is_verified:
        raise MeetingError(
            _("%(sender)s is not verified yet: it can send meeting requests once the alliance has verified it.")
            % {"sender": sender.name},
            field="sender",
        )
    if sender.pk == recipient.pk or not recipient.is_verified:
        raise MeetingError(_("You cannot request a meeting with this organisation."))
    if not permissions.pair_allowed(sender.kind, recipient.kind):
        raise MeetingError(
            _("A %(sender_kind)s cannot request a meeting with a %(recipient_kind)s.")
            % {
                "sender_kind": sender.get_kind_display().lower(),
                "recipient_kind": recipient.get_kind_display().lower(),
            },
            field="sender",
        )


def _clean_texts(subject: str, message: str, location: str) -> tuple[str, str, str]:
    return (
        _clean_text(subject, field="subject", limit=SUBJECT_MAX, required=True, missing=_("Give a subject.")),
        _clean_text(
            message, field="message", limit=MESSAGE_MAX, required=True, missing=_("Say what you would like to discuss.")
        ),
        _clean_text(location, field="location", limit=LOCATION_MAX, required=False, missing=""),
    )


def _check_duration(duration) -> None:
    if not isinstance(duration, int) or not MIN_DURATION <= duration <= MAX_DURATION:
        raise MeetingError(
            _("A meeting lasts from %(min)s to %(max)s minutes.") % {"min": MIN_DURATION, "max": MAX_DURATION},
            field="duration_minutes",
        )


@transaction.atomic
def send_request(
    *,
    actor,
    sender: Organisation,
    recipient: Organisation,
    subject: str,
    message: str,
    slots: list[datetime],
    duration: int,
    location: str = "",
    token=None,
) -> MeetingRequest:
    """``sender`` (``actor``'s organisation) asks ``recipient`` for a meeting at one of ``slots``.

    Sent twice with the same ``token``: the first request is returned and nothing else happens.
    """
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    # The two organisations' row locks, taken in the order of their keys (two requests in opposite
    # directions cannot deadlock): the sender's serialises its requests (the rate limit, a double
    # submit finds the first one's row), the pair's the one-pending rule, counted either way.
    sender, recipient = _locked_pair(sender, recipient)
    permissions.require(permissions.is_member(actor, sender))
    earlier = idempotency.created_with(MeetingRequest.objects.filter(sender=sender), token)
    if earlier is not None:
        return earlier
    _check_pair(sender, recipient)
    subject, message, location = _clean_texts(subject, message, location)
    _check_duration(duration)
    now = timezone.now()
    cleaned_slots = _clean_slots(slots, now)
    _check_limits(sender, recipient, now)
    meeting = MeetingRequest(
        sender=sender,
        recipient=recipient,
        sent_by=actor,
        subject=subject,
        message=message,
        duration_minutes=duration,
        location=location,
        expires_at=answer_deadline(now, cleaned_slots),
        creation_token=token,
    )
    meeting, created = idempotency.save_once(meeting, among=MeetingRequest.objects.filter(sender=sender))
    if not created:
        return meeting
    MeetingSlot.objects.bulk_create(MeetingSlot(request=meeting, starts_at=slot) for slot in cleaned_slots)
    _log_request(actor, meeting, cleaned_slots)
    _notify(meeting, "requested")
    return meeting


def _log_request(actor, meeting: MeetingRequest, slots: list[datetime]) -> None:
    """The request in the audit log: who asked whom, for which times, until when."""
    after = {
        "status": meeting.status,
        "sender": meeting.sender_id,
        "recipient": meeting.recipient_id,
        "slots": slots,
        "expires_at": meeting.expires_at,
    }
    audit.record(actor=actor, target=meeting, action=audit.REQUESTED, before={}, after=after)


# --- answering ---------------------------------------------------------------------------------


def _locked(meeting: MeetingRequest) -> MeetingRequest:
    return (
        MeetingRequest.objects.select_for_update(of=("self",)).select_related("sender", "recipient").get(pk=meeting.pk)
    )


def _require_pending(meeting: MeetingRequest, now: datetime) -> None:
    if meeting.status != MeetingStatus.PENDING:
        raise AlreadyAnswered(
            _("This request is no longer awaiting an answer: it is now “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )
    if meeting.expires_at <= now:
        raise AlreadyAnswered(
            _("This request expired at %(time)s without an answer.") % {"time": timing.display(meeting.expires_at)}
        )


def check_awaiting(meeting: MeetingRequest) -> None:
    """Raise ``AlreadyAnswered`` when ``meeting`` no longer awaits an answer: an answer sent from a page
    shown before it was answered, withdrawn or expired is told so, whatever its form held (the
    answers check it again, on the locked row)."""
    _require_pending(meeting, timezone.now())


def _pending(request: MeetingRequest, actor, may) -> tuple[MeetingRequest, datetime]:
    """``request`` locked, once ``may(actor, meeting)`` holds and it still awaits an answer; and the time now."""
    meeting = _locked(request)
    permissions.require(may(actor, meeting))
    now = timezone.now()
    _require_pending(meeting, now)
    return meeting, now


#: Each answer's log action and the event the other side is e-mailed.
_ANSWERS = {
    MeetingStatus.ACCEPTED: (audit.ACCEPTED, "accepted"),
    MeetingStatus.DECLINED: (audit.DECLINED, "declined"),
    MeetingStatus.CANCELLED: (audit.WITHDRAWN, "withdrawn"),
}


def _close(meeting: MeetingRequest, status: str, *, actor, now: datetime, note: str = "", **fields) -> MeetingRequest:
    """Record the answer: the new ``status`` and ``fields``, who answered and when; logged, the other side told."""
    action, event = _ANSWERS[status]
    before = _state(meeting)
    meeting.status, meeting.responded_by, meeting.responded_at = status, actor, now
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=["status", *fields, "responded_by", "responded_at"])
    audit.record(actor=actor, target=meeting, action=action, before=before, after=_state(meeting), note=note)
    _notify(meeting, event)
    return meeting


@transaction.atomic
def accept(*, actor, request: MeetingRequest, slot: MeetingSlot) -> MeetingRequest:
    """The recipient (``actor`` one of its members) accepts ``request`` at ``slot``, one of its times."""
    meeting, now = _pending(request, actor, permissions.can_answer)
    chosen = MeetingSlot.objects.filter(pk=getattr(slot, "pk", slot), request=meeting).first()
    if chosen is None:
        raise MeetingError(_("Choose one of the proposed times."), field="slot")
    if chosen.starts_at <= now:
        raise MeetingError(
            _("%(time)s has passed. Choose a later time, or decline and suggest others in your reason.")
            % {"time": timing.display(chosen.starts_at)},
            field="slot",
        )
    return _close(meeting, MeetingStatus.ACCEPTED, actor=actor, now=now, chosen_slot=chosen)


@transaction.atomic
def decline(*, actor, request: MeetingRequest, reason: str) -> MeetingRequest:
    """The recipient declines ``request``, saying why (the sender reads the reason)."""
    meeting, now = _pending(request, actor, permissions.can_answer)
    reason = _clean_text(
        reason, field="reason", limit=REASON_MAX, required=True, missing=_("Say why you decline: the sender reads it.")
    )
    return _close(meeting, MeetingStatus.DECLINED, actor=actor, now=now, note=reason, decline_reason=reason)


@transaction.atomic
def cancel(*, actor, request: MeetingRequest) -> MeetingRequest:
    """The sender withdraws ``request`` while it awaits an answer (the recipient is told)."""
    meeting, now = _pending(request, actor, permissions.can_withdraw)
    return _close(meeting, MeetingStatus.CANCELLED, actor=actor, now=now)


@transaction.atomic
def expire_due(*, now: datetime | None = None) -> int:
    """Mark requests still awaiting an answer at their ``expires_at`` as expired; the number marked.

    Rows another transaction is answering right now are skipped (``skip_locked``): that answer
    wins, or the next run expires them.
    """
    now = now or timezone.now()
    due = list(
        MeetingRequest.objects.select_for_update(skip_locked=True)
        .filter(status=MeetingStatus.PENDING, expires_at__lte=now)
        .order_by("expires_at", "pk")
    )
    for meeting in due:
        before = _state(meeting)
        meeting.status = MeetingStatus.EXPIRED
        meeting.save(update_fields=["status"])
        audit.record(actor=None, target=meeting, action=audit.EXPIRED, before=before, after=_state(meeting))
        _notify(meeting, "expired")
    return len(due)
