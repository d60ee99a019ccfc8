"""Drills: the broker and SMTP down (issues #17 and #11).

* Broker (Redis) down during staff decisions and member edits (slow): every request answers
  normally (0 x 500), no e-mail is lost or doubled, and once the broker is back the outbox
  drains by itself (beat's drain): e-mails out and Elasticsearch == database within 60 s.
* SMTP down during the account and notification flows (slow): sign-up, password reset for a
  known and an unknown address, a staff decision; each answers normally, and every e-mail
  goes out once after SMTP returns (the outbox retries it), without a manual step.
"""

import time

import pytest

from tests.drills.conftest import DEMO_PASSWORD, record
from tests.drills.journeys import Tally, edit_product, signed_in, staff_decision
from tests.drills.mail import duplicates, expected_and_delivered

pytestmark = [pytest.mark.drill, pytest.mark.services, pytest.mark.slow, pytest.mark.timeout(900)]


def _emails_check(s, since, problems):
    after = s.agent("outbox", since_id=since)
    mails = s.mails()
    emails, delivered = expected_and_delivered(after["emails"], mails)
    doubled = duplicates(mails)
    if emails - delivered:
        problems.append(f"e-mails lost: {[m for m in after['emails'] if m['id'] not in delivered][:5]}")
    if doubled:
        problems.append(f"e-mails sent twice: {list(doubled.items())[:5]}")
    return {"emails": len(emails), "emails_delivered": len(emails & delivered), "emails_doubled": len(doubled)}


def test_broker_down_during_decisions_and_edits(stack):
    started = time.monotonic()
    s = stack("broker")
    s.start_proxy()
    s.start_redis("cache")
    s.start_redis("broker")
    s.start_smtp()
    s.manage("search_rebuild", "--no-input")
    s.start_worker(concurrency=2)
    s.start_web(workers=2)
    submitted = s.agent("prepare_submitted", count=6, tag="broker")
    live = [p["id"] for p in s.agent("products", organisation="lansi-neuro", live=True)]
    sessions = s.agent("sessions", users=["staff", "enterprise-editor"])
    s.agent("await_outbox", timeout=60)
    since = s.agent("last_outbox_id")

    s.stop_redis("broker")
    down_at = time.monotonic()
    tally = Tally()
    staff = signed_in(s.web_port, sessions["staff"])
    editor = signed_in(s.web_port, sessions["enterprise-editor"])
    decisions = [staff_decision(staff, pk, "approve", tally) for pk in submitted]
    decisions += [staff_decision(staff, pk, "unpublish", tally) for pk in live[:2]]
    edits = [edit_product(editor, pk, tally, summary_zh=f"经纪人中断时的修改{pk}") for pk in live[2:5]]
    while time.monotonic() - down_at < 20:
        tally.add("GET /zh-hans/products/", s.browser().get("/zh-hans/products/"))
        time.sleep(0.5)
    s.restart_redis("broker")
    back_at = time.monotonic()
    settled = s.agent("await_outbox", since_id=since, timeout=150)
    caught_up_s = round(time.monotonic() - back_at, 1)
    invariants = s.agent("invariants")
    problems = []
    figures = {
        "requests_during_outage": tally.total,
        "statuses": tally.summary(),
        "decisions": decisions,
        "edits": edits,
        "outage_s": round(back_at - down_at, 1),
        "caught_up_after_return_s": caught_up_s,
        "es_equal": settled["equal"],
        "half_written_or_drift": len(invariants["problems"]),
    }
    figures.update(_emails_check(s, since, problems))
    if tally.server_errors:
        problems.append(f"server errors: {tally.server_errors[:5]}")
    if any(status != 302 for status in decisions + edits):
        problems.append(f"a decision or edit did not go through: {decisions} {edits}")
    if settled["pending_since"] or not settled["equal"]:
        problems.append(f"not caught up: {settled}")
    elif caught_up_s > 60:
        problems.append(f"caught up {caught_up_s} s after the broker returned (> 60 s)")
    if invariants["problems"]:
        problems.append(f"invariants: {invariants['problems']}")
    record("broker down", figures, problems, started)
    assert not problems


def test_smtp_down_during_account_and_notification_flows(stack):
    started = time.monotonic()
    s = stack("smtp")
    s.search = "database"
    s.start_redis("cache")
    s.start_redis("broker")
    s.start_smtp()
    s.start_worker(concurrency=2)
    s.start_web(workers=2)
    submitted = s.agent("prepare_submitted", count=1, tag="smtp")
    sessions = s.agent("sessions", users=["staff"])
    s.agent("await_outbox", timeout=60)
    since = s.agent("last_outbox_id")

    s.stop_smtp()
    down_at = time.monotonic()
    tally = Tally()
    visitor = s.browser()
    tally.add("GET signup", visitor.get("/zh-hans/accounts/signup/"))
    signup = visitor.post(
        "/zh-hans/accounts/signup/",
        {"email": "new-member@drill.example", "password1": DEMO_PASSWORD, "password2": DEMO_PASSWORD},
    )
    tally.add("POST signup", signup)
    resets = []
    for address in ("enterprise-editor@demo.bci-alliance.example", "nobody@drill.example"):
        browser = s.browser()
        tally.add("GET reset", browser.get("/zh-hans/accounts/password/reset/"))
        response = browser.post("/zh-hans/accounts/password/reset/", {"email": address})
        tally.add("POST reset", response)
        resets.append(response.status)
    decision = staff_decision(signed_in(s.web_port, sessions["staff"]), submitted[0], "approve", tally)
    invited = s.agent("invite", count=2, tag="smtp")
    while time.monotonic() - down_at < 20:
        time.sleep(0.5)
    s.start_smtp()
    back_at = time.monotonic()
    settled = s.agent("await_outbox", since_id=since, timeout=150)
    delivered_s = round(time.monotonic() - back_at, 1)
    problems = []
    figures = {
        "statuses_while_down": tally.summary(),
        "signup": signup.status,
        "password_resets": resets,
        "decision": decision,
        "invitations": invited["invited"],
        "outage_s": round(back_at - down_at, 1),
        "mail_out_after_return_s": delivered_s,
        "retried": settled["retried"],
    }
    figures.update(_emails_check(s, since, problems))
    if tally.server_errors:
        problems.append(f"server errors: {tally.server_errors[:5]}")
    if signup.status != 302 or resets != [302, 302] or decision != 302 or invited["errors"]:
        problems.append(f"a flow did not answer normally: {figures}")
    if settled["pending_since"]:
        problems.append(f"mail still waiting {settled['seconds']} s after SMTP returned: {settled}")
    if figures["emails"] < 5:
        problems.append(f"only {figures['emails']} e-mails were made: the drill measured too little")
    record("smtp outage", figures, problems, started)
    assert not problems
