# Written by hand on 2026-12-06: Wagtail creates the page tree's root and the root collection named
# "Root" (data, shown as stored in the explorer, its breadcrumbs and every collection dropdown), so
# Chinese staff read English there. They are named in both languages, as the default workflow is
# (portal.demo.site.WORKFLOW_NAMES); a name staff changed is left alone.

from django.db import migrations

PAGE = ("Root", "根页面 · Root")
COLLECTION = ("Root", "根集合 · Root")


def name_both_languages(apps, schema_editor, *, forward=True):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    (page_from, page_to), (collection_from, collection_to) = (
        (PAGE, COLLECTION) if forward else (PAGE[::-1], COLLECTION[::-1])
    )
    Page.objects.filter(depth=1, title=page_from).update(title=page_to, draft_title=page_to)
    Collection.objects.filter(depth=1, name=collection_from).update(name=collection_to)


def name_in_english(apps, schema_editor):
    name_both_languages(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_admin_time_zone"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(name_both_languages, name_in_english)]
