# Written by hand on 2026-12-06: Wagtail creates the page tree's root and the root collection named
# "Root", and the default workflow and its task "Moderators approval": data shown as stored (the
# explorer, its breadcrumbs, every collection dropdown, the moderation screens), so Chinese staff
# read English there, on every database, not only the demo's. They are named in both languages;
# a name staff changed is left alone.

from django.db import migrations

PAGES = ("Root", "根页面 · Root")
COLLECTIONS = ("Root", "根集合 · Root")
WORKFLOWS = ("Moderators approval", "联盟审核 · Alliance review")


def _rename(apps, *, forward: bool) -> None:
    def names(pair):
        return pair if forward else pair[::-1]

    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    old, new = names(PAGES)
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)
    old, new = names(COLLECTIONS)
    Collection.objects.filter(depth=1, name=old).update(name=new)
    old, new = names(WORKFLOWS)
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def name_both_languages(apps, schema_editor):
    _rename(apps, forward=True)


def name_in_english(apps, schema_editor):
    _rename(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_admin_time_zone"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(name_both_languages, name_in_english)]
