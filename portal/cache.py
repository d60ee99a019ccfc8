"""Redis caches that fail open: a Redis outage slows the portal down, it never takes it down.

``ResilientRedisCache`` is django-redis with a circuit breaker. When a call to Redis fails
(refused, timed out, reset), the failure is logged once and Redis is left alone for
``RETRY_AFTER`` seconds (per process), so requests do not each wait for a connection
timeout. Meanwhile the cache behaves as its ``FALLBACK`` says:

* ``"local"`` (the default cache: Wagtail's site root paths, allauth's rate limits...):
  a small in-process memory cache whose entries live at most ``LOCAL_TIMEOUT`` seconds.
  Rate limits therefore keep working during an outage, per process (with four gunicorn
  workers an attacker gets at most four times the configured rate), instead of refusing
  every sign-in (allauth's lock would never be taken) or allowing unlimited guesses.
* ``"raise"`` (the public page cache, ``portal.public_cache``): ``CacheUnavailable`` is
  raised at once, and the caller, which knows what a miss means, fails open itself.

A delete that cannot reach Redis would leave a stale value behind once Redis answers
again, so it is recorded in the outbox (``portal.tasks.delete_cache_keys``) and replayed;
so is a public-cache invalidation (``portal.tasks.invalidate_public_cache``). A worker runs
those replays after a back-off, which is too late for the pages: a page cached before the
outage must not be served after a publish it missed. So the replays run before anything is
read, in every process:

* a process that saw Redis down runs them on its first call after Redis answers again;
* every new connection to Redis runs them before its first command
  (``ReplayingConnectionPool``). That covers the processes that did not see the outage: a
  worker idle while Redis was down, or started since, finds its pooled connection closed by
  the restart (or has none) and reconnects, silently, which is exactly when Redis may hold
  what was stored before the writes it missed.

A request never waits on a replay another process is running: that call fails open (the
page is rendered, not read from the cache) and the next call checks again. A replay's failure
is a probe of the outbox message, not one of its attempts. Each check costs one query of the
outbox when nothing is pending, once per connection.
"""

from __future__ import annotations

import contextvars
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from django_redis.pool import ConnectionFactory
from redis import ConnectionPool
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

#: What counts as "Redis is unavailable".
FAILURES = (ConnectionInterrupted, RedisError, OSError)


class CacheUnavailable(Exception):
    """Redis did not answer (or failed recently); raised by caches with ``FALLBACK = "raise"``."""


# Per process and cache location: the monotonic time before which Redis is not tried.
_down_until: dict[str, float] = {}
# Per process: whether writes that missed Redis may still wait in the outbox (Redis was seen
# down, or a replay could not finish); the next call replays them before anything else.
_replay_due = False
# Per process: how many times Redis was seen down; a replay clears ``_replay_due`` only if
# Redis was not seen down again while it ran (another thread's missed write may be newer).
_trips = 0
# True while this thread replays: the replays' own calls go straight to Redis.
_replaying: contextvars.ContextVar[bool] = contextvars.ContextVar("portal_cache_replaying", default=False)
#: Outbox effects that replay cache writes which could not reach Redis.
REPLAY_EFFECTS = ("portal.delete_cache_keys", "portal.invalidate_public_cache")


def replay_missed_writes() -> None:
    """Run every pending replay of a write that missed Redis, in this process, now.

    Raises ``CacheUnavailable`` when one could not be run, or another process is running it
    right now (this call fails open; the next one checks again): the caller must not read
    the cache, which may hold what that write would have removed. When the outbox cannot be
    read (the database is down) the cache is used as it is, the pages it holds being better
    than none, and the replays are tried again on the next call.
    """
    global _replay_due

    generation = _trips
    token = _replaying.set(True)
    try:
        read = _run_pending_replays()
    except CacheUnavailable:
        _replay_due = True
        raise
    except Exception as exc:  # anything else (no database access here, an async context) fails open too
        _replay_due = True
        raise CacheUnavailable(f"replaying the writes Redis missed failed: {exc.__class__.__name__}") from exc
    finally:
        _replaying.reset(token)
    if not read:
        _replay_due = True
    elif _trips == generation:
        _replay_due = False


def _run_pending_replays() -> bool:
    """Whether the outbox could be read (``replay_missed_writes``)."""
    # The models are loaded after the cache backend: imported here, when a call needs them.
    from django.db import Error as DatabaseError
    from django.db import transaction

    from portal import outbox
    from portal.models.outbox import OutboxMessage

    pending = OutboxMessage.objects.filter(effect__in=REPLAY_EFFECTS, done_at__isnull=True, gave_up_at__isnull=True)
    try:
        with transaction.atomic():  # a savepoint: a failed read leaves the caller's transaction usable
            ids = list(pending.order_by("pk").values_list("pk", flat=True))
    except DatabaseError:
        logger.warning("cache: could not read the writes to replay; trying again on the next call")
        return False
    for pk in ids:
        # A probe: a failure here is not one of the message's attempts (a worker's retries keep theirs).
        outcome = outbox.deliver(pk, probe=True)
        if outcome == "failed":
            raise CacheUnavailable("replaying the writes Redis missed failed")
        if outcome == "skipped" and pending.filter(pk=pk).exists():
            # Another process holds it (running it now): never wait on its lock from a request.
            raise CacheUnavailable("the writes Redis missed are being replayed by another process")
    return True


class ReplayingConnectionPool(ConnectionPool):
    """A connection pool whose every new connection replays the writes Redis missed first (module docstring)."""

    def make_connection(self):
        connection = super().make_connection()
        connection.register_connect_callback(self._connected)
        return connection

    def _connected(self, connection) -> None:
        if _replaying.get():
            return
        try:
            replay_missed_writes()
        except CacheUnavailable:
            # redis-py runs this after the socket is set: close it, or the pool would hand out a
            # connection whose replay never happened (its next user does not connect again).
            connection.disconnect()
            raise


class ReplayingConnectionFactory(ConnectionFactory):
    """django-redis's factory, with replaying pools kept apart from any other cache's pool of the same URL."""

    _pools: dict = {}  # django-redis keeps its pools per URL process-wide, whatever their class

    def __init__(self, options):
        super().__init__(options)
        self.pool_cls = ReplayingConnectionPool


class PipelinedRedisCache(RedisCache):
    """django-redis with ``add_many``: ``add`` of several keys in one round trip, not one each."""

    def add_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        """``add`` each of ``data``'s items (``SET NX``, in one pipeline); returns the keys it added."""
        client = self.client.get_client(write=True)
        pipeline = client.pipeline()
        for key, value in data.items():
            self.client.set(key, value, timeout, version=version, client=pipeline, nx=True)
        return [key for key, added in zip(data, pipeline.execute(), strict=True) if added]


class ResilientRedisCache(PipelinedRedisCache):
    def __init__(self, server, params):
        params = dict(params)
        self._fallback_mode = params.pop("FALLBACK", "local")
        self._alias = params.pop("ALIAS", "default")
        self._retry_after = float(params.pop("RETRY_AFTER", 5))
        self._local_timeout = int(params.pop("LOCAL_TIMEOUT", 30))
        options = params.get("OPTIONS", {})
        if {"CONNECTION_FACTORY", "CONNECTION_POOL_CLASS"} & set(options):
            raise ImproperlyConfigured(
                "ResilientRedisCache makes its own connection pools (ReplayingConnectionPool): "
                "CONNECTION_FACTORY and CONNECTION_POOL_CLASS cannot be set."
            )
        params["OPTIONS"] = {**options, "CONNECTION_FACTORY": f"{__name__}.ReplayingConnectionFactory"}
        super().__init__(server, params)
        self._breaker_key = f"{self._alias}|{server}"
        self._local = LocMemCache(f"portal-fallback-{self._alias}", {"OPTIONS": {"MAX_ENTRIES": 2000}})

    # --- the breaker -------------------------------------------------------------------------

    def _redis_down(self) -> bool:
        return time.monotonic() < _down_until.get(self._breaker_key, 0.0)

    def _trip(self, operation: str, exc: Exception) -> None:
        global _replay_due, _trips

        if not self._redis_down():
            logger.warning(
                "cache %s: Redis unavailable during %s (%s: %s); %s for %ss",
                self._alias,
                operation,
                exc.__class__.__name__,
                exc,
                "using process memory" if self._fallback_mode == "local" else "failing open",
                self._retry_after,
            )
        _down_until[self._breaker_key] = time.monotonic() + self._retry_after
        _replay_due = True
        _trips += 1

    def _call(self, operation: str, fallback, *args, **kwargs):
        replaying = _replaying.get()
        if replaying or not self._redis_down():
            try:
                if _replay_due and not replaying:
                    replay_missed_writes()
                return getattr(super(), operation)(*args, **kwargs)
            except (*FAILURES, CacheUnavailable) as exc:
                self._trip(operation, exc)
        if self._fallback_mode != "local":
            raise CacheUnavailable(f"cache {self._alias}: Redis unavailable")
        return fallback()

    def _capped(self, timeout):
        if timeout is None or timeout is DEFAULT_TIMEOUT or timeout > self._local_timeout:
            return self._local_timeout
        return timeout

    # --- the cache API -------------------------------------------------------------------------

    def get(self, key, default=None, version=None, client=None):
        return self._call(
            "get", lambda: self._local.get(key, default, version), key, default=default, version=version, client=client
        )

    def get_many(self, keys, version=None, client=None):
        return self._call("get_many", lambda: self._local.get_many(keys, version), keys, version=version, client=client)

    def has_key(self, key, version=None, client=None):
        return self._call("has_key", lambda: self._local.has_key(key, version), key, version=version, client=client)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None, nx=False, xx=False):
        return self._call(
            "set",
            lambda: self._local.set(key, value, self._capped(timeout), version),
            key,
            value,
            timeout=timeout,
            version=version,
            client=client,
            nx=nx,
            xx=xx,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        return self._call(
            "set_many",
            lambda: self._local.set_many(data, self._capped(timeout), version),
            data,
            timeout=timeout,
            version=version,
            client=client,
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        return self._call(
            "add",
            lambda: self._local.add(key, value, self._capped(timeout), version),
            key,
            value,
            timeout=timeout,
            version=version,
            client=client,
        )

    def add_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._call(
            "add_many",
            lambda: [key for key, value in data.items() if self._local.add(key, value, self._capped(timeout), version)],
            data,
            timeout=timeout,
            version=version,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None, client=None):
        return self._call(
            "touch",
            lambda: self._local.touch(key, self._capped(timeout), version),
            key,
            timeout=timeout,
            version=version,
            client=client,
        )

    def incr(self, key, delta=1, version=None, client=None):
        return self._call(
            "incr", lambda: self._local.incr(key, delta, version), key, delta=delta, version=version, client=client
        )

    def decr(self, key, delta=1, version=None, client=None):
        return self._call(
            "decr", lambda: self._local.decr(key, delta, version), key, delta=delta, version=version, client=client
        )

    def delete(self, key, version=None, client=None):
        return self.delete_many([key], version=version) > 0

    def delete_many(self, keys, version=None, client=None):
        keys = list(keys)
        for key in keys:
            self._local.delete(key, version)
        try:
            if self._redis_down():
                raise CacheUnavailable(f"cache {self._alias}: Redis unavailable")
            return super().delete_many(keys, version=version, client=client) or 0
        except (*FAILURES, CacheUnavailable) as exc:
            if not isinstance(exc, CacheUnavailable):
                self._trip("delete", exc)
            self._replay_later(keys, version)
            if self._fallback_mode != "local":
                raise CacheUnavailable(f"cache {self._alias}: Redis unavailable") from exc
            return 0

    def clear(self):
        self._local.clear()
        return self._call("clear", lambda: False)

    # --- for the outbox and the health check ---------------------------------------------------

    def delete_many_strict(self, keys, version=None) -> None:
        """Delete in Redis or raise (the outbox retries until Redis answers)."""
        super().delete_many(list(keys), version=version)

    def ping(self) -> bool:
        """Whether Redis itself answers now (never the fallback); raises when it does not."""
        key = self.make_and_validate_key("healthz:ping")
        self.client.get_client(write=True).set(key, "1", ex=5)
        return True

    def _replay_later(self, keys, version) -> None:
        from portal import outbox  # the cache backend is loaded before the apps and their models are ready

        try:
            outbox.schedule("portal.delete_cache_keys", {"alias": self._alias, "keys": [str(key) for key in keys]})
        except Exception:  # the database is down too: nothing more can be done here
            logger.exception("cache %s: could not record deletes to replay: %s", self._alias, keys)
