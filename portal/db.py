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
    key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
