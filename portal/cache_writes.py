"""A request's writes to the public cache, sent together when it ends: one round trip, not one each.

A page rendered cold remembers half a dozen values (its route, the site's settings, the chrome,
fragments, its own context; ``portal.public_cache.remember``) and is then stored itself: a
``SET`` each, a round trip to Redis each. Inside ``batched(cache)`` (``PublicPageCacheMiddleware``
wraps every request in it) they wait in the request's batch and go out at its end, in one
``set_many`` per timeout (one pipeline on Redis). The request reads its own waiting values back
(``waiting``), so nothing is computed twice. Outside a batch (a task, a shell) a write goes out at once.

Only where a value goes changes, not which value: each carries the tag versions read before it was
computed, so one that waited while something was invalidated is stale when it is read, as it
would have been if written at once. A batch that cannot be written is lost with a warning: the
cache is an optimisation.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections import defaultdict

logger = logging.getLogger(__name__)

#: What the current request will write: ``{key: (value, timeout)}``; None outside a batch.
_batch: contextvars.ContextVar[dict | None] = contextvars.ContextVar("public_cache_writes", default=None)

#: ``waiting``'s answer for a key that is not waiting.
NOT_WAITING = object()


@contextlib.contextmanager
def batched(cache):
    """Keep the writes made inside the block and write them to ``cache`` when it ends."""
    batch: dict = {}
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        _flush(cache, batch)


def write(cache, key: str, value, timeout: int | None) -> None:
    """``cache.set(key, value, timeout)``: at the end of the current batch, or now outside one."""
    batch = _batch.get()
    if batch is None:
        cache.set(key, value, timeout=timeout)
    else:
        batch[key] = (value, timeout)


def waiting(key: str):
    """The value the current request is about to write under ``key``, or ``NOT_WAITING``."""
    batch = _batch.get()
    if not batch or key not in batch:
        return NOT_WAITING
    return batch[key][0]


def _flush(cache, batch: dict) -> None:
    by_timeout = defaultdict(dict)
    for key, (value, timeout) in batch.items():
        by_timeout[timeout][key] = value
    for timeout, values in by_timeout.items():
        try:
            cache.set_many(values, timeout=timeout)
        except Exception:  # the cache is an optimisation: fail open
            logger.warning("public page cache unavailable; %d values not kept", len(values), exc_info=True)
