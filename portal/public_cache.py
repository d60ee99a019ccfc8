"""Serve public pages to anonymous visitors from the cache; invalidate by tag.

How it works
------------
* A view (or ``PortalPage.serve``) opts in with ``mark_public(response, *tags)``.
  Only opted-in responses are ever stored.
* ``PublicPageCacheMiddleware`` sits near the top of the middleware stack. A GET/HEAD
  request *without a session cookie* is anonymous by construction, so a stored response
  can be returned before sessions, auth or locale middleware run. Requests that carry a
  session cookie (signed-in members, staff, previews) always bypass the cache, so one
  member's page is never served to another.
* Responses that set cookies (e.g. CSRF on a form) or are not 200 are never stored. A page
  asked with a query string that gives a parameter a value is stored from its second asking.
* An entry is kept ``PORTAL_PUBLIC_CACHE_TIMEOUT`` seconds, or only until what it shows changes
  by itself, with no publish to invalidate it (a stage opens, a deadline passes):
  ``keep_until(response, moment)``.
* Each entry records the version token of every tag it depends on. ``invalidate(tag)``
  replaces a tag's token, so every entry carrying it becomes a miss at once
  (no key scanning, works on locmem and Redis alike).

Later apps tag their pages (``catalog``, ``cases``...) and call ``invalidate`` from
their publish services.

Failing open
------------
The cache is an optimisation: every read and write here survives a cache outage with a
logged warning (in production the alias is a ``portal.cache.ResilientRedisCache`` that
raises ``CacheUnavailable`` at once while Redis is down). A page is then rendered and not
stored; ``remember`` computes its value and does not keep it. An invalidation that cannot
reach the cache is recorded in the outbox and replayed once the cache answers, so a page
stored before the outage is never served after a publish it missed.

Degraded responses
------------------
A response rendered while something it shows was unavailable (search answered by the
fallback engine, say) calls ``mark_degraded()`` and is never stored: once the service is
back, visitors get the full page again at once.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import math
import uuid
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import DEFERRED
from django.http import HttpResponse
from django.utils import timezone

from portal import cache_writes, outbox

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "pcache:entry:"
TAG_PREFIX = "pcache:tag:"
# Changes on every invalidation: a response rendered while one happened is not stored.
EPOCH_KEY = "pcache:epoch"
# Query parameters a page may vary on unless it says otherwise (mark_public(params=...)).
DEFAULT_PARAMS = ("page",)
#: What every page's chrome shows besides the page itself: the home pages and the menu, an app
#: list's introduction, the site's settings (portal/signals.py invalidates it). A ``chrome``
#: invalidation is always a ``pages`` one too, so a response tagged ``pages`` needs no ``chrome``.
CHROME_TAG = "chrome"
# Cookies that make a request personal: a session, or a flash message waiting to be shown.
_PERSONAL_COOKIES = ("messages",)
# Headers that are request-specific or re-computed, and so never replayed.
_SKIP_HEADERS = {"set-cookie", "date", "content-length"}


# True once the request being served rendered something degraded; None outside a request
# (a Celery task or a shell searching while Elasticsearch is down marks nothing for later).
_degraded: contextvars.ContextVar[bool | None] = contextvars.ContextVar("public_cache_degraded", default=None)


def _cache():
    return caches[settings.PORTAL_PUBLIC_CACHE_ALIAS]


def mark_degraded() -> None:
    """The response being rendered shows a fallback or an outage notice: never store it."""
    if _degraded.get() is not None:
        _degraded.set(True)


def is_degraded() -> bool:
    return _degraded.get() is True


def mark_public(response: HttpResponse, *tags: str, params: tuple[str, ...] = DEFAULT_PARAMS) -> HttpResponse:
    """Declare ``response`` safe to serve to every anonymous visitor.

    ``tags`` name what it shows; ``params`` are the query parameters it varies on. A request
    with any other parameter is rendered but not stored, so junk query strings cannot fill
    the cache. Every page shows the site's chrome: the ``chrome`` tag is added to ``tags``.
    """
    tags = tuple(tags) or ("pages",)
    response.public_cache_tags = tags if "pages" in tags else (*tags, CHROME_TAG)
    response.public_cache_params = frozenset(params)
    return response


def keep_until(response: HttpResponse, moment: datetime | None) -> HttpResponse:
    """What ``response`` shows changes by itself at ``moment`` (a stage opens, a deadline passes), with
    no publish to invalidate it: it is kept at most until then. ``None``: no such moment ahead."""
    if moment is not None:
        response.public_cache_until = moment
    return response


def _lifetime(response: HttpResponse) -> int:
    """The seconds to keep ``response``: the setting's, or fewer until what it shows changes (``keep_until``);
    0 where that is less than a second ahead."""
    timeout = settings.PORTAL_PUBLIC_CACHE_TIMEOUT
    until = getattr(response, "public_cache_until", None)
    if until is None:
        return timeout
    return max(0, min(timeout, math.floor((until - timezone.now()).total_seconds())))


def invalidate(*tags: str, strict: bool = False) -> None:
    """Make every cached page that shows any of ``tags`` stale.

    When the cache cannot be reached the invalidation is recorded in the outbox and
    replayed (``strict=True``, the replay itself, raises instead).
    """
    tokens = {TAG_PREFIX + tag: uuid.uuid4().hex for tag in tags}
    tokens[EPOCH_KEY] = uuid.uuid4().hex
    try:
        _cache().set_many(tokens, timeout=None)
    except Exception:
        if strict:
            raise
        logger.warning("public page cache unavailable; invalidation of %s replayed later", tags, exc_info=True)
        _replay_later(tags)


def _replay_later(tags) -> None:
    try:
        outbox.schedule("portal.invalidate_public_cache", {"tags": sorted(set(tags))})
    except Exception:  # the database is unavailable too: nothing left to record it in
        logger.exception("could not record the invalidation of %s", tags)


def invalidate_on_commit(*tags: str) -> None:
    """Invalidate now and again when the current transaction commits.

    A request served while the transaction is open still reads the old rows; the second
    invalidation at commit time makes whatever it stored stale. A request that started
    rendering before the commit and stores after it is refused by the epoch check in
    ``PublicPageCacheMiddleware``.
    """
    invalidate(*tags)
    transaction.on_commit(lambda: invalidate(*tags), robust=True)


def remember(key: str, tags: tuple[str, ...], compute, *, timeout: int | None = None):
    """Return ``compute()``, cached until any of ``tags`` is invalidated.

    For fragments shared by every visitor (site settings, menus) on pages that are
    rendered uncached, e.g. for signed-in members.

    One cache round trip when the value is there: the entry is read with the tags' current
    versions and holds the versions it was computed under (read *before* computing, so a
    value computed while a tag was invalidated is stale at once). An uncached page calls
    this half a dozen times, so the round trips count.
    """
    stamp, value = recall(key, tags)
    if value is MISSING:
        value = compute()
        store(key, stamp, value, timeout=timeout)
    return value


def _failing_open(default):
    """Decorator: a cache failure logs a warning and returns ``default`` (the cache is an optimisation)."""

    def decorate(func):
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:
                logger.warning("public page cache unavailable in %s", func.__name__, exc_info=True)
                return default

        wrapper.__name__ = func.__name__
        wrapper.__doc__ = func.__doc__
        return wrapper

    return decorate


#: ``recall``'s value when nothing fresh is remembered.
MISSING = object()


@_failing_open(default=(None, None))
def _recall(key: str, tags: tuple[str, ...]) -> tuple[list, object]:
    """``recall`` with the cache answering; ``(None, None)`` when it does not."""
    value_key = "pcache:value:" + key
    tag_keys = [TAG_PREFIX + tag for tag in tags]
    found = _cache().get_many([value_key, *tag_keys])
    if not all(tag_key in found for tag_key in tag_keys):
        found |= _tag_versions(tags, known=found)
    stamp = [found[tag_key] for tag_key in tag_keys]
    entry = cache_writes.waiting(value_key)  # computed earlier in this request, not yet written
    if entry is cache_writes.NOT_WAITING:
        entry = found.get(value_key)
    if entry is not None and entry[0] == stamp:
        return stamp, entry[1]
    return stamp, MISSING


def recall(key: str, tags: tuple[str, ...]) -> tuple[list | None, object]:
    """``(stamp, value)``: the value remembered under ``key``, or ``MISSING`` when absent or stale.

    ``remember`` in two steps, for a value computed elsewhere (e.g. by Wagtail's routing):
    pass ``stamp`` (the tags' versions now) to ``store`` with the fresh value. While the
    cache is unavailable the stamp is ``None`` and ``store`` keeps nothing.
    """
    stamp, value = _recall(key, tags)
    return stamp, (MISSING if stamp is None else value)


@_failing_open(default=None)
def store(key: str, stamp: list | None, value, *, timeout: int | None = None) -> None:
    """Remember ``value`` under ``key`` as computed when the tags' versions were ``stamp`` (``recall``)."""
    if stamp is None or is_degraded():
        return
    timeout = timeout or settings.PORTAL_PUBLIC_CACHE_TIMEOUT
    cache_writes.write(_cache(), "pcache:value:" + key, (stamp, value), timeout)


@_failing_open(default=True)
def first_asking(key: str, *, timeout: int) -> bool:
    """True the first time ``key`` is asked for within ``timeout`` seconds, False from the second.

    For values whose variety visitors choose (a search's text): kept from their second asking,
    so a flood of one-off values leaves a marker (about a hundred bytes) each, not the values. True while
    the cache is unavailable (``store`` keeps nothing then anyway).
    """
    return _cache().add("pcache:asked:" + key, 1, timeout=timeout)


def _asks_with_values(request) -> bool:
    """The request's query string gives some parameter a value (an empty ``?q=`` gives none).

    Such a page (a list's search box, facets, sort, page number) is stored from its second asking
    (``first_asking``): the values of the declared parameters have no bound (typed text, or any junk
    a client writes, which a list ignores and still answers), so a flood of one-off URLs leaves small
    markers, not pages that push the others out of the cache.
    """
    return any(value.strip() for _name, values in request.GET.lists() for value in values)


def _entry_key(request) -> str:
    raw = f"{request.get_host()}|{request.path}|{request.META.get('QUERY_STRING', '')}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _is_anonymous_get(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    return not any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, *_PERSONAL_COOKIES))


def _epoch() -> str:
    cache = _cache()
    epoch = cache.get(EPOCH_KEY)
    if epoch is None:
        cache.add(EPOCH_KEY, uuid.uuid4().hex, timeout=None)
        epoch = cache.get(EPOCH_KEY)
    return epoch


def _tag_versions(tags, *, known: dict | None = None) -> dict[str, str]:
    """Each tag's current version by its key; a tag without one (never invalidated, or its key lost
    to an eviction or a restart of Redis) gets a new one. ``known``: the keys the caller has just read.

    A page's tags may all be new after Redis lost them: three round trips then, however many tags.
    """
    cache = _cache()
    keys = [TAG_PREFIX + tag for tag in tags]
    versions = cache.get_many(keys) if known is None else {key: known[key] for key in keys if key in known}
    missing = {key: uuid.uuid4().hex for key in keys if key not in versions}
    if missing:
        # add(), not set(): a token another process set in the meantime is kept, and read back.
        _add_many(cache, missing)
        versions.update(cache.get_many(list(missing)))
    return versions


def _add_many(cache, data: dict) -> None:
    """``cache.add`` of each item, kept forever: in one round trip on Redis (``portal.cache.PipelinedRedisCache``)."""
    if hasattr(cache, "add_many"):
        cache.add_many(data, timeout=None)
        return
    for key, value in data.items():
        cache.add(key, value, timeout=None)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _degraded.set(False)
        try:
            # What the request remembers, and the page itself, go out in one round trip at its end.
            with cache_writes.batched(_cache()):
                return self._respond(request)
        finally:
            _degraded.reset(token)

    def _respond(self, request):
        if not settings.PORTAL_PUBLIC_CACHE_ENABLED or not _is_anonymous_get(request):
            return self.get_response(request)
        key = _entry_key(request)
        try:
            cached = self._lookup(key)
            epoch = _epoch() if cached is None else None
        except Exception:  # the cache is an optimisation: fail open, never 500
            logger.warning("public page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            return cached
        response = self.get_response(request)
        try:
            if self._store(key, request, response, epoch):
                response.headers["X-Public-Cache"] = "miss"
        except Exception:
            logger.warning("public page cache unavailable", exc_info=True)
        return response

    def _lookup(self, key):
        cache = _cache()
        entry = cache.get(key)
        if entry is None:
            return None
        tags = entry["tags"]
        current = cache.get_many([TAG_PREFIX + t for t in tags])
        if any(current.get(TAG_PREFIX + t) != entry["versions"].get(t) for t in tags):
            return None
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response.headers[name] = value
        response.headers["X-Public-Cache"] = "hit"
        return response

    def _store(self, key, request, response, epoch) -> bool:
        tags = getattr(response, "public_cache_tags", None)
        lifetime = _lifetime(response)
        if (
            not tags
            or not lifetime
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or getattr(request, "is_preview", False)
            or (hasattr(request, "user") and request.user.is_authenticated)
            or not set(request.GET) <= response.public_cache_params
            # Rendered with a fallback or an outage notice (mark_degraded): not for keeping.
            or is_degraded()
        ):
            return False
        current = _cache().get_many([EPOCH_KEY, *(TAG_PREFIX + tag for tag in tags)])
        # Something was invalidated while this response rendered: it may show old data.
        if current.get(EPOCH_KEY) != epoch:
            return False
        if _asks_with_values(request) and first_asking(key, timeout=settings.PORTAL_PUBLIC_CACHE_TIMEOUT):
            return False
        versions = _tag_versions(tags, known=current)
        entry = {
            "status": response.status_code,
            "content": response.content,
            "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in _SKIP_HEADERS],
            "tags": list(tags),
            "versions": {tag: versions[TAG_PREFIX + tag] for tag in tags},
        }
        cache_writes.write(_cache(), key, entry, lifetime)
        return True


def pristine(page):
    """A copy of ``page`` as the database row holds it, without what rendering cached on the instance.

    The route is stored after the page was served: its instance may carry related objects,
    prefetched children or values a template computed. Those can change without the page
    being published (a linked product unpublished, a snippet edited), so only the row's own
    field values are remembered.
    """
    names = [field.attname for field in page._meta.concrete_fields]
    values = [page.__dict__.get(name, DEFERRED) for name in names]
    return type(page).from_db(page._state.db, names, values)
