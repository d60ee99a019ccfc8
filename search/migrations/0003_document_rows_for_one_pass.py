"""The database engine's one pass (search/engines/database.py): a document's facet values and
audiences on its row, and the token weights in the token index (an index-only scan)."""

from django.db import migrations, models

FACET_SEPARATOR = "\n"  # search.models.FACET_SEPARATOR, frozen here
AUDIENCE_SEPARATOR = "|"  # search.models.AUDIENCE_SEPARATOR, frozen here


def fill_rows(apps, schema_editor):
    """Copy each document's keywords onto its row: facet values as ``name=value`` lines, audiences as ``|a|b|``."""
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchKeyword = apps.get_model("search", "SearchKeyword")
    facets: dict[int, set[str]] = {}
    audiences: dict[int, set[str]] = {}
    rows = SearchKeyword.objects.values_list("document_id", "name", "value")
    for document_id, name, value in rows.iterator(chunk_size=5000):
        if name == "audience":
            audiences.setdefault(document_id, set()).add(value)
        else:
            facets.setdefault(document_id, set()).add(f"{name}={value}")
    documents = []
    for document in SearchDocument.objects.filter(pk__in=[*facets, *audiences]).only("pk").iterator(chunk_size=2000):
        document.facet_values = FACET_SEPARATOR.join(sorted(facets.get(document.pk, ())))
        shown_to = sorted(audiences.get(document.pk, ()))
        document.audiences = f"|{AUDIENCE_SEPARATOR.join(shown_to)}|" if shown_to else ""
        documents.append(document)
    SearchDocument.objects.bulk_update(documents, ["facet_values", "audiences"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_outbox_into_portal_outbox")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="facet_values",
            field=models.TextField(blank=True, default="", verbose_name="facet values"),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="audiences",
            field=models.TextField(blank=True, default="", verbose_name="audiences"),
        ),
        migrations.RunPython(fill_rows, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="searchtoken", name="search_token_lookup"),
        migrations.AddIndex(
            model_name="searchtoken",
            index=models.Index(fields=["token", "document"], include=("weight",), name="search_token_lookup"),
        ),
    ]
