from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("competition", "0006_submission_creation_token"),
    ]

    operations = [
        # The reason written so far (in the worker's language, Chinese) becomes the Chinese one.
        migrations.RenameField(model_name="submission", old_name="failure_reason", new_name="failure_reason_zh"),
        migrations.AlterField(
            model_name="submission",
            name="failure_reason_zh",
            field=models.TextField(blank=True, verbose_name="why scoring failed (Chinese)"),
        ),
        migrations.AddField(
            model_name="submission",
            name="failure_reason_en",
            field=models.TextField(blank=True, verbose_name="why scoring failed (English)"),
        ),
    ]
