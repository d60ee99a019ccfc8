from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="dataroomdocument",
            name="creation_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="dataroomdocument",
            constraint=models.UniqueConstraint(
                fields=("startup", "creation_token"), name="incubator_data_room_document_unique_creation_token"
            ),
        ),
    ]
