"""The transactional outbox: every side effect of a change goes through here.

Why
---
A change and its side effects (e-mails, Elasticsearch updates, exports, a cache
invalidation that could not reach Redis) must stay together: the effect must not be lost
when the broker or a worker is down, must not fail the request that made the change, and
must not happen twice when Celery hands a task over again.

How
---
1. ``schedule(effect, payload)`` writes an ``OutboxMessage`` row in the current transaction,
   so the message exists exactly when the change does (a rollback takes both away).
2. After the commit, ``dispatch`` hands the message to Celery (``deliver_task``, below).
   A broker error is logged, never raised into the request; after one, the broker is left
   alone for ``PORTAL_OUTBOX_BROKER_RETRY_AFTER`` seconds, so a request never waits on it
   longer than one short connection timeout (``CELERY_BROKER_TRANSPORT_OPTIONS``).
3. ``deliver(message_id)`` runs the effect under a row lock and sets ``done_at`` in the same
   transaction as the effect's own writes: a second hand-over of the same message finds it
   done (or locked) and does nothing. A failure is recorded and retried with a growing delay
   (at most ``MAX_BACKOFF``); after ``max_attempts`` the message is given up and logged as an
   error. Each run is marked in a commit of its own before the effect runs (``_claim``): a
   worker killed mid-effect (SIGKILL, out of memory, the hard time limit) drops its database
   connection, which releases the lock, and leaves the mark, which the next run counts as a
   failed attempt, so a message that kills its worker waits its backoff and is given up like
   one that fails, instead of running again at the head of every drain.
4. ``drain()`` (``drain_task``: Celery beat every 30 s, and when a worker starts) runs whatever is pending:
   messages whose hand-over failed, whose worker died, or whose retry is due.

Effects are plain functions registered with ``@effect("app.name")`` in each app's
``tasks.py`` and called with the payload's keys as keyword arguments (JSON values only:
ids, not objects). An effect reads the current data and checks that what it announces
still holds (a decision may have changed before it ran); one that finds its work no longer
wanted raises ``Withdrawn``, which ends the message without retries, marked withdrawn (with, if
need be, the smaller work that replaces it: ``Withdrawn(then=)``).

E-mail and the at-most-once window: a message is marked done in the transaction that ran
it. A worker killed between the SMTP server accepting a message and that commit sends it
again on the retry; the message carries a ``Message-ID`` derived from the outbox row
(``message_id_for``), so mail clients and servers that de-duplicate by it show it once.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from portal.models.outbox import OutboxMessage

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 20
#: Retries wait 30 s, 1 min, 2 min... up to this long.
MAX_BACKOFF = timedelta(minutes=10)
FIRST_BACKOFF = timedelta(seconds=30)


@dataclass(frozen=True)
class Effect:
    name: str
    func: Callable[..., object]
    long: bool  # runs for minutes (exports): handed to the long-task queue
    sensitive: bool  # the payload holds secrets (a rendered password-reset mail): emptied once done
    max_attempts: int


_registry: dict[str, Effect] = {}
_current: contextvars.ContextVar[OutboxMessage | None] = contextvars.ContextVar("outbox_message", default=None)
# What the running delivery does once its transaction has ended (committed or not): after_delivery().
_after: contextvars.ContextVar[list | None] = contextvars.ContextVar("outbox_after", default=None)
# Per process: after a failed hand-over the broker is not tried again before this (monotonic) time.
_broker_down_until = 0.0


def effect(name: str, *, long: bool = False, sensitive: bool = False, max_attempts: int = DEFAULT_MAX_ATTEMPTS):
    """Register the decorated function as the effect called ``name``."""

    def register(func):
        known = _registry.get(name)
        if known is not None and known.func.__qualname__ != func.__qualname__:
            raise ImproperlyConfigured(f"Two outbox effects are called {name!r}.")
        _registry[name] = Effect(name, func, long, sensitive, max_attempts)
        func.effect_name = name
        return func

    return register


def get_effect(name: str) -> Effect | None:
    if name not in _registry:
        autodiscover_modules("tasks")  # effects live in each app's tasks.py
    return _registry.get(name)


class Withdrawn(Exception):
    """Raised by an effect that finds its work no longer wanted (``reason``: an ``OutboxWithdrawal``).

    A recurring e-mail whose recipient stopped it while it waited for SMTP (``portal.emails.send_rendered``)
    is not sent: the message ends as done, never retried, and the admin shows it withdrawn, with
    the reason. The effect's writes are undone, as a failing one's are.

    ``then``: the work that replaces the withdrawn one (a digest written again for the saved searches
    still on), a callable run after the effect's writes were undone, in the transaction that records
    the withdrawal: what it schedules (``schedule``) exists exactly when the withdrawal does. Work
    scheduled by the effect itself would be undone with the rest of its writes. If ``then`` fails,
    the run fails as an effect does (recorded, retried: the retry checks again).
    """

    def __init__(self, reason: str, *, then: Callable[[], object] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.then = then


def current_message() -> OutboxMessage | None:
    """The message whose effect is running (``None`` outside ``deliver``)."""
    return _current.get()


def after_delivery(callback: Callable[[], object]) -> None:
    """Call ``callback`` once the running delivery's transaction has ended (at once outside a delivery).

    For goodbyes that must not widen the window between an effect's outside action and the
    commit that records it done: an SMTP connection is closed (QUIT) only after that commit.
    """
    pending = _after.get()
    if pending is None:
        callback()
    else:
        pending.append(callback)


def message_id_for(message: OutboxMessage, domain: str) -> str:
    """A ``Message-ID`` that is the same every time this outbox message is sent."""
    return f"<outbox-{message.pk}-{message.created_at:%Y%m%d%H%M%S}@{domain}>"


# --- Recording ----------------------------------------------------------------------------------


def schedule(
    effect: Callable | str,
    payload: dict | None = None,
    *,
    key: str | None = None,
    topic: str = "",
    delay: timedelta | None = None,
) -> OutboxMessage | None:
    """Record ``effect(**payload)`` in the current transaction; it runs after the commit.

    ``key`` makes the message unique for ever (scheduling the same key again returns ``None``);
    ``topic`` groups messages that one run satisfies together (a later index update of an
    object covers the earlier ones).
    """
    name = getattr(effect, "effect_name", effect)
    registered = get_effect(name)
    if registered is None:
        raise ImproperlyConfigured(f"No outbox effect is called {name!r}.")
    now = timezone.now()
    message = OutboxMessage(
        effect=name,
        payload=payload or {},
        key=key,
        topic=topic,
        created_at=now,
        available_at=now + (delay or timedelta()),
    )
    if key is None:
        message.save()
    else:
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            return None  # already scheduled under this key
    if delay is None:
        transaction.on_commit(lambda: dispatch([message.pk], long=registered.long), robust=True)
    return message


# --- Handing over to Celery -----------------------------------------------------------------------


def dispatch(message_ids: list[int], *, long: bool = False) -> bool:
    """Hand messages to a worker; ``False`` when the broker cannot take them now (the drain will)."""
    global _broker_down_until

    if not message_ids:
        return True
    if time.monotonic() < _broker_down_until:
        logger.info("outbox: broker recently unreachable; %s left for the drain", message_ids)
        return False
    queue = settings.PORTAL_OUTBOX_LONG_QUEUE if long else None
    # Name a queue only when there is one: an explicit queue=None makes Celery build (and cache
    # for the process) its queue table from the configuration of that moment.
    routing = {"queue": queue} if queue else {}
    try:
        deliver_task.apply_async((message_ids,), retry=False, **routing)
    except Exception:  # the broker is down or refused: never the request's problem
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.exception("outbox: delivering %s in-process failed", message_ids)
        else:
            _broker_down_until = time.monotonic() + settings.PORTAL_OUTBOX_BROKER_RETRY_AFTER
            logger.warning(
                "outbox: could not hand %s to the broker; the drain will run them", message_ids, exc_info=True
            )
        return False
    return True


def broker_marked_down() -> bool:
    return time.monotonic() < _broker_down_until


def reset_broker_state() -> None:
    """Forget a recent broker failure (tests, and a worker that just connected)."""
    global _broker_down_until
    _broker_down_until = 0.0


# --- Running effects ------------------------------------------------------------------------------


def deliver(message_id: int, *, probe: bool = False) -> str:
    """Run one message's effect once: ``"done"``, ``"withdrawn"`` (done, its work no longer wanted:
    ``Withdrawn``), ``"failed"`` (kept for a retry) or ``"skipped"``.

    Skipped: already done, given up, or being run by another worker right now. A ``probe``
    (the drain asking whether a service is back) that fails records the error only: no
    attempt is counted and the message keeps its retry time.
    """
    after: list[Callable[[], object]] = []
    token = _after.set(after)
    try:
        return _deliver(message_id, probe=probe)
    finally:
        _after.reset(token)
        for callback in after:
            try:
                callback()
            except Exception:  # a goodbye that fails (an SMTP QUIT) changes nothing that was done
                logger.warning("outbox: after-delivery step of message %s failed", message_id, exc_info=True)


#: ``last_error`` of a message while its effect runs: what stays if its worker dies before recording anything.
INTERRUPTED = "Interrupted: the worker stopped before the effect finished (killed, out of memory, past its time limit)."


def _claim(message_id: int) -> tuple | None:
    """Mark the run before the effect runs, in a transaction of its own; ``None``: not to be run.

    A worker killed mid-effect (SIGKILL, out of memory, Celery's hard time limit) rolls back
    everything of its run's transaction, a recorded failure included: without this mark a
    message that kills its worker ran again at every drain, for ever, at the head of it. The
    mark (``INTERRUPTED``, and the retry time of a failure) stays when the run never ends; the
    next claim counts it as a failed attempt, so such a message waits its backoff as a failed
    one does and is given up after ``max_attempts``. Returns what the mark replaced (the run's
    end puts back what it does not overwrite).
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, done_at__isnull=True, gave_up_at__isnull=True)
            .first()
        )
        if message is None:
            return None
        now = timezone.now()
        interrupted = message.last_error == INTERRUPTED
        if interrupted:
            message.attempts += 1
            registered = get_effect(message.effect)
            if message.attempts >= (registered.max_attempts if registered else 1):
                message.gave_up_at = now
                message.last_error = f"{INTERRUPTED} Given up after {message.attempts} attempts."
                message.save(update_fields=["attempts", "gave_up_at", "last_error"])
                logger.error("outbox: gave up %s: %s", message, message.last_error)
                return None
        previous = (message.available_at, "" if interrupted else message.last_error)
        message.available_at = now + backoff(message.attempts + 1)
        message.last_error = INTERRUPTED
        message.save(update_fields=["attempts", "available_at", "last_error"])
    return previous


def _deliver(message_id: int, *, probe: bool) -> str:
    previous = _claim(message_id)
    if previous is None:
        return "skipped"
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, done_at__isnull=True, gave_up_at__isnull=True)
            .first()
        )
        if message is None:  # another worker took it since the count (done, or running it now)
            return "skipped"
        registered = get_effect(message.effect)
        # Messages of the same topic committed before the effect reads its data: it covers them.
        # Locked now, before the effect takes its own locks (a search update takes the object's
        # lock), and skipping those another worker is delivering: waiting for one of them at the
        # end, while that worker waits for the lock this one holds, would be a deadlock. A
        # skipped one is that worker's to finish.
        covered = (
            list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(topic=message.topic, pk__lt=message.pk, done_at__isnull=True, gave_up_at__isnull=True)
                .values_list("pk", flat=True)
            )
            if message.topic
            else []
        )
        token = _current.set(message)
        try:
            if registered is None:
                raise LookupError(f"no outbox effect is called {message.effect!r}")
            try:
                with transaction.atomic():  # a failing effect's writes are undone, the failure is recorded
                    registered.func(**message.payload)
            except Withdrawn as withdrawn:
                if withdrawn.then is not None:
                    # Outside the effect's undone savepoint: it commits with the withdrawal recorded below.
                    with transaction.atomic():
                        withdrawn.then()
                message.withdrawn = withdrawn.reason
                logger.info("outbox: %s withdrawn: %s", message, withdrawn.reason)
        except Exception as exc:  # noqa: BLE001 - any failure of an effect is recorded and retried, never lost
            if probe:  # a probe only asks: no attempt counted, the retry time kept
                message.available_at = previous[0]
                message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
                message.save(update_fields=["available_at", "last_error"])
            else:
                _record_failure(message, registered, exc)
            return "failed"
        finally:
            _current.reset(token)
        _record_done(message, registered, covered, last_error=previous[1])
    return "withdrawn" if message.withdrawn else "done"


def _record_done(message: OutboxMessage, registered: Effect, covered: list[int], *, last_error: str) -> None:
    """Mark ``message`` done (or withdrawn: ``message.withdrawn`` is set), and the ``covered`` messages of its topic."""
    now = timezone.now()
    message.done_at = now
    message.last_error = last_error
    fields = ["done_at", "last_error", "withdrawn"]
    if registered.sensitive:
        message.payload = {}
        fields.append("payload")
    message.save(update_fields=fields)
    if covered:
        cleared = {"payload": {}} if registered.sensitive else {}
        OutboxMessage.objects.filter(pk__in=covered, done_at__isnull=True).update(done_at=now, **cleared)
        # One claimed by a worker that then found it locked by this run: not interrupted, covered.
        OutboxMessage.objects.filter(pk__in=covered, last_error=INTERRUPTED).update(last_error="")


def retry_now(message: OutboxMessage) -> None:
    """Run a failed or given-up message again as soon as possible (staff, from the admin).

    A message a worker is running right now is left to it (its row is locked: waiting for the
    lock would keep staff's request waiting as long as the effect runs).
    """
    if message.done_at is not None:
        return
    with transaction.atomic():
        row = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message.pk, done_at__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
        if row is None:
            return
        OutboxMessage.objects.filter(pk=row).update(gave_up_at=None, available_at=timezone.now())
    registered = get_effect(message.effect)
    transaction.on_commit(lambda: dispatch([message.pk], long=bool(registered and registered.long)), robust=True)


def _record_failure(message: OutboxMessage, registered: Effect | None, exc: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
    limit = registered.max_attempts if registered else 1
    if message.attempts >= limit:
        message.gave_up_at = timezone.now()
        logger.error("outbox: gave up %s after %s attempts: %s", message, message.attempts, message.last_error)
    else:
        message.available_at = timezone.now() + backoff(message.attempts)
        logger.warning("outbox: %s failed (attempt %s): %s", message, message.attempts, message.last_error)
    message.save(update_fields=["attempts", "last_error", "gave_up_at", "available_at"])


def backoff(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min, ... at most ``MAX_BACKOFF``."""
    return min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def due() -> Q:
    """Pending messages the drain should run now.

    A message never tried is left alone for ``PORTAL_OUTBOX_GRACE`` seconds after it was
    recorded: its own hand-over is normally running it.
    """
    now = timezone.now()
    grace = timedelta(seconds=settings.PORTAL_OUTBOX_GRACE)
    return Q(done_at__isnull=True, gave_up_at__isnull=True) & (
        Q(attempts=0, available_at__lte=now - grace) | Q(attempts__gt=0, available_at__lte=now)
    )


#: How many waiting messages of one effect a probe tries while each one is withdrawn.
PROBES_PER_EFFECT = 5


def probe_waiting() -> list[str]:
    """Try one message of each effect waiting for a retry; the effects that worked again (now due)."""
    now = timezone.now()
    # Not one whose last run was interrupted: it may kill this worker too (it waits for its retry time).
    waiting = OutboxMessage.objects.filter(
        done_at__isnull=True, gave_up_at__isnull=True, attempts__gt=0, available_at__gt=now
    ).exclude(last_error=INTERRUPTED)
    recovered = []
    for name in sorted(set(waiting.values_list("effect", flat=True))):
        # The message with the fewest attempts: one that fails for a reason of its own soon has more.
        # One withdrawn (no longer wanted: ``Withdrawn``) says nothing of the service: the next is tried.
        candidates = waiting.filter(effect=name).order_by("attempts", "available_at", "pk")
        for message_id in candidates.values_list("pk", flat=True)[:PROBES_PER_EFFECT]:
            outcome = deliver(message_id, probe=True)
            if outcome != "withdrawn":
                break
        if outcome == "done":
            waiting.filter(effect=name).update(available_at=now)
            recovered.append(name)
    if recovered:
        logger.info("outbox: %s work again; their waiting messages are due now", recovered)
    return recovered


def drain(*, budget: float = 45.0, batch: int = 100) -> dict[str, int]:
    """Probe the effects waiting for a retry, then run due messages, oldest first, in batches.

    Runs until none is left or ``budget`` seconds passed.
    """
    deadline = time.monotonic() + budget
    outcomes: Counter[str] = Counter()
    recovered = probe_waiting()
    if recovered:
        outcomes["recovered"] = len(recovered)
    while time.monotonic() < deadline:
        ids = list(
            OutboxMessage.objects.filter(due()).order_by("available_at", "pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            break
        results = [deliver(message_id) for message_id in ids]
        outcomes.update(results)
        if all(result == "skipped" for result in results):
            break  # another worker holds them
    outcomes["pending"] = OutboxMessage.objects.filter(done_at__isnull=True, gave_up_at__isnull=True).count()
    return dict(outcomes)


# --- The outbox's Celery tasks (the only Celery tasks most of the portal needs) -------------------


@shared_task(name="portal.outbox.deliver", soft_time_limit=60 * 9, time_limit=60 * 10)
def deliver_task(message_ids: list[int]) -> dict[str, int]:
    """Run the effects of messages a commit just handed over (each at most once)."""
    return dict(Counter(deliver(message_id) for message_id in message_ids))


@shared_task(name="portal.outbox.drain", soft_time_limit=60 * 9, time_limit=60 * 10)
def drain_task() -> dict[str, int]:
    """Beat, every 30 s, and at worker start: run every due message (failed hand-overs, retries, dead workers)."""
    outcomes = drain()
    if set(outcomes) - {"pending"}:
        logger.info("outbox drain: %s", outcomes)
    return outcomes
