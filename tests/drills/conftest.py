"""Outage drills: real processes (PostgreSQL, Redis, gunicorn, Celery, SMTP) started, stopped and killed.

Every process a drill uses is its own: a private PostgreSQL cluster in a temporary folder
(session-wide; the PostgreSQL drill restarts a second one of its own), a redis-server per
role (cache, broker) on free ports, an SMTP server (tests/drills/smtp_sink.py), a TCP proxy
in front of the shared Elasticsearch-API server (tests/drills/tcp_proxy.py: stopping it is
the search outage), gunicorn and ``celery -A portal worker -B`` with production settings
(tests/drills/settings.py). Each runs in its own process group and is ended by the fixture
that started it, also when the drill fails.

The demo database is built once per session (migrate + load_demo) into a template database
and copied per drill (``CREATE DATABASE ... TEMPLATE``). A dump of it is kept in
``var/drills/cache/`` under a key of the migrations, models and demo loaders, so the next run
restores it in seconds (``DRILLS_FRESH=1`` rebuilds it).

Fast drills run with ``make test``; drills marked ``slow`` run only with ``PORTAL_DRILLS=all``
(``make drills``). Each drill records one line of figures (printed at the end of the run and
kept in ``var/drills/latest.json``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pytest

from portal.settings.services import reachable, services_required

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "drills"
RESULTS = VAR / "latest.json"
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))
ELASTICSEARCH = os.environ.get("DRILL_ELASTICSEARCH", "127.0.0.1:9200")
DEMO_PASSWORD = "drill-demo-Passw0rd!"
SUMMARIES: list[str] = []


# --- Opting in to the slow drills -------------------------------------------------------------


def drills_all() -> bool:
    return os.environ.get("PORTAL_DRILLS", "") == "all"


@pytest.fixture(autouse=True)
def _slow_drills_run_with_make_drills(request):
    if request.node.get_closest_marker("slow") and not drills_all():
        pytest.skip("slow drill: runs with `make drills` (PORTAL_DRILLS=all)")


def pytest_terminal_summary(terminalreporter):
    if SUMMARIES:
        terminalreporter.section("drills")
        for line in SUMMARIES:
            terminalreporter.write_line(line)


# --- Figures ------------------------------------------------------------------------------------


def record(name: str, figures: dict, problems: list[str], started: float) -> None:
    """Print the drill's summary line and keep its figures in var/drills/latest.json."""
    duration = round(time.monotonic() - started, 1)
    shown = ", ".join(f"{k}={v}" for k, v in figures.items() if not isinstance(v, (dict, list)))
    line = f"drill {name}: {'OK' if not problems else 'FAIL'} in {duration}s: {shown}"
    if problems:
        line += " | " + "; ".join(problems)
    SUMMARIES.append(line)
    print(line, flush=True)
    VAR.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        data = {}
    data.setdefault("drills", {})[name] = {
        "ok": not problems,
        "problems": problems,
        "duration_s": duration,
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),  # noqa: UP017
        "git_commit": _git_commit(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "figures": figures,
    }
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    tmp.replace(RESULTS)


def _git_commit() -> str | None:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() or None


# --- Processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2, what: str = "condition"):
    """Poll ``predicate`` until it returns something true; raise after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout}s")
        time.sleep(interval)


def port_open(port: int) -> bool:
    return reachable("127.0.0.1", port, timeout=0.3)


class Proc:
    """One process (and its children) in its own process group, logging to a file."""

    def __init__(self, name: str, argv: list[str], *, env: dict, log: Path, cwd: Path = ROOT, user: str | None = None):
        self.name, self.argv, self.env, self.log, self.cwd, self.user = name, argv, env, log, cwd, user
        self.process: subprocess.Popen | None = None

    def start(self) -> Proc:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        argv = ["runuser", "-u", self.user, "--", *self.argv] if self.user else self.argv
        self.process = subprocess.Popen(
            argv, cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()
        return self

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, sig)

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM to the group, then SIGKILL whatever is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.signal_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        self.kill()

    def kill(self) -> None:
        """SIGKILL the whole group (the process and every child: gunicorn or Celery workers)."""
        if self.process is None:
            return
        self.signal_group(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        self.process = None

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def require(condition: bool, message: str) -> None:
    """Skip a drill whose tools are missing (a failure under REQUIRE_SERVICES=1, as for other services)."""
    if condition:
        return
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1: {message}")
    pytest.skip(message)


# --- PostgreSQL (private clusters) ---------------------------------------------------------------


class Cluster:
    """A private PostgreSQL cluster in ``folder`` (owned by the postgres user: it refuses to run as root)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *argv: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, *argv], capture_output=True, text=True, check=check, timeout=timeout)

    def init(self) -> Cluster:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.user:
            shutil.chown(self.folder, self.user)
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        return self

    def pg_ctl(self, action: str, *extra: str) -> subprocess.CompletedProcess:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        return self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "postgres.log"),
            "-w",
            "-t",
            "60",
            action,
            *extra,
        )

    def start(self) -> None:
        self.pg_ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("stop", "-m", mode)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        out = subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-At",
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def _template_key() -> str:
    """What the demo template depends on: migrations, models, demo loaders and their content, search declarations."""
    digest = hashlib.sha256()
    patterns = [
        "*/migrations/*.py",
        "*/demo*.py",
        "*/demo/**/*",
        "portal/demo/**/*",
        "*/models.py",
        "*/models/*.py",
        "*/search.py",
        "search/analysis.py",
        "search/declarations.py",
        "search/synonyms.txt",
        "portal/settings/base.py",
    ]
    files = sorted({p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file() and ".venv" not in p.parts})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Session:
    """What every drill shares: the private cluster, the template database, static files, a secret."""

    cluster: Cluster
    template: str
    static_root: Path
    secret_key: str
    template_figures: dict = field(default_factory=dict)
    media: Path | None = None  # the template's media root (its private files in the sibling "<name>-private")


@pytest.fixture(scope="session")
def drill_session(tmp_path_factory) -> Session:
    require(PG_BIN.joinpath("initdb").exists(), f"PostgreSQL server binaries not found in {PG_BIN}")
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    host, _, port = ELASTICSEARCH.rpartition(":")
    require(reachable(host, int(port)), f"the Elasticsearch-API server is not reachable on {ELASTICSEARCH}")
    folder = Path(tempfile.mkdtemp(prefix="portal-drill-pg-"))
    cluster = Cluster(folder).init()
    cluster.start()
    session = Session(cluster, "portal_drill_template", VAR / "static", "drill-" + secrets.token_urlsafe(48))
    try:
        session.template_figures = _build_template(session)
        yield session
    finally:
        cluster.destroy()


def _build_template(session: Session) -> dict:
    cluster = session.cluster
    key = _template_key()
    cache = VAR / "cache" / f"template-{key}.dump"
    session.media = VAR / "cache" / f"media-{key}"
    started = time.monotonic()
    cluster.psql(f"CREATE DATABASE {session.template}")
    env = django_env(session, database=session.template, redis_port=1, broker_port=1, search="database")
    env["DJANGO_MEDIA_ROOT"] = str(session.media)
    if cache.exists() and session.media.exists() and os.environ.get("DRILLS_FRESH") != "1":
        subprocess.run(
            [
                str(PG_BIN / "pg_restore"),
                "-h",
                "127.0.0.1",
                "-p",
                str(cluster.port),
                "-U",
                "postgres",
                "-d",
                session.template,
                "--no-owner",
                str(cache),
            ],
            check=True,
            capture_output=True,
        )
        source = f"restored {cache.name}"
    else:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.iterdir():
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
        run_manage(env, "migrate", "--no-input", "-v0", timeout=600)
        run_agent(env, "prepare_template", limit=600)
        subprocess.run(
            [
                str(PG_BIN / "pg_dump"),
                "-h",
                "127.0.0.1",
                "-p",
                str(cluster.port),
                "-U",
                "postgres",
                "-Fc",
                "-f",
                str(cache),
                session.template,
            ],
            check=True,
            capture_output=True,
        )
        source = "migrate + load_demo"
    built = time.monotonic() - started
    started = time.monotonic()
    run_manage(env, "collectstatic", "--no-input", "-v0", timeout=600)
    return {"template": source, "template_s": round(built, 1), "collectstatic_s": round(time.monotonic() - started, 1)}


# --- Running Django (production settings) in subprocesses ---------------------------------------------


def django_env(
    session: Session,
    *,
    database: str,
    redis_port: int,
    broker_port: int,
    search: str = "elasticsearch",
    es_port: int | None = None,
    index_prefix: str = "drill-none-",
    smtp_port: int = 1,
    media: Path | None = None,
    cluster: Cluster | None = None,
    extra: dict | None = None,
) -> dict:
    cluster = cluster or session.cluster
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER"}}
    return {
        **keep,
        "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "tests.drills.settings",
        "DJANGO_SECRET_KEY": session.secret_key,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": cluster.url(database),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{broker_port}/0",
        "PORTAL_SEARCH_ENGINE": search,
        "ELASTICSEARCH_URL": f"http://127.0.0.1:{es_port or 1}",
        "DRILL_SEARCH_INDEX_PREFIX": index_prefix,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_TIMEOUT": "5",
        "DJANGO_STATIC_ROOT": str(session.static_root),
        "DJANGO_MEDIA_ROOT": str(media or (VAR / "media")),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORTAL_DEMO_PASSWORD": DEMO_PASSWORD,
        **(extra or {}),
    }


def run_manage(env: dict, *args: str, timeout: float = 300) -> str:
    out = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if out.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
        )
    return out.stdout


def run_agent(env: dict, command: str, *, limit: float = 300, **kwargs):
    """Run ``tests/drills/agent.py COMMAND`` (Django with production settings) and return its JSON answer."""
    out = subprocess.run(
        [sys.executable, "-m", "tests.drills.agent", command, json.dumps(kwargs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=limit,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("DRILL-RESULT ")]
    if out.returncode or not lines:
        raise RuntimeError(f"agent {command} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-4000:]}")
    return json.loads(lines[-1].removeprefix("DRILL-RESULT "))


# --- One drill's stack -----------------------------------------------------------------------------


class Stack:
    """A drill's processes: its database (copied from the template), Redis servers, SMTP, proxy, gunicorn, Celery."""

    def __init__(self, session: Session, name: str, folder: Path):
        self.session, self.name, self.folder = session, name, folder
        self.database = f"portal_drill_{name}"
        self.procs: list[Proc] = []
        self.redis_ports = {"cache": free_port(), "broker": free_port()}
        self.es_port = free_port()
        self.smtp_port = free_port()
        self.mail = folder / "mail"
        self.index_prefix = f"drill-{os.getpid()}-{name}-"
        self.cluster = session.cluster
        self.redis: dict[str, Proc] = {}
        self.proxy: Proc | None = None
        self.smtp: Proc | None = None
        self.web: Proc | None = None
        self.web_port: int | None = None
        self.workers: list[Proc] = []
        self.search = "elasticsearch"  # or "database" (PORTAL_SEARCH_ENGINE) for drills that are not about search

    # database
    def pg(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        argv = [str(PG_BIN / tool), "-h", "127.0.0.1", "-p", str(self.cluster.port), "-U", "postgres", *args]
        return subprocess.run(argv, check=True, capture_output=True, timeout=600)

    def move_to(self, cluster: Cluster) -> None:
        """Use ``cluster`` (a private one the drill restarts) with a copy of the template database."""
        self.cluster.psql(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        dump = self.folder / "template.dump"
        self.pg("pg_dump", "-Fc", "-f", str(dump), self.session.template)
        self.cluster = cluster
        cluster.psql(f"CREATE DATABASE {self.database}")
        self.pg("pg_restore", "--no-owner", "-d", self.database, str(dump))

    def create_database(self) -> None:
        self.cluster.psql(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
        self.cluster.psql(f"CREATE DATABASE {self.database} TEMPLATE {self.session.template}")
        media = self.session.media
        for suffix in ("", "-private"):
            source = media.with_name(media.name + suffix)
            if source.exists():
                shutil.copytree(source, self.folder / f"media{suffix}", dirs_exist_ok=True)

    @property
    def env(self) -> dict:
        return django_env(
            self.session,
            database=self.database,
            redis_port=self.redis_ports["cache"],
            broker_port=self.redis_ports["broker"],
            search=self.search,
            es_port=self.es_port,
            index_prefix=self.index_prefix,
            smtp_port=self.smtp_port,
            media=self.folder / "media",
            cluster=self.cluster,
        )

    def _track(self, proc: Proc) -> Proc:
        self.procs.append(proc)
        return proc

    # Redis
    def start_redis(self, role: str, *, persist: bool = False) -> Proc:
        port = self.redis_ports[role]
        folder = self.folder / f"redis-{role}"
        folder.mkdir(parents=True, exist_ok=True)
        argv = [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(folder),
            "--appendonly",
            "no",
            "--save",
            "3600 1" if persist else "",
            "--dbfilename",
            "dump.rdb",
            "--protected-mode",
            "no",
        ]
        proc = self._track(Proc(f"redis-{role}", argv, env=dict(os.environ), log=folder / "redis.log"))
        proc.start()
        wait_for(lambda: port_open(port), timeout=15, what=f"redis {role} on {port}")
        self.redis[role] = proc
        return proc

    def stop_redis(self, role: str) -> None:
        proc = self.redis[role]
        proc.stop()
        wait_for(lambda: not port_open(self.redis_ports[role]), timeout=15, what=f"redis {role} down")

    def restart_redis(self, role: str) -> None:
        self.redis[role].start()
        wait_for(lambda: port_open(self.redis_ports[role]), timeout=15, what=f"redis {role} back")

    # SMTP and the Elasticsearch proxy
    def start_smtp(self, delay: float = 0.0) -> Proc:
        if self.smtp is None:
            argv = [
                sys.executable,
                "-m",
                "tests.drills.smtp_sink",
                "--port",
                str(self.smtp_port),
                "--folder",
                str(self.mail),
                "--delay",
                str(delay),
            ]
            self.smtp = self._track(Proc("smtp", argv, env=self.env, log=self.folder / "smtp.log"))
        self.smtp.start()
        wait_for(lambda: port_open(self.smtp_port), timeout=15, what="SMTP server")
        return self.smtp

    def stop_smtp(self) -> None:
        self.smtp.kill()
        wait_for(lambda: not port_open(self.smtp_port), timeout=15, what="SMTP down")

    def start_proxy(self) -> Proc:
        if self.proxy is None:
            argv = [
                sys.executable,
                "-m",
                "tests.drills.tcp_proxy",
                "--listen",
                str(self.es_port),
                "--target",
                ELASTICSEARCH,
            ]
            self.proxy = self._track(Proc("es-proxy", argv, env=self.env, log=self.folder / "proxy.log"))
        self.proxy.start()
        wait_for(lambda: port_open(self.es_port), timeout=15, what="Elasticsearch proxy")
        return self.proxy

    def stop_proxy(self) -> None:
        self.proxy.kill()
        wait_for(lambda: not port_open(self.es_port), timeout=15, what="Elasticsearch proxy down")

    # gunicorn and Celery
    def start_web(self, workers: int = 2, *, timeout: int = 30) -> Proc:
        self.web_port = self.web_port or free_port()
        argv = [
            str(VENV_BIN / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.web_port}",
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--log-level",
            "warning",
        ]
        self.web = self._track(Proc("gunicorn", argv, env=self.env, log=self.folder / "gunicorn.log"))
        self.web.start()
        from tests.drills.browser import Browser

        def answers():
            if not self.web.alive():
                raise RuntimeError(f"gunicorn exited:\n{self.web.tail()}")
            return Browser(self.web_port, timeout=5).get("/bench/bare/").status == 200

        wait_for(answers, timeout=90, what="gunicorn")
        return self.web

    def start_worker(self, *, concurrency: int = 2, beat: bool = True, name: str = "w1") -> Proc:
        argv = [
            str(VENV_BIN / "celery"),
            "-A",
            "portal",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(concurrency),
            "--hostname",
            f"{name}-{self.name}@drill",
            "--without-gossip",
            "--without-mingle",
        ]
        if beat:
            argv += ["-B", "--schedule", str(self.folder / f"beat-{name}")]
        worker = self._track(Proc(f"celery-{name}", argv, env=self.env, log=self.folder / f"celery-{name}.log"))
        worker.start()
        wait_for(
            lambda: "ready." in worker.tail(200) or (not worker.alive() and RuntimeError(worker.tail())),
            timeout=90,
            what="Celery worker ready",
        )
        if not worker.alive():
            raise RuntimeError(f"Celery worker exited:\n{worker.tail()}")
        self.workers.append(worker)
        return worker

    def agent(self, command: str, *, limit: float = 300, **kwargs):
        """Run an agent command (``limit``: seconds the process may take; other keywords go to the command)."""
        return run_agent(self.env, command, limit=limit, **kwargs)

    def manage(self, *args: str, timeout: float = 300) -> str:
        return run_manage(self.env, *args, timeout=timeout)

    def browser(self, **kwargs):
        from tests.drills.browser import Browser

        return Browser(self.web_port, **kwargs)

    def mails(self) -> list[dict]:
        from tests.drills.mail import read_mails

        return read_mails(self.mail)

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.kill()
        if self.proxy is not None or self.index_prefix:
            _drop_indexes(self.index_prefix)
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.cluster.psql(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")


def _drop_indexes(prefix: str) -> None:
    import http.client

    host, _, port = ELASTICSEARCH.rpartition(":")
    with contextlib.suppress(OSError, http.client.HTTPException):
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", f"/{prefix}*?ignore_unavailable=true&allow_no_indices=true")
        names = json.loads(conn.getresponse().read() or b"{}")
        for name in names:
            if name.startswith(prefix):
                conn.request("DELETE", f"/{name}")
                conn.getresponse().read()
        conn.close()


@pytest.fixture
def stack(drill_session, request):
    """A function that builds the drill's stack: ``stack("cache")``; everything is ended after the drill."""
    made: list[Stack] = []

    def build(name: str) -> Stack:
        folder = Path(tempfile.mkdtemp(prefix=f"portal-drill-{name}-"))
        one = Stack(drill_session, name, folder)
        made.append(one)
        one.create_database()
        return one

    yield build
    failed = getattr(request.node, "rep_failed", True)
    for one in made:
        one.close()
        if failed:
            print(f"drill {one.name}: logs kept in {one.folder}")
        else:
            shutil.rmtree(one.folder, ignore_errors=True)


@pytest.fixture
def new_cluster(drill_session):
    """A second private PostgreSQL cluster (the drill restarts it), holding a copy of the template database."""
    folder = Path(tempfile.mkdtemp(prefix="portal-drill-pg2-"))
    cluster = Cluster(folder).init()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_failed = report.failed
