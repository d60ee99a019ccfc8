"""The Wagtail admin speaks Chinese where Wagtail's own catalogue is silent (issue #16, staff screens).

``portal/i18n_overrides.py`` lists the msgids; ``locale/zh_Hans`` translates them. The default
workflow carries the alliance's name (portal migration 0011), not "Moderators approval".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import wagtail.admin
from django.conf import settings
from django.urls import reverse
from wagtail.models import Collection, Page, Task, Workflow

pytestmark = pytest.mark.django_db


def test_the_admin_home_and_the_explorer_in_chinese(staff_client):
    home = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "搜索全部页面" in home and "Search all pages" not in home
    assert "个页面" in home and " Pages <span" not in home
    root = Page.objects.filter(depth=1).first()
    explorer = staff_client.get(reverse("wagtailadmin_explore", args=[root.pk])).content.decode()
    assert "Exploring" not in explorer


def test_the_roots_wagtail_creates_are_named_in_both_languages(staff_client):
    """The page tree's root and the root collection (data Wagtail writes as "Root") read in Chinese too."""
    root = Page.objects.get(depth=1)
    explorer = staff_client.get(reverse("wagtailadmin_explore", args=[root.pk])).content.decode()
    assert "根页面 · Root" in explorer
    Collection.get_first_root_node().add_child(name="新闻图片")  # with two, the upload form lets staff choose
    upload = staff_client.get(reverse("wagtailimages:add_multiple"))
    assert upload.status_code == 200 and "根集合 · Root" in upload.content.decode()  # the collection dropdown


def test_the_default_workflow_gets_the_alliances_name():
    """Wagtail's migrations create "Moderators approval"; the admin would offer "提交给Moderators approval"."""
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.filter(name="联盟审核 · Alliance review").exists()
    assert Task.objects.filter(name="联盟审核 · Alliance review").exists()


def test_the_page_types_report_in_chinese(staff_client):
    """The reports menu and its page: Wagtail's catalogue leaves "Page types usage" in English."""
    html = staff_client.get(reverse("wagtailadmin_reports:page_types_usage")).content.decode()
    assert "页面类型使用情况" in html and "Page types usage" not in html


def test_the_header_actions_landmark_is_named_in_chinese(staff_client):
    """Wagtail writes aria-label="Actions" untranslated (templates/wagtailadmin/shared/headers/_actions.html)."""
    html = staff_client.get(reverse("wagtailimages:index")).content.decode()
    assert 'id="w-slim-header-buttons"' in html
    assert 'aria-label="操作" id="w-slim-header-buttons"' in html and 'aria-label="Actions"' not in html


def test_the_dashboards_search_button_is_named_in_chinese(staff_client):
    """Wagtail writes the search form's screen-reader-only button as value="Search" (wagtailadmin/home.html)."""
    html = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'class="submit w-sr-only"><input type="submit" value="搜索"' in html
    assert 'value="Search"' not in html


#: Our copies of Wagtail's templates and the one line each changes (Wagtail's line, ours).
OVERRIDES = {
    "wagtailadmin/shared/headers/_actions.html": (
        '<nav aria-label="Actions"',
        "<nav aria-label=\"{% trans 'Actions' %}\"",
    ),
    "wagtailadmin/home.html": (
        '<input type="submit" value="Search" class="button" />',
        '<input type="submit" value="{% trans \'Search\' %}" class="button" />',
    ),
}


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_an_overridden_wagtail_template_differs_from_wagtails_only_by_its_translation(name):
    """A Wagtail upgrade that changes one of these templates fails here: bring the copy in step."""
    wagtails = Path(wagtail.admin.__file__).parent / "templates" / name
    ours = (Path(settings.BASE_DIR) / "templates" / name).read_text()
    theirs, translated = OVERRIDES[name]
    assert ours.count(translated) == 1
    without_note = re.sub(r"\{% comment %\}.*?\{% endcomment %\}\n", "", ours, count=1, flags=re.DOTALL)
    as_wagtail_writes_it = without_note.replace(translated, theirs).replace("{% load i18n %}\n", "", 1)
    assert as_wagtail_writes_it == wagtails.read_text()
