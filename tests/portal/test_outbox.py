"""The transactional outbox (portal/outbox.py): recorded with the change, run once, never lost, never raised."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from portal import outbox, tasks
from portal.db import object_lock
from portal.models import OutboxMessage
from portal.models.outbox import OutboxState, OutboxWithdrawal
from tests.conftest import broker_at

pytestmark = pytest.mark.django_db

CALLS: list[dict] = []


@outbox.effect("tests.record")
def record(**payload):
    CALLS.append(payload)


@outbox.effect("tests.fail", max_attempts=3)
def fail(**payload):
    CALLS.append(payload)
    raise ConnectionError("SMTP server down")


@outbox.effect("tests.slow")
def slow(*, seconds: float):
    CALLS.append({"seconds": seconds})
    time.sleep(seconds)


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    outbox.reset_broker_state()
    yield
    outbox.reset_broker_state()


def test_a_message_runs_after_the_commit_not_before(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = outbox.schedule(record, {"n": 1})
        assert CALLS == []
        assert OutboxMessage.objects.get(pk=message.pk).is_pending
    assert len(callbacks) == 1
    assert CALLS == [{"n": 1}]
    assert OutboxMessage.objects.get(pk=message.pk).done_at is not None


def test_a_rollback_takes_the_message_away_with_the_change(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox.schedule(record, {"n": 1})
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert CALLS == []


def test_an_unknown_effect_is_refused_when_scheduled():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        outbox.schedule("tests.nothing_of_that_name", {})


def test_delivering_twice_runs_the_effect_once():
    message = outbox.schedule(record, {"n": 1})
    assert outbox.deliver(message.pk) == "done"
    assert outbox.deliver(message.pk) == "skipped"
    assert CALLS == [{"n": 1}]
    message.refresh_from_db()
    assert message.attempts == 0 and message.last_error == ""  # attempts count failed runs only (drills)


def test_a_key_makes_a_message_unique():
    assert outbox.schedule(record, {"n": 1}, key="decision:7") is not None
    assert outbox.schedule(record, {"n": 2}, key="decision:7") is None
    assert OutboxMessage.objects.count() == 1


def test_a_failure_is_recorded_and_retried_later_then_given_up():
    message = outbox.schedule(fail, {"n": 1})
    before = timezone.now()
    assert outbox.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.attempts == 1 and "SMTP server down" in message.last_error
    assert message.available_at >= before + timedelta(seconds=29)
    assert message.is_pending
    for _ in range(2):
        OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.attempts == 3 and message.gave_up_at is not None
    assert outbox.deliver(message.pk) == "skipped"


def test_a_failing_effects_writes_are_undone():
    @outbox.effect("tests.write_then_fail")
    def write_then_fail():
        OutboxMessage.objects.create(effect="tests.record", payload={"written": True})
        raise ValueError("half way")

    message = outbox.schedule(write_then_fail)
    outbox.deliver(message.pk)
    assert not OutboxMessage.objects.filter(payload__written=True).exists()


def test_backoff_grows_and_is_capped():
    assert outbox.backoff(1) == timedelta(seconds=30)
    assert outbox.backoff(2) == timedelta(minutes=1)
    assert outbox.backoff(3) == timedelta(minutes=2)
    assert outbox.backoff(12) == outbox.MAX_BACKOFF == timedelta(minutes=10)


def test_the_drain_runs_what_was_never_handed_over_and_due_retries(settings):
    settings.PORTAL_OUTBOX_GRACE = 20
    old = timezone.now() - timedelta(minutes=5)
    OutboxMessage.objects.create(effect="tests.record", payload={"n": "stuck"}, available_at=old)
    fresh = OutboxMessage.objects.create(effect="tests.record", payload={"n": "fresh"})  # its hand-over runs it
    OutboxMessage.objects.create(
        effect="tests.record", payload={"n": "retry"}, attempts=2, available_at=timezone.now() - timedelta(seconds=1)
    )
    # Its service still fails: the drain's probe of it counts nothing and it waits for its retry time.
    SERVICE["up"] = False
    retry_later = OutboxMessage.objects.create(
        effect="tests.flaky_service",
        payload={"n": "later"},
        attempts=2,
        available_at=timezone.now() + timedelta(minutes=1),
    )
    outcome = outbox.drain()
    assert sorted(call["n"] for call in CALLS) == ["retry", "stuck"]
    assert outcome["done"] == 2 and outcome["pending"] == 2
    assert {m.pk for m in OutboxMessage.objects.filter(done_at__isnull=True)} == {fresh.pk, retry_later.pk}


def test_the_drain_works_through_a_backlog_in_batches(settings):
    old = timezone.now() - timedelta(minutes=5)
    OutboxMessage.objects.bulk_create(
        OutboxMessage(effect="tests.record", payload={"n": n}, available_at=old) for n in range(250)
    )
    outcome = outbox.drain(batch=40)
    assert outcome["done"] == 250 and outcome["pending"] == 0


def test_one_run_of_a_topic_covers_its_earlier_messages():
    first = outbox.schedule(record, {"n": 1}, topic="search:product:1")
    second = outbox.schedule(record, {"n": 2}, topic="search:product:1")
    other = outbox.schedule(record, {"n": 3}, topic="search:product:2")
    assert outbox.deliver(second.pk) == "done"
    assert outbox.deliver(first.pk) == "skipped"
    assert CALLS == [{"n": 2}]
    assert OutboxMessage.objects.get(pk=other.pk).is_pending


def test_a_broker_outage_never_fails_the_request_and_the_drain_catches_up(
    settings, django_capture_on_commit_callbacks, caplog
):
    """Issue #17, finding 1: a decision e-mail queued while the broker is down is not lost, and nothing raises."""
    # Nothing listens there: connection refused, as when the broker's Redis is down.
    with broker_at("redis://127.0.0.1:1/0"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            first = outbox.schedule(record, {"n": 1})
        with django_capture_on_commit_callbacks(execute=True):
            second = outbox.schedule(record, {"n": 2})
        took = time.monotonic() - started
    assert took < 3, took  # one short connection attempt, then the breaker
    assert outbox.broker_marked_down()
    assert "could not hand" in caplog.text
    assert CALLS == []
    OutboxMessage.objects.update(available_at=timezone.now() - timedelta(minutes=1))
    outbox.drain()
    assert sorted(call["n"] for call in CALLS) == [1, 2]
    assert not OutboxMessage.objects.filter(pk__in=[first.pk, second.pk], done_at__isnull=True).exists()


def test_a_failing_effect_in_eager_mode_does_not_fail_the_request(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.schedule(fail, {"n": 1})
    message.refresh_from_db()
    assert message.attempts == 1 and message.is_pending


def test_sensitive_payloads_are_emptied_once_sent():
    message = outbox.schedule(
        tasks.send_email,
        {
            "message": {
                "subject": "Reset your password",
                "body": "https://example.com/accounts/password/reset/key/secret/",
                "to": ["a@example.com"],
            }
        },
    )
    assert outbox.deliver(message.pk) == "done"
    message.refresh_from_db()
    assert message.payload == {}
    assert mail.outbox[0].subject == "Reset your password"


def test_mail_sent_by_the_outbox_has_a_message_id_that_survives_a_resend():
    message = outbox.schedule(tasks.send_email, {"message": {"subject": "s", "body": "b", "to": ["a@example.com"]}})
    outbox.deliver(message.pk)
    sent_id = mail.outbox[0].message()["Message-ID"]
    assert sent_id == outbox.message_id_for(message, sent_id.split("@", 1)[1].rstrip(">"))


def test_purge_deletes_old_done_messages_only():
    long_ago = timezone.now() - timedelta(days=30)
    OutboxMessage.objects.create(effect="tests.record", done_at=long_ago)
    OutboxMessage.objects.create(effect="tests.record", done_at=timezone.now())
    OutboxMessage.objects.create(effect="tests.record", gave_up_at=long_ago)
    OutboxMessage.objects.create(effect="tests.record")
    assert tasks.purge_outbox(older_than=timedelta(days=14)) == 1
    assert OutboxMessage.objects.count() == 3


def test_the_daily_purge_deletes_mail_given_up_longer_than_its_retention_ago(settings, caplog):
    """A given-up mail holds its recipients and text: the operators have the retention to run it again,
    then it goes, as a done message does (logged without its payload)."""
    settings.PORTAL_OUTBOX_RETENTION_DAYS = 14
    settings.PORTAL_OUTBOX_GIVEN_UP_RETENTION_DAYS = 30
    now = timezone.now()
    mail_to = {"message": {"subject": "Case accepted", "body": "Dear 王医生", "to": ["wang@example.com"]}}

    def given_up(days_ago):
        return OutboxMessage.objects.create(
            effect="portal.send_email", payload=mail_to, attempts=20, gave_up_at=now - timedelta(days=days_ago)
        )

    old, recent = given_up(31), given_up(29)
    pending = OutboxMessage.objects.create(effect="portal.send_email", payload=mail_to, attempts=3)
    with caplog.at_level("WARNING", logger="portal.outbox"):
        assert tasks.purge_outbox_task() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()
    assert "portal.send_email" in caplog.text and "wang@example.com" not in caplog.text


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_run_one_message_twice(postgres_service):
    """Row lock + done mark: concurrent deliveries of one message run its effect once."""
    message = OutboxMessage.objects.create(effect="tests.slow", payload={"seconds": 0.5})  # not handed over
    results = []

    def worker():
        try:
            results.append(outbox.deliver(message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["done", "skipped", "skipped"], OutboxMessage.objects.get(pk=message.pk).last_error
    assert len(CALLS) == 1


HOLDING = threading.Event()


@outbox.effect("tests.hold_object_lock")
def hold_object_lock(*, name: str):
    """An effect that takes an object's lock, as a search update does, and keeps it a moment."""
    object_lock(name)
    HOLDING.set()
    time.sleep(0.5)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_run_covering_a_message_another_worker_holds_leaves_it_to_that_worker(postgres_service):
    """Two workers, one topic (the drill "two workers, one object"): worker 2 holds the older message
    and waits for the object's lock; worker 1 holds that lock in the newer message's effect. Worker 1
    must not then wait for worker 2's message: that was a deadlock PostgreSQL broke by failing one."""
    HOLDING.clear()
    older = OutboxMessage.objects.create(effect="tests.hold_object_lock", payload={"name": "t:1"}, topic="t:1")
    newer = OutboxMessage.objects.create(effect="tests.hold_object_lock", payload={"name": "t:1"}, topic="t:1")
    older_locked, errors = threading.Event(), []

    def worker_2():
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=older.pk)  # delivering the older one
                older_locked.set()
                HOLDING.wait(10)
                object_lock("t:1")  # its effect's lock: worker 1 holds it
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=worker_2)
    thread.start()
    assert older_locked.wait(10)
    assert outbox.deliver(newer.pk) == "done"
    thread.join(20)
    assert not errors
    assert OutboxMessage.objects.get(pk=newer.pk).done_at is not None
    assert OutboxMessage.objects.get(pk=older.pk).is_pending  # its own worker finishes it


SERVICE = {"up": False}


@outbox.effect("tests.flaky_service")
def flaky_service(**payload):
    if not SERVICE["up"]:
        raise ConnectionError("Elasticsearch down")
    CALLS.append(payload)


def test_once_a_service_is_back_its_waiting_messages_run_at_the_next_drain_not_after_their_backoff():
    """The Elasticsearch outage drill's finding (tests/drills/test_search_outage.py).

    After a 62 s outage, 108 of 500 writes' index updates were still waiting 60 s after
    Elasticsearch returned: their retries had backed off to 1-2 min (up to 10 min after a long
    outage). The drain probes one waiting message per effect; when it works, the rest are due.
    """
    SERVICE["up"] = False
    messages = [outbox.schedule(flaky_service, {"n": n}) for n in range(3)]
    for message in messages:
        for _ in range(4):
            OutboxMessage.objects.filter(pk=message.pk).update(available_at=timezone.now())
            assert outbox.deliver(message.pk) == "failed"
    waiting = OutboxMessage.objects.get(pk=messages[0].pk)
    assert waiting.attempts == 4 and waiting.available_at > timezone.now() + timedelta(minutes=3)

    outbox.drain()  # still down: the probe counts no attempt and moves no retry time
    assert OutboxMessage.objects.get(pk=messages[0].pk).attempts == 4
    assert OutboxMessage.objects.get(pk=messages[0].pk).available_at == waiting.available_at

    SERVICE["up"] = True
    outbox.drain()
    assert sorted(call["n"] for call in CALLS) == [0, 1, 2]
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()


def test_an_smtp_goodbye_waits_for_the_commit_that_records_the_mail_sent(monkeypatch):
    """The window in which a killed worker would send a mail again is the commit alone, not the QUIT too."""
    from django.core.mail.backends.locmem import EmailBackend

    events = []
    monkeypatch.setattr(EmailBackend, "close", lambda self: events.append(("quit", _done(message.pk))), raising=False)
    message = outbox.schedule(tasks.send_email, {"message": {"subject": "s", "body": "b", "to": ["a@example.com"]}})
    assert outbox.deliver(message.pk) == "done"
    assert events == [("quit", True)]
    assert len(mail.outbox) == 1


def _done(pk) -> bool:
    return OutboxMessage.objects.filter(pk=pk, done_at__isnull=False).exists()


def test_an_effect_writing_to_several_people_hands_each_mail_to_its_own_message(django_capture_on_commit_callbacks):
    """A worker killed between two recipients must not send the first one's mail again (the worker drill)."""
    from portal import emails

    @outbox.effect("tests.write_to_three")
    def write_to_three():
        for address in ("a@example.com", "b@example.com", "c@example.com"):
            emails.send_templated_email(
                template="portal/email/invitation", to=[address], language="zh-hans", context={"invitation": None}
            )

    with django_capture_on_commit_callbacks(execute=True):
        fan_out = outbox.schedule(write_to_three)
    singles = OutboxMessage.objects.filter(effect="portal.send_email").order_by("pk")
    assert singles.count() == 3
    assert all(m.key.startswith(f"mail:{fan_out.pk}:") and m.done_at for m in singles)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com", "c@example.com"]
    assert len({m.message()["Message-ID"] for m in mail.outbox}) == 3


class WorkerKilled(BaseException):
    """What the effect's process sees of a SIGKILL, an out-of-memory kill or Celery's hard time limit:
    nothing after it runs (not an ``Exception``: no handler of the outbox's gets to record it)."""


@outbox.effect("tests.kills_its_worker", max_attempts=3)
def kills_its_worker(**payload):
    CALLS.append(payload)
    raise WorkerKilled


def _run_killed(run):
    try:
        return run()
    except WorkerKilled:
        return "killed"


def test_a_message_whose_effect_kills_its_worker_is_counted_and_given_up_not_run_for_ever():
    """A poison message (an export that runs out of memory, an effect past the hard time limit) never
    got as far as recording a failure: it ran again at every drain, for ever."""
    poison = outbox.schedule(kills_its_worker, {"n": "poison"})
    assert _run_killed(lambda: outbox.deliver(poison.pk)) == "killed"
    poison.refresh_from_db()
    assert poison.is_pending and poison.last_error == outbox.INTERRUPTED
    assert poison.available_at > timezone.now() + timedelta(seconds=20)  # a killed run waits like a failed one
    for _ in range(10):
        OutboxMessage.objects.filter(pk=poison.pk).update(available_at=timezone.now() - timedelta(minutes=1))
        _run_killed(lambda: outbox.deliver(poison.pk))
    poison.refresh_from_db()
    assert len(CALLS) == 3  # its max_attempts
    assert poison.gave_up_at is not None and not poison.is_pending


def test_a_message_that_killed_the_drain_does_not_block_the_next_drain(settings):
    old = timezone.now() - timedelta(minutes=5)
    OutboxMessage.objects.create(effect="tests.kills_its_worker", payload={"n": "poison"}, available_at=old)
    OutboxMessage.objects.create(effect="tests.record", payload={"n": "behind it"}, available_at=old)
    assert _run_killed(outbox.drain) == "killed"  # the worker running the drain dies in the poison's effect
    outcome = outbox.drain()  # beat's next drain, 30 s later: neither run nor probed again
    assert [call["n"] for call in CALLS] == ["poison", "behind it"]
    assert outcome["done"] == 1 and outcome["pending"] == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_run_again_does_not_wait_for_a_worker_running_the_message(postgres_service):
    """Staff's *Run again* on a task a worker is running (an export, a mail to a slow SMTP server)
    answered only once the effect ended: its UPDATE waited for the worker's row lock."""
    message = OutboxMessage.objects.create(
        effect="tests.record", attempts=1, last_error="SMTPServerDisconnected", available_at=timezone.now()
    )
    locked, release = threading.Event(), threading.Event()

    def worker():
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=message.pk)  # delivering it
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    assert locked.wait(10)
    started = time.monotonic()
    try:
        outbox.retry_now(message)
        took = time.monotonic() - started
    finally:
        release.set()
        thread.join()
    assert took < 3


@outbox.effect("tests.no_longer_wanted")
def no_longer_wanted(**payload):
    CALLS.append(payload)
    OutboxMessage.objects.create(effect="tests.record")  # undone with the withdrawal
    raise outbox.Withdrawn(OutboxWithdrawal.UNSUBSCRIBED)


def test_an_effect_that_finds_its_work_no_longer_wanted_ends_withdrawn_never_retried():
    message = outbox.schedule(no_longer_wanted, {"n": 1})
    assert outbox.deliver(message.pk) == "withdrawn"
    message.refresh_from_db()
    assert message.done_at and message.withdrawn == OutboxWithdrawal.UNSUBSCRIBED and message.attempts == 0
    assert message.state == OutboxState.WITHDRAWN
    assert list(OutboxMessage.objects.filter(OutboxState.condition(OutboxState.WITHDRAWN))) == [message]
    assert not OutboxMessage.objects.filter(OutboxState.condition(OutboxState.DONE)).exists()
    assert not OutboxMessage.objects.filter(effect="tests.record").exists()
    assert outbox.deliver(message.pk) == "skipped" and len(CALLS) == 1


@outbox.effect("tests.replaced_by_less")
def replaced_by_less(*, then_fails: bool = False):
    CALLS.append({"replaced": True})
    OutboxMessage.objects.create(effect="tests.record", key="undone")  # undone with the withdrawal

    def then():
        outbox.schedule(record, {"n": "the rest"}, key="replacement")
        if then_fails:
            raise ConnectionError("database hiccup")

    # Scheduled here, in the effect, the replacement would be undone with it: ``then`` is run outside.
    raise outbox.Withdrawn(OutboxWithdrawal.REWRITTEN, then=then)


def test_a_withdrawn_effect_replaced_by_less_work_schedules_it_with_the_withdrawal(
    django_capture_on_commit_callbacks,
):
    message = outbox.schedule(replaced_by_less, {})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert outbox.deliver(message.pk) == "withdrawn"
    message.refresh_from_db()
    assert message.withdrawn == OutboxWithdrawal.REWRITTEN and message.done_at
    assert not OutboxMessage.objects.filter(key="undone").exists()  # the effect's own write: undone
    replacement = OutboxMessage.objects.get(key="replacement")
    # Handed over after the commit that recorded the withdrawal, and run.
    assert len(callbacks) == 1 and replacement.done_at and CALLS == [{"replaced": True}, {"n": "the rest"}]
    assert outbox.deliver(message.pk) == "skipped"  # once: the withdrawn message is done
    assert OutboxMessage.objects.filter(key="replacement").count() == 1


def test_a_replacement_that_cannot_be_scheduled_leaves_the_message_to_be_retried():
    """Neither withdrawn without its replacement, nor the replacement without the withdrawal: a failure."""
    message = outbox.schedule(replaced_by_less, {"then_fails": True})
    assert outbox.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.done_at is None and message.withdrawn == "" and message.attempts == 1
    assert "database hiccup" in message.last_error
    assert not OutboxMessage.objects.filter(key__in=["undone", "replacement"]).exists()


def test_a_recurring_mail_of_a_scope_without_a_check_waits_rather_than_goes_out():
    """Nobody can tell whether its recipient still wants it: it fails (retried, shown to staff), unsent."""
    data = {"subject": "Digest", "body": "…", "to": ["a@example.com"]}
    message = outbox.schedule(tasks.send_email, {"message": data, "recurring": {"scope": "tests.nobody", "user_id": 1}})
    assert outbox.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert "no unsubscribe check is registered for 'tests.nobody'" in message.last_error
    assert mail.outbox == []


@outbox.effect("tests.flaky_or_unwanted")
def flaky_or_unwanted(*, wanted: bool):
    if not wanted:
        raise outbox.Withdrawn(OutboxWithdrawal.UNSUBSCRIBED)
    flaky_service(wanted=wanted)


def test_a_probe_that_finds_its_message_no_longer_wanted_tries_the_next_one():
    """A digest its investor stopped while SMTP was down says nothing of SMTP: the next waiting mail is tried."""
    SERVICE["up"] = False
    unwanted = outbox.schedule(flaky_or_unwanted, {"wanted": False})
    wanted = [outbox.schedule(flaky_or_unwanted, {"wanted": True}) for _ in range(2)]
    later = timezone.now() + timedelta(minutes=5)
    OutboxMessage.objects.filter(pk=unwanted.pk).update(attempts=1, available_at=later)
    OutboxMessage.objects.filter(pk__in=[m.pk for m in wanted]).update(attempts=2, available_at=later)
    SERVICE["up"] = True

    assert outbox.probe_waiting() == ["tests.flaky_or_unwanted"]
    assert OutboxMessage.objects.get(pk=unwanted.pk).withdrawn == OutboxWithdrawal.UNSUBSCRIBED
    assert len(CALLS) == 1  # the second message, probed: done
    assert OutboxMessage.objects.filter(done_at__isnull=True, available_at__lte=timezone.now()).count() == 1
