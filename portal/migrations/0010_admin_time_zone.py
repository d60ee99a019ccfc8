# Written by hand on 2026-12-06: the admin works in the alliance's time zone only
# (settings WAGTAIL_USER_TIME_ZONES). A zone an account chose before would still be applied by
# Wagtail (UserProfile.get_current_time_zone), so the deadlines typed there would shift: cleared.

from django.db import migrations


def use_the_alliances_zone(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    UserProfile.objects.exclude(current_time_zone="").update(current_time_zone="")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0009_organisation_city_both_languages"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(use_the_alliances_zone, migrations.RunPython.noop)]
