"""The database engine's index.

``SearchDocument`` holds one row per indexed thing and language, with what a result
shows, its facet values and its audiences; ``SearchToken`` the analysed tokens
(search/analysis.py) with the weight of the best field they occur in. Plain tables and
B-tree indexes, so SQLite and PostgreSQL give the same hits.

The rows are written in the transaction of the change they index (search/indexing.py);
Elasticsearch follows through the outbox (portal/outbox.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Between the ``name=value`` pairs of ``SearchDocument.facet_values``.
FACET_SEPARATOR = "\n"


#: Around each audience in ``SearchDocument.audiences`` (``|public|user:3|``): the engine matches ``|public|``.
AUDIENCE_SEPARATOR = "|"


def audiences_text(audiences) -> str:
    """A document's audiences as ``SearchDocument.audiences`` holds them; ``""`` for none."""
    shown_to = sorted(set(audiences))
    if any(AUDIENCE_SEPARATOR in audience for audience in shown_to):
        raise ValueError(f"an audience may not contain {AUDIENCE_SEPARATOR!r}: {shown_to}")
    return f"{AUDIENCE_SEPARATOR}{AUDIENCE_SEPARATOR.join(shown_to)}{AUDIENCE_SEPARATOR}" if shown_to else ""


def facet_values_text(facets: dict) -> str:
    """A document's facet values as ``SearchDocument.facet_values`` holds them (sorted ``name=value`` lines)."""
    pairs = {f"{name}={str(value)[:100]}" for name, values in facets.items() for value in values}
    return FACET_SEPARATOR.join(sorted(pairs))


def audiences_of(text: str) -> set[str]:
    """The audiences ``audiences_text`` wrote."""
    return set(filter(None, text.split(AUDIENCE_SEPARATOR)))


def facets_of(text: str) -> dict[str, list[str]]:
    """The facet values ``facet_values_text`` wrote, by facet name."""
    facets: dict[str, list[str]] = {}
    for pair in filter(None, text.split(FACET_SEPARATOR)):
        name, value = pair.split("=", 1)
        facets.setdefault(name, []).append(value)
    return facets


class SearchDocument(models.Model):
    doc_type = models.CharField(_("type"), max_length=40)
    object_id = models.CharField(_("object ID"), max_length=64)
    language = models.CharField(_("language"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=300)
    display = models.JSONField(_("display"), default=dict)
    date = models.DateField(_("date"), null=True, blank=True)
    #: Its facet values (``facet_values_text``): the database engine counts and filters facets
    #: from the rows of its one matching query.
    facet_values = models.TextField(_("facet values"), blank=True, default="")
    #: Its audiences (``audiences_text``): who may see it is a condition on the row.
    audiences = models.TextField(_("audiences"), blank=True, default="")
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        # What the engine's one pass reads of a document, in the index: an index-only scan of the
        # viewer's language instead of the table's pages with their display texts (PostgreSQL).
        indexes = [
            models.Index(
                fields=["language", "id"],
                include=["audiences", "doc_type", "object_id", "date", "facet_values"],
                name="search_document_rows",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id", "language"], name="search_document_unique")
        ]

    def __str__(self):
        return f"{self.doc_type}:{self.object_id}:{self.language or '*'}"


class SearchToken(models.Model):
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=40)
    weight = models.FloatField(default=1.0)

    class Meta:
        # The weight in the index: the engine's one pass reads token, document and weight from it alone.
        indexes = [models.Index(fields=["token", "document"], include=["weight"], name="search_token_lookup")]
        constraints = [models.UniqueConstraint(fields=["document", "token"], name="search_token_unique")]

    def __str__(self):
        return self.token
