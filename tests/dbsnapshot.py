"""Whole-database snapshots on PostgreSQL, taken and put back with ``COPY`` (for the test suite only).

Django's serialized rollback puts a database back by deserializing JSON and saving row after row
through the ORM: with the demo site loaded (thousands of pages, revisions, organisations,
profiles) that takes 20–30 seconds per browser test. ``take`` copies every table of the project's
models into memory in one pass (``COPY … TO STDOUT``, binary); ``restore`` empties those tables
(``DELETE``: a flush has usually emptied them already, and ``TRUNCATE`` costs seconds even then,
``tests/fastflush.py``) and copies the rows back (``COPY … FROM STDIN``), then moves every sequence past the highest
primary key, in one transaction: well under two seconds. A sequence only ever moves forward:
rows outside the snapshot can come back when the caller's transaction rolls the restore back
(a module fixture's committed pages, whose log entries Wagtail keeps after they are deleted), and
sequences are not transactional, so one moved back would hand out their keys again.

Foreign keys are checked at commit (Django creates them ``DEFERRABLE INITIALLY DEFERRED``), so
the order the tables are filled in does not matter. Both are PostgreSQL's: ``supported`` says
whether ``connection`` is one (elsewhere the callers keep serialized rollback).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import transaction


@dataclass(frozen=True)
class Snapshot:
    #: ``(table, rows in COPY's binary format)`` of every table, in a fixed order.
    tables: tuple[tuple[str, bytes], ...]


def supported(connection) -> bool:
    return connection.vendor == "postgresql"


def _tables(connection) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def take(connection) -> Snapshot:
    """Every row of every table of the project's models, as it is now."""
    quote = connection.ops.quote_name
    tables = []
    with connection.cursor() as cursor:
        for table in _tables(connection):
            chunks = []
            with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                for chunk in copy:
                    chunks.append(bytes(chunk))
            tables.append((table, b"".join(chunks)))
    return Snapshot(tables=tuple(tables))


def _sequences(cursor) -> dict[str, int]:
    """Each sequence of the schema (qualified name) and the last value it gave (0 if none yet)."""
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), COALESCE(last_value, 0) "
        "FROM pg_sequences WHERE schemaname = current_schema()"
    )
    return dict(cursor.fetchall())


def restore(connection, snapshot: Snapshot) -> None:
    """Make the tables hold exactly the snapshot's rows, and the sequences follow them."""
    from django.contrib.contenttypes.models import ContentType

    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # DELETE, not TRUNCATE (tests/fastflush.py); the names are Django's own tables, quoted.
        for table, _rows in snapshot.tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table, rows in snapshot.tables:
            with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(rows)
        before = _sequences(cursor)
        models = [model for model in apps.get_models(include_auto_created=True) if model._meta.managed]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        for sequence, position in _sequences(cursor).items():
            if before.get(sequence, 0) > position:
                cursor.execute("SELECT setval(%s::regclass, %s::bigint)", [sequence, before[sequence]])
    ContentType.objects.clear_cache()
