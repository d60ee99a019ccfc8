"""The facet values and audiences live on the document's row only (0003 copied them there):
the keyword table, written on every index write and read by nothing, goes. Reversed, the
table comes back filled from the rows."""

from django.db import migrations

FACET_SEPARATOR = "\n"  # search.models.FACET_SEPARATOR, frozen here
AUDIENCE_SEPARATOR = "|"  # search.models.AUDIENCE_SEPARATOR, frozen here


def fill_keywords(apps, schema_editor):
    """Each row's facet values and audiences as keywords again (``name=value`` lines, ``|a|b|``)."""
    SearchDocument = apps.get_model("search", "SearchDocument")
    SearchKeyword = apps.get_model("search", "SearchKeyword")
    keywords = []
    rows = SearchDocument.objects.values_list("pk", "facet_values", "audiences")
    for document_id, facet_values, audiences in rows.iterator(chunk_size=5000):
        for pair in filter(None, facet_values.split(FACET_SEPARATOR)):
            name, value = pair.split("=", 1)
            keywords.append(SearchKeyword(document_id=document_id, name=name, value=value))
        for audience in filter(None, audiences.split(AUDIENCE_SEPARATOR)):
            keywords.append(SearchKeyword(document_id=document_id, name="audience", value=audience))
    SearchKeyword.objects.bulk_create(keywords, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_document_rows_index")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, fill_keywords),
        migrations.DeleteModel(name="SearchKeyword"),
    ]
