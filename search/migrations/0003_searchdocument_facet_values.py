"""The database engine's one pass (search/engines/database.py): a document's facet values on its row,
and the token weights in the token index (an index-only scan)."""

from django.db import migrations, models

FACET_SEPARATOR = "\n"  # search.models.FACET_SEPARATOR, frozen here


def fill_facet_values(apps, schema_editor):
    """Copy each document's facet keywords (not its audiences) onto its row."""
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchKeyword = apps.get_model("search", "SearchKeyword")
    pairs: dict[int, set[str]] = {}
    rows = SearchKeyword.objects.exclude(name="audience").values_list("document_id", "name", "value")
    for document_id, name, value in rows.iterator(chunk_size=5000):
        pairs.setdefault(document_id, set()).add(f"{name}={value}")
    documents = []
    for document in SearchDocument.objects.filter(pk__in=list(pairs)).only("pk").iterator(chunk_size=2000):
        document.facet_values = FACET_SEPARATOR.join(sorted(pairs[document.pk]))
        documents.append(document)
    SearchDocument.objects.bulk_update(documents, ["facet_values"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_outbox_into_portal_outbox")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="facet_values",
            field=models.TextField(blank=True, default="", verbose_name="facet values"),
        ),
        migrations.RunPython(fill_facet_values, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="searchtoken", name="search_token_lookup"),
        migrations.AddIndex(
            model_name="searchtoken",
            index=models.Index(fields=["token", "document"], include=("weight",), name="search_token_lookup"),
        ),
    ]
