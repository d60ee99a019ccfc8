"""Rebuild the search indexes: the database engine's tables and, when configured, Elasticsearch.

Elasticsearch is filled into a fresh index and the alias swapped at the end, so searches
never see an empty or partial index; the old index is deleted after the swap.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from search import declarations, indexing
from search.engines import elasticsearch as es_engine


class Progress:
    """A plain-text progress bar on stderr (no extra dependency)."""

    def __init__(self, label: str, total: int, stream, enabled: bool):
        self.label, self.total, self.stream, self.enabled, self.done = label, max(total, 1), stream, enabled, 0

    def __call__(self, n: int = 1) -> None:
        self.done += n
        if self.enabled and (self.done == self.total or self.done % 50 == 0):
            width = 30
            filled = int(width * self.done / self.total)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Rebuild the search index (database engine; Elasticsearch with an alias swap when configured)."

    def add_arguments(self, parser):
        parser.add_argument("--no-input", action="store_true", help="Do not show the progress bar.")
        parser.add_argument("--database-only", action="store_true", help="Leave Elasticsearch alone.")

    def handle(self, *args, no_input=False, database_only=False, verbosity=1, **options):
        show = verbosity > 0 and not no_input and sys.stderr.isatty()
        total = sum(dt.queryset().count() for dt in declarations.document_types())
        bar = Progress("database", total, self.stderr, show)
        count = indexing.rebuild_database(progress=bar)
        bar.finish()
        if verbosity:
            self.stdout.write(f"Database engine: {count} objects indexed.")
        if database_only or not indexing.elasticsearch_enabled():
            return
        bar = Progress("elasticsearch", total, self.stderr, show)
        try:
            name = indexing.rebuild_elasticsearch(progress=bar)
        except es_engine.EngineUnavailable as exc:
            raise CommandError(f"Elasticsearch is unavailable: {exc}") from exc
        bar.finish()
        if verbosity:
            self.stdout.write(f"Elasticsearch: {name} now serves alias {es_engine.alias()}.")
