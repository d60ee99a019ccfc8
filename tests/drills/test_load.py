"""Drill: load (issue #11), slow.

gunicorn with production settings as the README runs it (4 sync workers, 127.0.0.1), 32
concurrent visitors over the main public journeys (bench/pages.py's pages, anonymous: mostly
the public page cache, as in production) for 60 s on loopback: 0 errors, and each percentile
as a ratio to the bare view (``/bench/bare/``, requested by the same visitors in between, so
it waits in the same queues). Then 30 s more with one hostile upload always in flight (the
twelve 6,300 x 6,300 JPEG product form of #11 finding 3, posted by a signed-in enterprise
editor, again as soon as it answers): the public p95 must stay within 2x of the first phase's.

The client runs in this process on the same 2 CPUs as the server; figures are noisy when
other work runs on the machine (the load average is recorded beside them).
"""

import io
import os
import random
import threading
import time

import pytest
from PIL import Image

from bench import stats
from tests.drills.conftest import record
from tests.drills.journeys import Tally, create_product, signed_in

pytestmark = [pytest.mark.drill, pytest.mark.services, pytest.mark.slow, pytest.mark.timeout(900)]

USERS = 32
MAIN_SECONDS = 60
UPLOAD_SECONDS = 30
BARE = "/bench/bare/"


def huge_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6300, 6300), (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def run_phase(s, paths, seconds, tally):
    pages, bare = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def visitor(seed):
        rng = random.Random(seed)
        browser = s.browser(timeout=60)
        n = 0
        while time.monotonic() < deadline:
            path = BARE if n % 5 == 4 else rng.choice(paths)
            response = browser.get(path)
            tally.add(f"GET {path}", response)
            with lock:
                (bare if path == BARE else pages).append(response.ms)
            n += 1

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats.summarise(pages), stats.summarise(bare)


def test_load_with_a_hostile_upload(stack):
    started = time.monotonic()
    s = stack("load")
    s.start_proxy()
    s.start_redis("cache")
    s.start_redis("broker")
    s.manage("search_rebuild", "--no-input")
    s.start_worker(concurrency=1)
    s.start_web(workers=4)
    paths = [j["path"] for j in s.agent("journeys") if j["path"] != "/healthz"]
    orgs = s.agent("organisations")
    session = s.agent("sessions", users=["enterprise-editor"])["enterprise-editor"]
    warm = s.browser()
    for path in paths * 2:
        warm.get(path)
    load_before = os.getloadavg()[0]

    main = Tally()
    page_ms, bare_ms = run_phase(s, paths, MAIN_SECONDS, main)

    jpeg = huge_jpeg()
    files = {f"images-{i}-file": [(f"big{i}.jpg", jpeg, "image/jpeg")] for i in range(12)}
    uploads, upload_ms, upload_statuses = Tally(), [], []
    stop = threading.Event()

    def uploader():
        browser = signed_in(s.web_port, session)
        browser.timeout = 120
        n = 0
        while not stop.is_set():
            began = time.perf_counter()
            response = create_product(browser, orgs["lansi-neuro"], uploads, n, files=files)
            upload_ms.append((time.perf_counter() - began) * 1000)
            upload_statuses.append(getattr(response, "status", 0))
            n += 1

    thread = threading.Thread(target=uploader)
    thread.start()
    time.sleep(1)
    hostile = Tally()
    try:
        upload_page_ms, upload_bare_ms = run_phase(s, paths, UPLOAD_SECONDS, hostile)
    finally:
        stop.set()
        thread.join(timeout=180)
    load_after = os.getloadavg()[0]

    ratio = stats.ratios(page_ms, bare_ms)
    growth = upload_page_ms["p95"] / page_ms["p95"]
    figures = {
        "users": USERS,
        "requests": main.total,
        "requests_per_s": round(main.total / MAIN_SECONDS, 1),
        "errors": len(main.server_errors),
        "page_p50_ms": round(page_ms["p50"], 1),
        "page_p95_ms": round(page_ms["p95"], 1),
        "bare_p50_ms": round(bare_ms["p50"], 1),
        "bare_p95_ms": round(bare_ms["p95"], 1),
        "p50_ratio_to_bare": round(ratio["p50"], 2),
        "p95_ratio_to_bare": round(ratio["p95"], 2),
        "upload_phase_requests": hostile.total,
        "upload_phase_errors": len(hostile.server_errors),
        "upload_phase_page_p95_ms": round(upload_page_ms["p95"], 1),
        "upload_phase_bare_p95_ms": round(upload_bare_ms["p95"], 1),
        "public_p95_growth_with_upload": round(growth, 2),
        "uploads": len(upload_ms),
        "upload_statuses": sorted(set(upload_statuses)),
        "upload_s": [round(ms / 1000, 1) for ms in upload_ms],
        "load_average": f"{load_before:.1f} -> {load_after:.1f} on {os.cpu_count()} CPUs",
    }
    problems = []
    if main.server_errors or hostile.server_errors:
        problems.append(f"errors under load: {(main.server_errors + hostile.server_errors)[:5]}")
    if uploads.server_errors or any(status != 400 for status in upload_statuses):
        problems.append(f"the hostile upload did not answer its form with errors (400): {upload_statuses}")
    if not upload_ms:
        problems.append("no upload was in flight")
    if growth > 2:
        problems.append(f"the public p95 grew {growth:.2f}x with one hostile upload in flight (> 2x)")
    record("load", figures, problems, started)
    assert not problems
