"""Drill: PostgreSQL restarts (an immediate stop: a crash) under load (issue #11).

Visitors (uncached pages, which need the database) and members creating products and cases
keep going while PostgreSQL is down for a few seconds. While it is down the only statuses
are 200/302 (pages answered from the public cache, redirects) and the branded 503 page with
``Retry-After``; never a 500. Once it is back everything answers again, and no record is
half-written: every product has its revision, every case submission its first step, the
database search index matches the data. The cluster is the drill's own, never the machine's.
"""

import threading
import time
from collections import Counter

import pytest

from tests.drills.conftest import record
from tests.drills.journeys import Tally, create_case, create_product, signed_in

# The timeout covers the session's first setup too (the template database: minutes on a loaded machine).
pytestmark = [pytest.mark.drill, pytest.mark.services, pytest.mark.timeout(900)]

UNCACHED = {"Cookie": "sessionid=x"}  # any session cookie bypasses the public cache: the page needs the database


def test_postgres_restart(stack, new_cluster):
    started = time.monotonic()
    s = stack("pg")
    s.search = "database"
    s.move_to(new_cluster)
    s.start_redis("cache")
    s.start_redis("broker")
    s.start_web(workers=3)
    info = s.agent("setup_info", users=["enterprise-editor", "hospital"])
    paths = [j["path"] for j in info["journeys"] if j["path"] != "/healthz"]
    orgs, sessions = info["organisations"], info["sessions"]
    before = s.agent("invariants")

    phase = {"name": "before"}
    tallies = {name: Tally() for name in ("before", "down", "back")}
    bad_503 = []
    stop = threading.Event()
    created = Counter()

    def note(response, what):
        tally = tallies[phase["name"]]
        tally.add(what, response)
        if response.status == 503 and (
            "Retry-After" not in {k.title() for k in response.headers} or "503" not in response.text
        ):
            bad_503.append(what)

    def visitor(offset):
        browser = s.browser(timeout=30)
        i = offset
        while not stop.is_set():
            path = paths[i % len(paths)]
            note(browser.get(path, headers=UNCACHED if i % 2 else None), f"GET {path}")
            i += 1

    def member(key, make):
        n = 0
        while not stop.is_set():
            browser = signed_in(s.web_port, sessions[key])
            local = Tally()
            response = make(browser, local, n)
            for status, count in local.statuses.items():
                tallies[phase["name"]].statuses[status] += count
            tallies[phase["name"]].server_errors.extend(local.server_errors)
            if getattr(response, "status", None) == 302:
                created[key] += 1
            n += 1

    threads = [threading.Thread(target=visitor, args=(i * 5,)) for i in range(3)]
    threads.append(
        threading.Thread(
            target=member, args=("enterprise-editor", lambda b, t, n: create_product(b, orgs["lansi-neuro"], t, n))
        )
    )
    threads.append(
        threading.Thread(target=member, args=("hospital", lambda b, t, n: create_case(b, orgs["binhai-neuro"], t, n)))
    )
    for thread in threads:
        thread.start()
    try:
        time.sleep(5)
        phase["name"] = "down"
        down_at = time.monotonic()
        new_cluster.stop("immediate")
        time.sleep(4)
        new_cluster.start()
        back_at = time.monotonic()
        # Each worker's next request finds its old connection dead (CONN_HEALTH_CHECKS) and reconnects.
        time.sleep(2)
        phase["name"] = "back"
        time.sleep(6)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    after = s.agent("invariants")
    down, back = tallies["down"], tallies["back"]
    figures = {
        "requests": sum(t.total for t in tallies.values()),
        "down_s": round(back_at - down_at, 1),
        "statuses_before": tallies["before"].summary(),
        "statuses_while_down": down.summary(),
        "statuses_after": back.summary(),
        "products_created": created["enterprise-editor"],
        "cases_created": created["hospital"],
        "products": after["products"],
        "case_submissions": after["case_submissions"],
        "half_written": len(after["problems"]),
    }
    problems = []
    unexpected = {k: v for k, v in down.statuses.items() if k not in (200, 302, 503)}
    if unexpected:
        problems.append(
            f"while PostgreSQL was down: statuses {unexpected} besides 200/302/503: {down.server_errors[:3]}"
        )
    if not down.statuses.get(503):
        problems.append("no request met the outage (no 503): the drill measured nothing")
    if bad_503:
        problems.append(f"503 answers without the branded page or Retry-After: {bad_503[:3]}")
    if tallies["before"].server_errors or back.server_errors:
        problems.append(f"errors outside the outage: {(tallies['before'].server_errors + back.server_errors)[:5]}")
    if after["problems"]:
        problems.append(f"half-written records: {after['problems']}")
    if before["problems"]:
        problems.append(f"the data was inconsistent before the drill: {before['problems']}")
    if not (created["enterprise-editor"] and created["hospital"]):
        problems.append("the members created nothing")
    record("postgresql restart", figures, problems, started)
    assert not problems
