# Written by hand on 2026-12-05: the city becomes bilingual (``portal.organisations.cities``).

from django.db import migrations, models


def name_cities_in_english(apps, schema_editor):
    """Give the existing organisations the English name of a city the table knows (上海 → Shanghai)."""
    from portal.organisations import cities

    Organisation = apps.get_model("portal", "Organisation")
    changed = []
    for organisation in Organisation.objects.only("pk", "city_zh", "city_en").iterator(chunk_size=500):
        organisation.city_zh, organisation.city_en = cities.complete(organisation.city_zh, organisation.city_en)
        changed.append(organisation)
    Organisation.objects.bulk_update(changed, ["city_zh", "city_en"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0008_text_limits"),
    ]

    operations = [
        migrations.RenameField(model_name="organisation", old_name="city", new_name="city_zh"),
        migrations.AlterField(
            model_name="organisation",
            name="city_zh",
            field=models.CharField(blank=True, default="上海", max_length=100, verbose_name="city (Chinese)"),
        ),
        # Empty first, so that an organisation in 杭州 is not given "Shanghai" by the default.
        migrations.AddField(
            model_name="organisation",
            name="city_en",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="city (English)"),
        ),
        migrations.RunPython(name_cities_in_english, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="city_en",
            field=models.CharField(blank=True, default="Shanghai", max_length=100, verbose_name="city (English)"),
        ),
    ]
