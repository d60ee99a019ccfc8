"""Drill: the cache's Redis stops during the public journeys and a sign-in (issue #11).

0 server errors while it is down; once it is back, pages are cached again and an
invalidation made during the outage is honoured: a product unpublished while Redis was
down is never served from a page cached before it (Redis keeps its data across the restart,
as a persistent Redis or a network cut would).
"""

import time

import pytest

from tests.drills.conftest import DEMO_PASSWORD, record, wait_for
from tests.drills.journeys import Tally, sign_in, signed_in, staff_decision, walk

# The timeout covers the session's first setup too (the template database: minutes on a loaded machine).
pytestmark = [pytest.mark.drill, pytest.mark.services, pytest.mark.timeout(900)]


def test_cache_outage(stack):
    started = time.monotonic()
    s = stack("cache")
    s.search = "database"
    s.start_redis("cache", persist=True)
    s.start_redis("broker")
    s.start_web(workers=2)
    s.start_worker(concurrency=1)
    info = s.agent("setup_info", users=["staff"])
    journeys = info["journeys"]
    public = [j["path"] for j in journeys if j["public"]]
    others = [j["path"] for j in journeys if not j["public"]]
    # /healthz answers 503 while Redis is down, by design (README): it is a health check, not a page.
    others = [path for path in others if path != "/healthz"]
    product = info["live_products"][0]
    product_path = f"/zh-hans/products/{product['id']}/"
    sessions = info["sessions"]
    visitor = s.browser()

    # Before: the public pages are served from the cache.
    walk(visitor, public + [product_path], Tally())
    hits_before = sum(visitor.get(path).header("x-public-cache") == "hit" for path in public + [product_path])
    assert visitor.get(product_path).header("x-public-cache") == "hit"

    # The outage: journeys, a sign-in and a staff decision that invalidates cached pages.
    s.stop_redis("cache")
    outage_started = time.monotonic()
    during = Tally()
    rounds = 0
    while rounds < 2 or time.monotonic() - outage_started < 8:
        walk(visitor, public + others, during)
        rounds += 1
    member = sign_in(s.web_port, "enterprise-editor@demo.bci-alliance.example", DEMO_PASSWORD, during)
    signed_in_ok = member.get("/zh-hans/dashboard/").status == 200
    decision = staff_decision(signed_in(s.web_port, sessions["staff"]), product["id"], "unpublish", during)
    walk(visitor, [product_path], during)
    health = visitor.get("/healthz").status
    outage_s = time.monotonic() - outage_started

    # Back: the product page cached before the outage must never be served again.
    s.restart_redis("cache")
    after = Tally()
    stale = 0
    watch_until = time.monotonic() + 10
    while time.monotonic() < watch_until:
        response = visitor.get(product_path)
        after.add(f"GET {product_path}", response)
        stale += response.status == 200
        time.sleep(0.2)
    recached = wait_for(lambda: visitor.get(public[0]).header("x-public-cache") == "hit", timeout=30, what="a hit")
    walk(visitor, public, after)
    hits_after = sum(visitor.get(path).header("x-public-cache") == "hit" for path in public)

    figures = {
        "requests_during_outage": during.total,
        "statuses_during_outage": during.summary(),
        "server_errors": len(during.server_errors),
        "outage_s": round(outage_s, 1),
        "login_signed_in": signed_in_ok,
        "decision_status": decision,
        "healthz_during_outage": health,
        "stale_product_pages_after_restart": stale,
        "hits_before": f"{hits_before}/{len(public) + 1}",
        "hits_after": f"{hits_after}/{len(public)}",
    }
    problems = []
    if during.server_errors:
        problems.append(f"server errors during the outage: {during.server_errors[:5]}")
    if not signed_in_ok:
        problems.append("the sign-in did not open the dashboard")
    if decision != 302:
        problems.append(f"the staff decision answered {decision}")
    if health != 503:
        problems.append(f"/healthz answered {health} while the cache was down (expected 503, degraded)")
    if stale:
        problems.append(f"the unpublished product's cached page was served {stale} time(s) after Redis returned")
    if not recached or hits_after < len(public) - 1:
        problems.append(f"pages not cached again after the restart ({hits_after}/{len(public)} hits)")
    record("cache outage", figures, problems, started)
    assert not problems
