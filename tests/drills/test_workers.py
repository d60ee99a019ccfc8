"""Drills: Celery workers (issues #11 and #17).

* Two workers apply updates to the same object at once (fast): two processes save one
  product 25 times each while two Celery worker processes (separate workers) apply the
  Elasticsearch updates; no write or effect fails, and both indexes hold the newest name.
  The same race in one process is tests/search/test_indexing.py's
  test_concurrent_writers_of_one_object_never_conflict_and_the_newest_wins.
* A worker killed with SIGKILL mid-batch (slow): 60 e-mails and 100 index updates; the
  worker's whole process group is killed once some e-mails went out, a new worker starts:
  no task lost, no e-mail sent twice (counted per Message-ID and recipient at the SMTP
  server), everything applied within 2 minutes.
"""

import json
import subprocess
import sys
import time

import pytest

from tests.drills.conftest import ROOT, record, wait_for
from tests.drills.mail import duplicates, outbox_ids

pytestmark = [pytest.mark.drill, pytest.mark.services, pytest.mark.timeout(900)]


def _stack(stack, name, smtp_delay=0.0):
    s = stack(name)
    s.start_proxy()
    s.start_redis("cache")
    s.start_redis("broker")
    s.start_smtp(delay=smtp_delay)
    s.manage("search_rebuild", "--no-input")
    return s


def test_two_workers_update_one_object(stack):
    started = time.monotonic()
    s = _stack(stack, "race")
    s.start_worker(concurrency=1, name="w1")
    s.start_worker(concurrency=1, name="w2", beat=False)
    product = s.agent("products", live=True)[0]["id"]
    since = s.agent("last_outbox_id")
    command = [sys.executable, "-m", "tests.drills.agent", "hammer"]
    writers = [
        subprocess.Popen(
            [*command, f'{{"product_id": {product}, "count": 25, "tag": "{tag}"}}'],
            cwd=ROOT,
            env=s.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("甲", "乙")
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    results = [
        json.loads(line.removeprefix("DRILL-RESULT "))
        for out, _err in outputs
        for line in out.splitlines()
        if line.startswith("DRILL-RESULT ")
    ]
    settled = s.agent("await_outbox", since_id=since, timeout=90)
    docs = s.agent("product_docs", product_id=product)
    logs = "\n".join(worker.log.read_text(errors="replace") for worker in s.workers)
    integrity = logs.count("IntegrityError")
    figures = {
        "saves": 50,
        "write_errors": sum(r["error_count"] for r in results),
        "effects_retried": settled["retried"],
        "integrity_errors_in_worker_logs": integrity,
        "settled_s": settled["seconds"],
        "newest_name": docs["name"],
        "database_title": docs["database"],
        "es_title": docs["es"],
        "es_equal": settled["equal"],
    }
    problems = []
    if len(results) != 2 or any(r["error_count"] for r in results):
        problems.append(f"saves failed: {[r.get('errors') for r in results]} {[e[-500:] for _o, e in outputs]}")
    if settled["retried"] or integrity:
        problems.append(f"effects failed and were retried: {settled['failures']}")
    if not (docs["name"] == docs["database"] == docs["es"]):
        problems.append(f"the newest name is not what both indexes hold: {docs}")
    if not settled["equal"] or settled["pending_since"]:
        problems.append(f"not settled after {settled['seconds']} s: {settled}")
    record("two workers, one object", figures, problems, started)
    assert not problems


@pytest.mark.slow
def test_worker_killed_mid_batch(stack):
    started = time.monotonic()
    s = _stack(stack, "sigkill", smtp_delay=0.3)  # each e-mail takes 0.3 s: the kill finds some in flight
    worker = s.start_worker(concurrency=2, name="w1")
    since = s.agent("last_outbox_id")
    # The batch: 120 invitations (an e-mail each) and 100 writes (index updates, decision e-mails),
    # made by a process that keeps committing while the worker is killed.
    producer = subprocess.Popen(
        [sys.executable, "-m", "tests.drills.agent", "invite", '{"count": 120, "tag": "kill"}'],
        cwd=ROOT,
        env=s.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # The writes too run beside the worker (a synchronous call here took longer than the worker
    # needed for the whole batch, so the kill came after it).
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.drills.agent", "writes", '{"count": 100, "tag": "kill"}'],
        cwd=ROOT,
        env=s.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: len(s.mails()) >= 10, timeout=120, interval=0.05, what="the first e-mails")
    state = s.agent("outbox", since_id=since)
    worker.kill()  # SIGKILL to the whole group: main process, pool processes, beat
    killed_at = time.monotonic()
    sent_before = len(s.mails())
    producer.communicate(timeout=300)
    writer.communicate(timeout=300)
    time.sleep(3)
    s.start_worker(concurrency=2, name="w2")
    settled = s.agent("await_outbox", since_id=since, timeout=180)
    after = s.agent("outbox", since_id=since)
    applied_s = round(time.monotonic() - killed_at, 1)
    mails = s.mails()
    # Invitations are always sent; a decision e-mail is rightly skipped when the decision no longer holds.
    invitation_ids = {m["id"] for m in after["emails"] if m["effect"] == "portal.invitation_email"}
    invitations = {m["id"] for m in after["emails"] if m.get("parent") in invitation_ids}
    handed_over = {m["parent"] for m in after["emails"] if m.get("parent") in invitation_ids}
    # Each mail is an outbox message of its own, scheduled by its invitation's effect (portal.emails).
    delivered = outbox_ids(mails)
    doubled = duplicates(mails)
    figures = {
        "invitation_emails": len(invitations),
        "invitations_not_handed_over": len(invitation_ids - handed_over),
        "all_emails": len(after["emails"]),
        "index_updates": sum(n for k, n in after["by_state"].items() if k.startswith("search.")),
        "pending_when_killed": sum(n for k, n in state["by_state"].items() if k.endswith(":pending")),
        "mails_before_kill": sent_before,
        "mails_received": len(mails),
        "invitations_missing": len(invitations - delivered),
        "emails_doubled": len(doubled),
        "applied_within_s": applied_s,
        "es_equal": settled["equal"],
    }
    problems = []
    if settled["pending_since"] or not settled["equal"]:
        problems.append(f"not everything applied: {settled}")
    if applied_s > 120:
        problems.append(f"applied {applied_s} s after the kill (> 120 s)")
    if invitation_ids - handed_over:
        problems.append(f"invitations that never handed over their e-mail: {sorted(invitation_ids - handed_over)[:10]}")
    if invitations - delivered:
        problems.append(f"e-mails never sent: {sorted(invitations - delivered)[:10]}")
    if doubled:
        problems.append(f"e-mails sent twice: {list(doubled.items())[:5]}")
    if not figures["pending_when_killed"]:
        problems.append("nothing was pending when the worker was killed: the drill measured nothing")
    record("worker killed mid-batch", figures, problems, started)
    assert not problems
