"""The search app's own outbox becomes the portal's (portal/outbox.py).

The database engine is now written in the change's transaction, so a pending row only
still owes Elasticsearch its update: it becomes a ``search.sync_elasticsearch`` message.
"""

from django.db import migrations
from django.utils import timezone


def move_pending_rows(apps, schema_editor):
    IndexOutbox = apps.get_model("search", "IndexOutbox")
    OutboxMessage = apps.get_model("portal", "OutboxMessage")
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            effect="search.sync_elasticsearch",
            payload={"doc_type": row.doc_type, "object_id": row.object_id},
            topic=f"search:{row.doc_type}:{row.object_id}",
            created_at=row.created_at or now,
            available_at=now,
        )
        for row in IndexOutbox.objects.order_by("pk").iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_index"),
        ("portal", "0004_outbox"),
    ]

    operations = [
        migrations.RunPython(move_pending_rows, migrations.RunPython.noop),
        migrations.DeleteModel(name="IndexOutbox"),
    ]
