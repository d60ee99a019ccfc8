"""Drill: backup and restore (issue #11).

``pg_dump`` of a drill's database (after some writes, with its media files copied as a file
backup would), restored into an empty database, then ``manage.py search_rebuild``: the
public pages (uncached, so rendered from each database), search pages and JSON API answer
the same HTML on both, CSRF tokens, nonces and times aside.
"""

import contextlib
import json
import re
import shutil
import time

import pytest

from tests.drills.browser import VOLATILE
from tests.drills.conftest import record, wait_for

# The timeout covers the session's first setup too (the template database: minutes on a loaded machine).
pytestmark = [pytest.mark.drill, pytest.mark.services, pytest.mark.timeout(900)]

# Uncached (any session cookie bypasses the public cache), and one host name for both sites (absolute links).
UNCACHED = {"Cookie": "sessionid=x", "Host": "localhost"}
VOLATILE_TEXT = [
    *VOLATILE,
    re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)?"),  # timestamps
    re.compile(rb'"took":\s*\d+'),
]


def normalise(body: bytes) -> bytes:
    for pattern in VOLATILE_TEXT:
        body = pattern.sub(b"<volatile>", body)
    return body


def pages(stack, paths):
    browser = stack.browser()
    return {path: _settled(browser, path) for path in paths}


def _settled(browser, path):
    """The page as rendered with Elasticsearch answering.

    Right after a rebuild, on a busy machine, a search may outlast the request timeout and
    the page then comes from the database fallback (``data-search-fallback``, or
    ``"fallback": true`` in the API). That is latency, not what the restore kept: such a
    page is fetched again (it is never cached), for at most a minute.
    """
    last = None

    def answered():
        nonlocal last
        last = browser.get(path, headers=UNCACHED)
        return not _degraded(last)

    with contextlib.suppress(TimeoutError):  # compared as it is: the difference is reported with its line
        wait_for(answered, timeout=60, interval=1.0, what=f"{path} answered by Elasticsearch")
    return last


def _degraded(response) -> bool:
    if b"data-search-fallback" in response.body:
        return True
    if response.body.startswith(b"{"):
        try:
            return json.loads(response.body).get("fallback") is True
        except ValueError:
            return False
    return False


def _around(a: bytes, b: bytes, context: int = 160) -> str:
    """Where two lines part (a JSON answer is one long line): the bytes around the first difference."""
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, at - context)
    return f"byte {at}: {a[start : at + context]!r} != {b[start : at + context]!r}"


def test_backup_and_restore(stack):
    started = time.monotonic()
    original = stack("backup")
    original.start_proxy()
    original.start_redis("cache")
    original.agent("writes", count=30, tag="backup")
    original.manage("search_rebuild", "--no-input")
    original.start_web(workers=2)
    paths = [j["path"] for j in original.agent("journeys") if j["path"] != "/healthz"]
    paths += ["/zh-hans/search/?q=演练", "/en/search/?q=EEG", "/api/v1/search/?q=脑机接口"]
    before = pages(original, paths)

    dump = original.folder / "backup.dump"
    dump_started = time.monotonic()
    original.pg("pg_dump", "-Fc", "-f", str(dump), original.database)
    dump_s = time.monotonic() - dump_started

    restored = stack("restore")
    restore_started = time.monotonic()
    restored.cluster.psql(f"DROP DATABASE {restored.database} WITH (FORCE)")
    restored.cluster.psql(f"CREATE DATABASE {restored.database}")
    restored.pg("pg_restore", "--no-owner", "-d", restored.database, str(dump))
    for suffix in ("", "-private"):  # the media files, from their own (file) backup
        shutil.rmtree(restored.folder / f"media{suffix}", ignore_errors=True)
        if (original.folder / f"media{suffix}").exists():
            shutil.copytree(original.folder / f"media{suffix}", restored.folder / f"media{suffix}")
    restored.start_proxy()
    restored.start_redis("cache")
    restored.manage("search_rebuild", "--no-input")
    restore_s = time.monotonic() - restore_started
    restored.start_web(workers=2)
    after = pages(restored, paths)

    differ = [
        path
        for path in paths
        if before[path].status != after[path].status or normalise(before[path].body) != normalise(after[path].body)
    ]
    degraded = {
        name: [path for path, response in shown.items() if _degraded(response)]
        for name, shown in (("before", before), ("after", after))
    }
    figures = {
        "pages_compared": len(paths),
        "pages_identical": len(paths) - len(differ),
        "dump_bytes": dump.stat().st_size,
        "dump_s": round(dump_s, 1),
        "restore_and_rebuild_s": round(restore_s, 1),
        "statuses": sorted({r.status for r in before.values()}),
        "fallback_pages_before": len(degraded["before"]),
        "fallback_pages_after": len(degraded["after"]),
    }
    problems = []
    if differ:
        problems.append(f"pages differ after the restore: {differ[:5]}")
        path = differ[0]
        a, b = normalise(before[path].body), normalise(after[path].body)
        lines = list(zip(a.splitlines(), b.splitlines(), strict=False))
        first = next((i for i, (x, y) in enumerate(lines) if x != y), None)
        where = f"line {first}: {_around(*lines[first])}" if first is not None else _around(a, b)
        problems.append(f"{path} {where}")
        for name, paths_degraded in degraded.items():  # a search that outlasted its timeout for a minute
            if set(paths_degraded) & set(differ):
                problems.append(f"answered by the database fallback {name} the restore: {paths_degraded}")
    if any(r.status >= 500 for r in before.values()):
        problems.append("server errors before the backup")
    record("backup and restore", figures, problems, started)
    assert not problems
