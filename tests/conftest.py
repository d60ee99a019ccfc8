"""Fixtures shared by the whole suite.

Real services: tests marked ``services`` talk to PostgreSQL, Redis or an
Elasticsearch-API server. When one is unreachable the test is skipped, unless
``REQUIRE_SERVICES=1`` (CI), which turns the skip into a failure.
"""

import os
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from portal import health
from portal.adapters import mark_allauth_login
from portal.settings.services import reachable, services_required
from tests import factories, fastflush

# A transactional test's flush deletes the rows it left instead of truncating every table (tests/fastflush.py).
fastflush.install()

# --- Workers ----------------------------------------------------------------------------
# ``make test`` runs ``pytest -n 2 --dist loadgroup --no-loadscope-reorder --ignore=tests/drills``:
# two processes for the two CPUs, each with its own database, Redis database and media folder
# (portal/settings/test.py). No test is marked ``xdist_group``, so every test is a unit of work of
# its own, handed out in collection order (the reordering by unit size is off). That keeps
# Django's order inside each worker: every test that runs in a transaction comes before the
# transactional ones (``transactional_db``, ``live_server``), whose teardown empties the
# database. A file is therefore not a unit (a file with both kinds would put a flush before the
# next file's plain tests); its module fixtures run once in each worker, and the demo they load
# is put back from a snapshot after the first load (tests/portal/test_load_demo.py). The browser
# tests run in both workers, each with its own live server and demo. (Grouping them with
# ``xdist_group`` does nothing here: pytest-xdist 3.8 marks a group by rewriting the node id,
# which pytest 9 no longer reads.) The outage drills run afterwards in one process, alone:
# their servers load the machine.


#: Module fixtures that hold the database for their module's tests (the demo site, the matrices' world,
#: the search parity's corpus; ``module_world`` adds each of its own).
MODULE_DATA_FIXTURES = {"demo", "everything", "read_only_es_corpus"}


def pytest_collection_modifyitems(items):
    """A test on a module fixture's data is marked for the database (``db`` or ``django_db``).

    pytest-django runs unmarked tests after the transactional ones, whose teardown empties the
    database: the module fixture would be set up again then, on an empty database (no root page).
    Seen with three demo tests of the competition when run beside the outbox's tests.
    """
    unmarked = [
        item.nodeid
        for item in items
        if MODULE_DATA_FIXTURES & set(getattr(item, "fixturenames", ()))
        and not item.get_closest_marker("django_db")
        and not {"db", "transactional_db"} & set(item.fixturenames)
    ]
    if unmarked:
        raise pytest.UsageError("mark these tests django_db (or ask for db): " + ", ".join(unmarked))


def require_service(name: str, host: str, port: int) -> None:
    """Skip (locally) or fail (CI) when ``name`` does not answer on ``host:port``."""
    if reachable(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1: {message}")
    pytest.skip(message)


@pytest.fixture
def redis_service():
    require_service("Redis", "127.0.0.1", 6379)


@pytest.fixture
def postgres_service(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        if services_required():
            pytest.fail("REQUIRE_SERVICES=1 but the suite is not running on PostgreSQL")
        pytest.skip("the suite is running on SQLite")


@pytest.fixture(autouse=True)
def _clear_caches():
    """Every test starts with empty caches (public page cache, rate limits)."""
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_health_checks():
    """Every test's /healthz runs its checks: a result remembered by an earlier test (``portal.health``)
    came from other settings."""
    health.forget()
    yield
    health.forget()


@pytest.fixture(autouse=True)
def _fresh_content_types(request):
    """A transactional test commits for real: content types are read again from the database.

    Django caches a content type's id per process. One an earlier test created inside its
    rolled-back transaction, or read before a flush, names a row that is gone; a real commit
    referencing it (Wagtail's reference index) then breaks a foreign key. Seen once in CI, in
    ``tests/incubator/meetings/test_concurrency.py``.
    """
    marker = request.node.get_closest_marker("django_db")
    if (marker and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & set(request.fixturenames):
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's default language: a request to an ``/en/`` URL activates English
    in the thread (``LocaleMiddleware``) and would otherwise leak into the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _force_login_is_an_allauth_login(monkeypatch):
    """``client.force_login`` stands for a completed allauth sign-in.

    The portal honours only sessions that allauth signed in (``AllauthSessionMiddleware``);
    tests that are not about signing in skip the form and get the same session.
    """
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        mark_allauth_login(session, user)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@contextmanager
def run_commit_callbacks(using: str = "default"):
    """Run the on-commit callbacks registered inside the block when it ends, as a commit would.

    Unlike ``django_capture_on_commit_callbacks(execute=True)``, the callbacks are consumed,
    so an enclosing capture does not run them a second time.
    """
    from django.db import connections

    connection = connections[using]
    start = len(connection.run_on_commit)
    try:
        yield
    finally:
        while len(connection.run_on_commit) > start:
            _savepoints, callback, _robust = connection.run_on_commit.pop(start)
            callback()


@pytest.fixture
def committing_requests(monkeypatch):
    """Each test-client request behaves as if its transaction committed (the test's own never does).

    Account mail is queued in the outbox and handed over after the commit; with this, a
    request's mail is in ``mail.outbox`` when the response returns, as in production a moment later.
    """
    original = Client.request

    def request(self, **kwargs):
        with run_commit_callbacks():
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory()


@pytest.fixture
def owner(db, organisation):
    return factories.MembershipFactory(organisation=organisation, role="owner").user


@pytest.fixture
def editor(db, organisation):
    return factories.MembershipFactory(organisation=organisation, role="editor").user


TEST_QUEUE = f"portal-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def celery_worker(redis_service, settings, transactional_db):
    """A real Celery worker (in a thread of this process) consuming from Redis.

    Tasks run against the test database, so the test needs ``transactional_db``:
    the worker only sees what was committed. The queue is purged first so that
    leftovers of an earlier run cannot satisfy an assertion.
    """
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    # A queue of this test run's own, so a worker of another run on the same Redis cannot take
    # our tasks. Set once per process: Celery caches its queue table on first use.
    app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL, task_default_queue=TEST_QUEUE)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"):
            yield app
    finally:
        app.conf.update(task_always_eager=True)


@contextmanager
def broker_at(url: str):
    """Hand Celery tasks to the broker at ``url`` (not eagerly) inside the block; restores eager mode after."""
    from django.conf import settings

    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    # The same per-process queue as the celery_worker fixture: Celery caches its queue table
    # on the first task it routes, so a first send here must not fix another default queue.
    app.conf.update(task_always_eager=False, broker_url=url, task_default_queue=TEST_QUEUE)
    _forget_connections(app)  # the producer pool is bound to the broker it was made for
    try:
        yield app
    finally:
        _forget_connections(app)
        app.conf.update(task_always_eager=True, broker_url=settings.REDIS_URL)
        settings.CELERY_TASK_ALWAYS_EAGER = True


def _forget_connections(app) -> None:
    from kombu import pools

    pools.reset()  # kombu's process-wide pools, keyed by broker
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(predicate, *, timeout: float = 20.0, interval: float = 0.1) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass (for work done by a worker)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.fixture
def staff_client(client):
    """The client signed in as alliance staff (the factory gives them the authenticator the admin requires)."""
    from tests.factories import StaffFactory

    staff = StaffFactory()
    client.force_login(staff)
    return client


@contextmanager
def rolled_back_world(django_db_blocker, tmp_path_factory, build):
    """What ``build()`` makes, for a module's tests: like ``TestCase.setUpTestData``, made in a
    transaction that is rolled back after the module (each test runs in its own savepoint inside
    it, and every matrix cell in another), its files in a media folder of its own."""
    from django.db import transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))),
        transaction.atomic(),
    ):
        for cache in caches.all():
            cache.clear()
        yield build()
        transaction.set_rollback(True)


def module_world(build, name: str = "world_built"):
    """A module fixture ``name``: ``build()``'s objects made once for the module (``rolled_back_world``), for
    a module whose every test starts from the same objects, as ``TestCase.setUpTestData``. ``build`` runs as
    a test's own code would: its on-commit work is left pending. Each test takes a deep copy, so that what
    it changes (its copies; the rows, in its own rolled-back savepoint) the next test gets as built::

        world_built = module_world(build)  # at the module's top level

        @pytest.fixture
        def world(world_built):
            return copy.deepcopy(world_built)

    ``tests/cases/test_selection_panel.py``: about 6 s of building a test.
    """

    MODULE_DATA_FIXTURES.add(name)

    @pytest.fixture(scope="module", name=name)
    def built(django_db_setup, django_db_blocker, tmp_path_factory):
        with rolled_back_world(django_db_blocker, tmp_path_factory, build) as world:
            yield world

    return built


@pytest.fixture(scope="module")
def everything(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every app's objects of both organisations, built once per test module (the site-wide
    matrices: ``tests/test_url_coverage.py``, ``tests/test_junk_input.py``)."""
    from tests.matrix import add_everything, build_world

    with rolled_back_world(django_db_blocker, tmp_path_factory, lambda: add_everything(build_world())) as world:
        yield world
