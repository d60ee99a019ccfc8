"""The timed requests: a page and the bare view in interleaved blocks over one keep-alive connection."""

from __future__ import annotations

import http.client
import time

from bench import stats
from bench.urls import BARE_PATH, COLD_PATH
from bench.variants import Variant


class Requester:
    """Sequential requests over one persistent ``http.client`` connection."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str, headers: dict[str, str]) -> tuple[float, int, str | None]:
        """(milliseconds, status, X-Public-Cache) for one GET, body read in full."""
        for attempt in range(2):
            try:
                started = time.perf_counter()
                self.conn.request("GET", path, headers=headers)
                response = self.conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - started) * 1000
                return elapsed, response.status, response.getheader("X-Public-Cache")
            except (http.client.HTTPException, ConnectionError):
                # The server closed an idle keep-alive connection: reconnect, do not time it.
                self.conn.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def warm_up(requester: Requester, variants: list[Variant], rounds: int) -> None:
    for _ in range(rounds):
        requester.get(BARE_PATH, {})
    for variant in variants:
        if not variant.skipped and not variant.cold:
            for _ in range(max(3, rounds // 5)):
                requester.get(variant.path, variant.headers)


MIN_SAMPLES = 60


def measure(requester: Requester, variant: Variant, requests: int, block: int, seconds: float = 0) -> None:
    """Alternate blocks of ``block`` bare and page requests until each has ``requests`` samples.

    With ``seconds`` > 0, stop earlier once that much time is spent and at least
    ``MIN_SAMPLES`` pages are measured (keeps a loaded machine's run within minutes).
    """
    bare, page = [], []
    deadline = time.monotonic() + seconds if seconds > 0 else None
    while len(page) < requests:
        if deadline is not None and len(page) >= MIN_SAMPLES and time.monotonic() > deadline:
            break
        size = min(block, requests - len(page))
        for _ in range(size):
            elapsed, status, _header = requester.get(BARE_PATH, {})
            if status != 200:
                raise RuntimeError(f"the bare view answered {status}")
            bare.append(elapsed)
        for _ in range(size):
            if variant.cold:
                _elapsed, status, _header = requester.get(COLD_PATH, {})  # untimed
                if status != 204:
                    raise RuntimeError(f"the cache emptier answered {status}")
            elapsed, status, header = requester.get(variant.path, variant.headers)
            page.append(elapsed)
            variant.statuses[status] = variant.statuses.get(status, 0) + 1
            header = header or "none"
            variant.cache_headers[header] = variant.cache_headers.get(header, 0) + 1
    variant.page_ms = stats.summarise(page)
    variant.bare_ms = stats.summarise(bare)
    variant.ratio = stats.ratios(variant.page_ms, variant.bare_ms)
