"""What the database engine's one pass reads of a document, in an index (an index-only scan on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_document_rows_for_one_pass'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['language', 'id'], include=('audiences', 'doc_type', 'object_id', 'date', 'facet_values'), name='search_document_rows'),
        ),
    ]
