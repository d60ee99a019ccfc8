"""Database helpers shared by the apps."""

from __future__ import annotations

import hashlib

from django.db import connection


def object_lock(name: str) -> None:
    """Hold a lock named ``name`` until the current transaction ends (call it inside ``atomic``).

    PostgreSQL: a transaction-level advisory lock on a 64-bit hash of the name, so writers
    of one logical object (e.g. one object's search documents, which may not exist yet and
    so have no row to lock) run one after another. SQLite serialises every write
    transaction already, so nothing is needed there.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])


def object_locks(names) -> None:
    """``object_lock`` for many names in one query, in a fixed order (two such writers cannot deadlock)."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({lock_key(name) for name in names})
    if keys:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(pg_advisory_xact_lock(key)) FROM unnest(%s::bigint[]) AS key", [keys])


def lock_key(name: str) -> int:
    """The advisory lock key of ``name``: a signed 64-bit hash."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
