"""Declared decisions: what staff may decide on a reviewed record, and the one way a decision is taken.

An app declares, for each reviewed model, a ``Review``: the model's ``ReviewState`` (which
fields hold the status, note, decided at / by, revision), who may decide, how the record is
locked, the service error it raises, the e-mail its decisions send (an outbox effect), and its
``Decision``s — for each: the states it may be taken from, the status it leads to, whether a
note is required, the other fields it changes, the service that does the app's own work, the
event e-mailed and the log action::

    VERIFICATION = Review(
        Organisation,
        may_decide=permissions.can_verify_organisations,
        error=OrganisationError,
        notice=Notice("portal.verification_decision_email", lambda org, event: {"organisation_id": org.pk, ...}),
        decisions=[
            Decision("verified", _("Verify"), to=VERIFIED, from_states=(PENDING, REJECTED, SUSPENDED),
                     email="verified", log=LogAction("portal.organisation.verified", ...)),
            Decision("rejected", _("Refuse"), to=REJECTED, from_states=(PENDING,), note_required=True, ...),
        ],
    )
    VERIFICATION.take("rejected", organisation, by=staff, note="…")

``take`` runs in one transaction: the permission (``PermissionDenied``), the row lock, a
repeat of a decision pinned to a revision (a no-op), a stale revision, the states it may be
taken from, the note, then the decision's ``service`` (which may refuse with the review's
error), the new status, note, time and reviewer, the save, the log entry with the state before
and after (``portal.review.audit``) and the e-mail through the outbox, naming the decision it
announces (``Notice.schedule``), so a mail superseded by a later decision is not sent. The
admin's decision view and viewset (``portal.review.admin``) offer and take the same declarations.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import outbox, timing
from portal.review import audit
from portal.review.audit import LogAction
from portal.review.errors import ServiceError
from portal.review.state import DECIDED_AT, ReviewState, declared_state


@dataclass(frozen=True)
class Notice:
    """The e-mail a review's decisions send: an outbox effect (its name) and its payload for (record, event).

    ``schedule`` adds the time of the decision announced (``DECIDED_AT``, when the state records
    one), so the effect drops a mail a later decision superseded (``portal.review.notify.StillTrue``):
    the effect takes ``decided_at: str | None = None`` and passes it on (``None``: a message
    scheduled before the key existed, checked by its status as before).
    """

    effect: str
    payload: Callable[[Any, str], dict]
    #: Who the e-mail of a decision on the record reaches (``recipients(record)``, e.g. ``members_to_tell``
    #: of its organisation): with nobody, the success message does not say anyone is notified
    #: (``Review.done_message``). ``None``: not declared, the decision's ``done`` as it is.
    recipients: Callable[[Any], Any] | None = None

    def schedule(self, record, event: str, *, state: ReviewState | None = None) -> None:
        """Put the e-mail announcing ``event`` on ``record`` in the outbox, naming the decision it announces."""
        state = state or declared_state(type(record))
        payload = {**self.payload(record, event), **state.of(record).stamp()}
        if DECIDED_AT in payload and not _takes_stamp(self.effect):
            raise ImproperlyConfigured(f"{self.effect} must take {DECIDED_AT}=None and pass it to StillTrue")
        outbox.schedule(self.effect, payload)


@functools.cache
def _takes_stamp(effect: str) -> bool:
    registered = outbox.get_effect(effect)
    if registered is None:
        return True  # outbox.schedule names the missing effect
    parameters = inspect.signature(registered.func).parameters.values()
    return any(p.name == DECIDED_AT or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


@dataclass(frozen=True)
class Decision:
    """One decision staff may take on a reviewed record.

    ``name`` is its key (and the last segment of its admin URL); ``label`` the button and
    submit label, ``title`` the confirmation page's title (default: the label), ``help`` a line
    of explanation on that page, ``done`` the success message (``%(name)s`` or
    ``%(<model name>)s``: the record), ``done_untold`` the one when its e-mail reaches nobody (the
    notice's ``recipients`` are none: an organisation without members), ``icon`` the button's icon.

    ``to`` is the status it leads to (``None``: the status stays, e.g. unpublishing); it may be
    taken from ``from_states`` (empty: any) when ``when(record)`` holds too. ``note_required``:
    a decision without a note is refused on ``note_field``. ``fields`` are the other fields
    the ``service`` changes: saved with the state and logged before / after; ``also_logged``
    fields the service saves itself (through a Wagtail action: publishing a revision,
    unpublishing), logged before / after but not saved again. ``service(record,
    *, by, note, **data)`` does the app's own work inside the transaction, after the checks
    (publish a revision, create a page) and may refuse with the review's error. ``email`` is
    the event the review's ``Notice`` announces; ``log`` the registered log action.
    ``pinned``: the admin's form names the revision it showed (the review's state has a
    ``revision``); ``holds(record)`` says the decision, repeated on that revision, has already
    been taken (default: the status is ``to``, with the same note).
    """

    name: str
    label: Any
    to: str | None = None
    from_states: tuple = ()
    when: Callable[[Any], bool] | None = None
    note_required: bool = False
    note_field: str = "note"
    missing_note: Any = None
    fields: tuple[str, ...] = ()
    also_logged: tuple[str, ...] = ()
    service: Callable | None = None
    email: str | None = None
    log: LogAction | None = None  # required: every decision is logged
    refusal: Any = None
    pinned: bool = False
    holds: Callable[[Any], bool] | None = None
    title: Any = None
    help: Any = ""
    done: Any = None
    done_untold: Any = None
    icon: str | None = None

    def applies_to(self, record, status) -> bool:
        """Whether the decision may be taken on ``record`` as it stands (its status is ``status``)."""
        if self.from_states and status not in self.from_states:
            return False
        return self.when is None or bool(self.when(record))


#: ``seen_stamp`` of a record no decision has been recorded on.
NOTHING_DECIDED = "none"


def seen_stamp(state) -> str:
    """The decision a reviewer's page shows (a ``BoundReviewState``), as its decision form carries it:
    when it was decided, or ``NOTHING_DECIDED``; empty when the state records no time."""
    if not state.declared.has("decided_at"):
        return ""
    return state.decided_at.isoformat() if state.decided_at is not None else NOTHING_DECIDED


class DecidedMeanwhile(ServiceError):
    """Someone decided on the record after the reviewer's page showed it: nothing is taken. ``seen``
    is the decision now recorded, what a deliberate second submit of the form names."""

    def __init__(self, state):
        who = state.decided_by
        values = {"status": state.status_label, "when": timing.display(state.decided_at, seconds=False)}
        if who is None:
            message = _(
                "This was decided on %(when)s, while your page was open: it is now “%(status)s”. Nothing was "
                "changed by you: check it, then decide again if it still needs it."
            )
        else:
            values["who"] = str(who)
            message = _(
                "%(who)s decided on this on %(when)s, while your page was open: it is now “%(status)s”. Nothing "
                "was changed by you: check it, then decide again if it still needs it."
            )
        super().__init__(message % values)
        self.seen = seen_stamp(state)


def _lock(record):
    return type(record).objects.select_for_update().get(pk=record.pk)


def _save(record, fields: list[str]) -> None:
    record.save(update_fields=fields)


class Review:
    """The decisions staff take on one model (see the module's docstring).

    ``may_decide(user)``: who may take them (others: ``PermissionDenied``); ``may_decide_on(user,
    record)``, when given, lets others decide on one record too (a platform's members on the
    applications it received), checked on the locked record. ``lock(record)``
    returns the record locked for the transaction (default: ``select_for_update``), ``save(record,
    fields)`` writes it (default: ``save(update_fields=…)``). ``error`` is the app's
    ``ServiceError`` subclass; ``refusal`` the message (or ``callable(record, decision)``) when a
    decision does not apply, unless the decision has its own; ``missing_note`` likewise; a
    pinned decision on a revision other than the latest raises ``stale_error(stale_message)``.
    """

    def __init__(
        self,
        model,
        *,
        decisions: Iterable[Decision],
        may_decide: Callable[[Any], bool],
        may_decide_on: Callable[[Any, Any], bool] | None = None,
        error: type[ServiceError] = ServiceError,
        state: ReviewState | None = None,
        lock: Callable = _lock,
        save: Callable = _save,
        notice: Notice | None = None,
        refusal: Any = None,
        missing_note: Any = None,
        stale_error: type[ServiceError] | None = None,
        stale_message: Any = None,
    ):
        self.model = model
        self.state = state or declared_state(model)
        if not hasattr(self.state, "model"):
            self.state.model = model  # declared beside the model (``Review(state=…)``), not on it
        self.decisions = {decision.name: decision for decision in decisions}
        self.may_decide = may_decide
        self.may_decide_on = may_decide_on
        self.error = error
        self.lock = lock
        self.save = save
        self.notice = notice
        self.refusal = refusal
        self.missing_note = missing_note
        self.stale_error = stale_error or error
        self.stale_message = stale_message
        self._check_declarations()
        audit.register(*(decision.log for decision in self.decisions.values()))

    def _check_declarations(self) -> None:
        for decision in self.decisions.values():
            if decision.log is None:
                raise ValueError(f"{decision.name}: every decision is logged: give it a LogAction")
            if decision.note_required and not (decision.missing_note or self.missing_note):
                raise ValueError(f"{decision.name}: a required note needs a missing_note message")
            if (decision.from_states or decision.when) and not (decision.refusal or self.refusal):
                raise ValueError(f"{decision.name}: a decision with conditions needs a refusal message")
            if decision.email and self.notice is None:
                raise ValueError(f"{decision.name}: an e-mailed decision needs the review's notice")
            if decision.pinned and not (self.state.has("revision") and self.stale_message):
                raise ValueError(f"{decision.name}: a pinned decision needs a revision in the state and stale_message")

    def __getitem__(self, name: str) -> Decision:
        return self.decisions[name]

    def __contains__(self, name) -> bool:
        return name in self.decisions

    def __iter__(self):
        return iter(self.decisions.values())

    def status_of(self, record):
        return getattr(record, self.state.fields["status"])

    def may_take(self, user, record) -> bool:
        """Whether ``user`` may decide on ``record`` (for pages offering the decisions)."""
        return bool(self.may_decide(user) or (self.may_decide_on is not None and self.may_decide_on(user, record)))

    def available(self, record) -> list[Decision]:
        """The decisions that may be taken on ``record`` as it stands, in declaration order."""
        status = self.status_of(record)
        return [decision for decision in self if decision.applies_to(record, status)]

    def done_message(self, record, decision: Decision | str) -> str:
        """The success message of ``decision`` taken on ``record``: its ``done``, or, when its e-mail reaches
        nobody, ``done_untold`` (else the kit's own), never "the members are being notified" to nobody."""
        decision = self.decisions[decision] if isinstance(decision, str) else decision
        recipients = self.notice.recipients if self.notice is not None else None
        if decision.email and recipients is not None and not recipients(record):
            message = decision.done_untold or _(
                "Done: %(name)s. Nobody is notified by e-mail: there is no member with an e-mail address to tell."
            )
        else:
            message = decision.done or _("Done: %(name)s.")
        return str(message) % {"name": record, record._meta.model_name: record}

    def _message(self, own, default, record, decision) -> str:
        message = own or default
        return message(record, decision) if callable(message) else message

    def _snapshot(self, record, decision: Decision) -> dict:
        snapshot = self.state.of(record).snapshot()
        for name in (*decision.fields, *decision.also_logged):
            field = record._meta.get_field(name)
            snapshot[name] = getattr(record, getattr(field, "attname", name))
        return snapshot

    def _repeated_by(self, record, decision: Decision, note: str, by) -> bool:
        """The same decision, with the same note, already taken by ``by`` (a second submit): nothing to do."""
        state = self.state.of(record)
        same_note = not self.state.has("note") or state.note == note
        return decision.to is not None and state.status == decision.to and state.decided_by == by and same_note

    def _repeated(self, record, decision: Decision, note: str, revision) -> bool:
        """The same decision on the same revision, already taken (a double click): nothing to do."""
        state = self.state.of(record)
        if decision.to is None or state.status != decision.to or state.revision != revision:
            return False
        if decision.holds is not None:
            return bool(decision.holds(record))
        return not self.state.has("note") or state.note == note

    def take(self, name: str, record, *, by, note: str = "", revision=None, seen: str | None = None, **data):
        """Take decision ``name`` on ``record`` as ``by``; returns the record as it now stands.

        ``revision`` (the version the reviewer saw) pins the decision to it: a repeat on that
        revision is a no-op, a newer revision refuses it. ``seen`` (the decision the reviewer's page
        showed: ``seen_stamp``) refuses it when someone decided since (``DecidedMeanwhile``); the
        same decision repeated by the same reviewer is a no-op. ``data`` goes to the decision's service.
        """
        decision = self.decisions[name]
        with transaction.atomic():
            if not self.may_decide(by) and self.may_decide_on is None:
                raise PermissionDenied
            record = self.lock(record)
            if not self.may_take(by, record):
                raise PermissionDenied
            note = (note or "").strip()
            if revision is not None:
                if self._repeated(record, decision, note, revision):
                    return record
                if self.state.of(record).revision != revision:
                    raise self.stale_error(self.stale_message)
            now = seen_stamp(self.state.of(record))
            if seen and now and now not in (seen, NOTHING_DECIDED):
                if self._repeated_by(record, decision, note, by):
                    return record
                raise DecidedMeanwhile(self.state.of(record))
            if not decision.applies_to(record, self.status_of(record)):
                raise self.error(self._message(decision.refusal, self.refusal, record, decision))
            if decision.note_required and not note:
                message = self._message(decision.missing_note, self.missing_note, record, decision)
                raise self.error(message, field=decision.note_field)
            before = self._snapshot(record, decision)
            if decision.service is not None:
                decision.service(record, by=by, note=note, **data)
            fields = list(decision.fields)
            if decision.to is not None:
                fields = self.state.of(record).record(status=decision.to, note=note, by=by, at=timezone.now()) + fields
            if fields:
                self.save(record, fields)
            self._announce(record, decision, by=by, before=before, note=note, revision=revision)
        return record

    def _announce(self, record, decision: Decision, *, by, before: dict, note: str, revision) -> None:
        extra = {"revision": revision} if revision is not None else {}
        after = self._snapshot(record, decision)
        audit.record(actor=by, target=record, action=decision.log.name, before=before, after=after, note=note, **extra)
        if decision.email:
            self.notice.schedule(record, decision.email, state=self.state)
