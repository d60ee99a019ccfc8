"""Fixtures for the browser tests: a live server, Debian's Chromium, demo data.

Playwright cannot download its own browser on these machines, so the tests launch
Debian's ``/usr/bin/chromium`` (``CHROMIUM`` overrides) through ``executable_path``.
``tests/e2e/ensure_browser.sh`` installs it (and the CJK fonts) when missing. When the
binary is absent the tests are skipped, unless ``REQUIRE_SERVICES=1`` (CI) where a
missing browser fails the run.

Every test here is marked ``e2e``. On failure a full-page screenshot (and the HTML)
of every open page is written to ``tests/e2e/artifacts/`` (git-ignored).
"""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.settings.services import services_required
from tests import dbsnapshot, demo_load

from .support import (
    ACTION_TIMEOUT_MS,
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    E2E_DIR,
    NAVIGATION_TIMEOUT_MS,
    artifact_path,
    slug,
)

# --- Marking and failure reports ------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- Browser ----------------------------------------------------------------------------


def _require_chromium() -> None:
    if os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return
    message = f"Chromium not found at {CHROMIUM}: run `sh tests/e2e/ensure_browser.sh` (apt-get install chromium)"
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_binary():
    _require_chromium()
    # Failure screenshots of an earlier run would mislead whoever looks at the folder.
    for stale in ARTIFACTS.glob("FAILED-*"):
        stale.unlink(missing_ok=True)  # both workers clear the same files
    return CHROMIUM


@pytest.fixture
def browser(chromium_binary, site_data):
    """A headless Chromium for one test, closed (with Playwright) at the end of it.

    Function-scoped on purpose: it is started after the database is set up and
    stopped before pytest-django flushes it, so no database work of the fixtures
    happens while Playwright's event loop is marked as running (see
    ``support.no_event_loop``). Starting Chromium costs about 0.7 s.
    """
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_binary, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


def _new_context(browser, live_server, **options):
    options.setdefault("viewport", DESKTOP)
    # A visitor from China: Accept-Language zh-CN, so "/" leads to /zh-hans/.
    options.setdefault("locale", "zh-CN")
    options.setdefault("timezone_id", "Asia/Shanghai")
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    return context


@pytest.fixture
def make_context(request, browser, live_server):
    """Factory for browser contexts (other viewport, ``bypass_csp``...), all closed after the test."""
    contexts = []

    def make(**options):
        context = _new_context(browser, live_server, **options)
        contexts.append(context)
        return context

    yield make
    _screenshot_on_failure(request, contexts)
    for context in contexts:
        context.close()


@pytest.fixture
def context(make_context):
    return make_context()


@pytest.fixture
def page(context):
    return context.new_page()


def _screenshot_on_failure(request, contexts) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    for c, context in enumerate(contexts):
        for p, page in enumerate(context.pages):
            path = artifact_path(f"FAILED-{slug(request.node.nodeid)}-{c}-{p}.png")
            try:
                page.screenshot(path=str(path), full_page=True)
                (path.with_suffix(".html")).write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # noqa: BLE001 - a broken page must not hide the test failure
                print(f"could not save failure screenshot {path}: {exc}")
            else:
                print(f"failure screenshot: {path} (url {page.url})")


# --- Data ------------------------------------------------------------------------------
#
# Every test gets the demo site (``manage.py load_demo``: pages in both languages,
# organisations, demo users) in a database the live server's thread can see, so the
# data is committed and pytest-django's ``transactional_db`` empties every table
# after each test. ``load_demo`` takes seconds, too long to repeat per test: it runs
# once per session and the result is kept. On PostgreSQL the demo modules of the apps have
# usually loaded it in this process already: their first load's rows are put back instead
# (``tests/demo_load.py``).
#
# On PostgreSQL (CI) it is kept as a ``COPY`` snapshot (``tests.dbsnapshot``) that each
# test's ``site_data`` puts back in about a second; serialized rollback is left with an
# empty snapshot, only so that the teardown's flush skips the post-migrate signal. Elsewhere
# (SQLite) the result is serialized and each e2e module makes it the state Django's
# *serialized rollback* restores before every test (20–30 seconds a test). After the last
# e2e module the migrate state is put back, so the tests that follow find the database as usual.

_SNAPSHOTS: dict[str, str] = {}
#: ``COPY`` snapshots (PostgreSQL): ``"migrated"`` and ``"demo"`` by database alias.
_COPIES: dict[str, dict] = {}
# True while the database is empty and waiting for the demo snapshot (between two e2e modules).
_STATE = {"between_e2e_modules": False}
EMPTY = "[]"


def _flush(alias: str) -> None:
    # No post_migrate: its handlers expect the migration data (e.g. portal.roles).
    call_command(
        "flush", verbosity=0, interactive=False, database=alias, reset_sequences=False, inhibit_post_migrate=True
    )


def _content_types_first(serialized: str) -> str:
    """The same serialized rows with the content types restored before anything else.

    Django restores rows in app order, content types near the end. A row restored
    before them may look its content type up (Wagtail's ``Task.__init__`` does so for a
    ``GroupApprovalTask`` restored without its parent's fields): when an earlier test
    cleared ContentType's cache, that lookup *creates* the row, and restoring the
    serialized one then fails on the unique (app_label, model) key.
    """
    rows = json.loads(serialized)
    rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")  # stable: keeps the rest in order
    return json.dumps(rows)


def _demo_snapshot(connection, migrated: str) -> str:
    """The demo site's state: serialized (what serialized rollback restores), or ``EMPTY`` with a ``COPY`` snapshot."""
    if connection.alias not in _SNAPSHOTS:
        _flush(connection.alias)
        connection.creation.deserialize_db_from_string(migrated)
        if dbsnapshot.supported(connection):
            _COPIES[connection.alias] = {"migrated": dbsnapshot.take(connection)}
        demo_load.load_or_restore(connection)  # on PostgreSQL, the demo modules' first load put back
        if dbsnapshot.supported(connection):
            _COPIES[connection.alias]["demo"] = dbsnapshot.take(connection)
            _SNAPSHOTS[connection.alias] = EMPTY
        else:
            _SNAPSHOTS[connection.alias] = _content_types_first(connection.creation.serialize_db_to_string())
    return _SNAPSHOTS[connection.alias]


def _next_item_is_e2e(request) -> bool:
    """Whether the test run next, after this module, is another browser test."""
    items = request.session.items
    positions = [i for i, item in enumerate(items) if item.path == request.path]
    if not positions or positions[-1] + 1 >= len(items):
        return False
    return E2E_DIR in Path(str(items[positions[-1] + 1].path)).parents


@pytest.fixture(scope="module", autouse=True)
def demo_database(request, chromium_binary, django_db_setup, django_db_blocker):
    """Make the demo snapshot what each of this module's tests starts from."""
    from django.db import connections

    connection = connections["default"]
    if _STATE["between_e2e_modules"]:
        # The previous e2e module left the database empty, the snapshot in place.
        _STATE["between_e2e_modules"] = False
        migrated = _STATE["migrated"]
    else:
        migrated = getattr(connection, "_test_serialized_contents", None)
        assert migrated, "the test database was not serialized: e2e tests need `django_db_serialized_rollback`"
        migrated = _content_types_first(migrated)
        with django_db_blocker.unblock():
            snapshot = _demo_snapshot(connection, migrated)
            _flush(connection.alias)
        connection._test_serialized_contents = snapshot
    try:
        yield
    finally:
        if _next_item_is_e2e(request):
            # The last test's teardown emptied the database; the next module's first
            # test loads the snapshot again.
            _STATE.update(between_e2e_modules=True, migrated=migrated)
        else:
            connection._test_serialized_contents = migrated
            with django_db_blocker.unblock():
                _flush(connection.alias)
                if connection.alias in _COPIES:
                    dbsnapshot.restore(connection, _COPIES[connection.alias]["migrated"])
                else:
                    connection.creation.deserialize_db_from_string(migrated)


@pytest.fixture
def site_data(live_server, transactional_db, django_db_serialized_rollback):
    """The live server, its database holding the demo site (see ``demo_database``)."""
    from django.db import connections

    connection = connections["default"]
    if connection.alias in _COPIES:
        dbsnapshot.restore(connection, _COPIES[connection.alias]["demo"])
    return live_server


@pytest.fixture
def member(site_data):
    """A verified member who owns an organisation, created before the browser starts.

    ``member.raw_password`` is the password to type.
    """
    from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

    user = UserFactory(email="member@example.com")
    MembershipFactory(user=user, role="owner")
    user.raw_password = DEFAULT_PASSWORD
    return user
