"""Editorial pages that introduce a list (issue #16): the menu's one way in.

An editorial page that introduces a list (``StandardPage.list_page``, or ``list_view``: a list an
app declares in its ``menus.py``) gives the menu one entry that opens the list in the visitor's
language, named as the list names itself (the list page's title, the app list's label: one place,
one name), not as the page; the page leads to the list. The core names no app: the
extension app's list works the same way.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from portal import navigation, public_cache
from portal.menus import app_lists, list_choices
from portal.models import StandardPage
from tests.portal import page_factories
from tests.portal.test_pages import tree  # noqa: F401 (a small bilingual tree, built once for the module)

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')


def menu(html: str) -> list[tuple[str, str]]:
    """(URL, title) of each main-menu entry."""
    return LINK.findall(NAV.search(html).group(0))


# --- The mechanism, on a small tree ----------------------------------------------------


def test_a_menu_entry_opens_the_page_its_page_introduces_in_the_visitors_language(client, tree):  # noqa: F811
    library = page_factories.standard_page(tree.home, title="案例库", slug="library", show_in_menus=False)
    intro = page_factories.standard_page(
        tree.home, title="典型应用案例介绍", slug="cases-intro", menu_title="典型案例", list_page=library
    )
    library_en = page_factories.translate(library, tree.en, title="Case library")
    # A translation keeps the chosen (Chinese) page: the menu finds its English translation.
    page_factories.translate(intro, tree.en, title="About the typical cases", menu_title="Cases")

    zh = menu(client.get("/zh-hans/").content.decode())
    assert (library.url, "案例库") in zh
    assert intro.url not in [url for url, _title in zh]
    en = menu(client.get("/en/").content.decode())
    assert (library_en.url, "Case library") in en

    # The introduction leads to its list; the entry is active on the list and on the introduction.
    html = client.get(intro.url).content.decode()
    assert f'<a class="button" href="{library.url}">案例库' in html
    assert f'<a href="{library.url}" class="is-active">' in NAV.search(html).group(0)
    html = client.get(library.url).content.decode()
    assert f'<a href="{library.url}" aria-current="page" class="is-active">' in NAV.search(html).group(0)


@pytest.mark.parametrize(("language", "says"), [("en", "named as the list"), ("zh-hans", "以该列表的标题命名")])
def test_the_menu_titles_help_says_it_does_not_name_an_entry_that_opens_a_list(language, says):
    """The editor was told the menu title is the page's title in the menu, yet the entry of a page that
    introduces a list is named as that list (the test above: its entry says 案例库, not its menu title 典型案例)."""
    with translation.override(language):
        assert says in str(StandardPage._meta.get_field("menu_title").help_text)


def test_a_menu_entry_opens_an_apps_list_and_falls_back_when_the_app_is_gone(client, tree, extension_app):  # noqa: F811
    assert ("portal:dashboard", "Extension list") in list_choices()
    intro = page_factories.standard_page(
        tree.home, title="扩展栏目", slug="extension-intro", list_view="portal:dashboard"
    )
    with translation.override("zh-hans"):
        dashboard = reverse("portal:dashboard")
    assert (dashboard, "Extension list") in menu(client.get("/zh-hans/").content.decode())
    assert f'<a class="button" href="{dashboard}">Extension list' in client.get(intro.url).content.decode()


def test_an_entry_whose_app_list_is_not_declared_opens_its_own_page(client, tree):  # noqa: F811
    intro = page_factories.standard_page(tree.home, title="旧栏目", slug="old-intro")
    # A list whose app was removed since (the field's choices would refuse it now).
    StandardPage.objects.filter(pk=intro.pk).update(list_view="gone:list")
    public_cache.invalidate("pages")
    assert (intro.url, "旧栏目") in menu(client.get("/zh-hans/").content.decode())
    assert client.get(intro.url).status_code == 200


def test_a_page_introduces_one_list(tree):  # noqa: F811
    page = StandardPage(title="两个列表", slug="two", list_page=tree.about, list_view="catalog:product_list")
    with pytest.raises(ValidationError) as refused:
        page.clean()
    assert "list_view" in refused.value.message_dict


def test_the_apps_declare_their_lists_in_their_own_files():
    assert [item.url_name for item in app_lists()] == [
        "catalog:product_list",
        "catalog:edition_list",
        "incubator:startup_list",
        "incubator:investor_list",
        "incubator:platform_list",
    ]


def test_staff_choose_the_list_and_the_menu_title_in_the_admin(staff_client, tree):  # noqa: F811
    edit = staff_client.get(reverse("wagtailadmin_pages:edit", args=[tree.about.pk]))
    assert edit.status_code == 200
    assert 'name="list_view"' in edit.text and 'value="catalog:product_list"' in edit.text
    assert 'name="list_page"' in edit.text and 'name="menu_title"' in edit.text
    # The home page's section cards offer the same lists.
    home = staff_client.get(reverse("wagtailadmin_pages:edit", args=[tree.home.pk]))
    assert home.status_code == 200 and "catalog:edition_list" in home.text


def test_a_list_finds_its_introduction_in_the_menu_without_a_query(rf, tree, django_assert_num_queries):  # noqa: F811
    library = page_factories.standard_page(tree.home, title="名录", slug="directory", show_in_menus=False)
    intro = page_factories.standard_page(tree.home, title="名录介绍", slug="directory-intro", list_page=library)
    request = rf.get(library.url)
    with translation.override("zh-hans"):
        navigation.menu_items(request, library)  # the header's menu: the chrome's one query
        with django_assert_num_queries(0):
            found = navigation.introduction_for(request, page=library)
    assert found == {"title": intro.title, "url": intro.url}


@pytest.mark.parametrize(
    ("list_view", "other_list"),
    [("incubator:startup_list", "incubator:investor_list"), ("catalog:product_list", "catalog:edition_list")],
)
def test_the_entry_that_opens_a_list_stays_marked_on_the_other_lists_of_its_section(
    client,
    tree,  # noqa: F811
    list_view,
    other_list,
):
    """The investors and platforms are in the incubation entry's section, the editions in the catalogue's:
    on them the visitor sees which entry of the menu they are under, as on the list itself."""
    page_factories.standard_page(tree.home, title="栏目", slug="section-intro", list_view=list_view)
    with translation.override("zh-hans"):
        opened, other = reverse(list_view), reverse(other_list)
    nav = NAV.search(client.get(other).content.decode()).group(0)
    assert f'<a href="{opened}" class="is-active">' in nav
