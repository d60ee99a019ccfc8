"""The admin's listings by name: pinyin order in a Chinese admin, English names A to Z in an English
one (``portal.viewsets``, ``portal.db.names_in_order``).

Code point order, what the database gives for a bare column, puts 上海 (U+4E0A) before 北京
(U+5317) before 苏州 (U+82CF); pinyin reads bei < shang < su. PostgreSQL's: SQLite has no ICU
collation (code point order, the embedded demo only).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from cases.models import TypicalCaseSelection
from portal.db import names_in_order
from portal.models import Organisation
from portal.roles import ensure_role_groups
from portal.viewsets import NamesInOrderMixin
from tests import factories
from tests.cases.factories import SelectionFactory
from tests.incubator.profiles.world import startup_profile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_service")]

#: (Chinese name, English name), created in code point order; the English names' order is neither.
NAMES = (("上海脑机", "zenith Shanghai"), ("北京脑机", "Meridian Beijing"), ("苏州脑机", "Ångström Suzhou"))
PINYIN = ["北京脑机", "上海脑机", "苏州脑机"]
ALPHABETICAL = ["Ångström Suzhou", "Meridian Beijing", "zenith Shanghai"]


@pytest.fixture(autouse=True)
def _groups(db):
    ensure_role_groups()


def _admin(client, language):
    """The client signed in as alliance staff whose admin speaks ``language``."""
    client.force_login(factories.StaffFactory(preferred_language=language))
    return client


def _listed(client, url_name, attribute, **params) -> list[str]:
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return [getattr(row, attribute) for row in response.context["object_list"]]


def _organisations(kind="enterprise"):
    return [
        factories.OrganisationFactory(kind=kind, name_zh=zh, name_en=en, slug=f"{kind}-{n}")
        for n, (zh, en) in enumerate(NAMES)
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_column_of_chinese_names_sorts_in_pinyin_and_one_of_english_names_a_to_z(client, language):
    """The organisations' name columns read in their own language's order, in either admin."""
    _organisations()
    admin = _admin(client, language)
    assert _listed(admin, "organisations:index", "name_zh", ordering="name_zh") == PINYIN
    assert _listed(admin, "organisations:index", "name_zh", ordering="-name_zh") == PINYIN[::-1]
    assert _listed(admin, "organisations:index", "name_en", ordering="name_en") == ALPHABETICAL


def test_a_column_of_organisations_sorts_by_their_names_in_the_admins_language(client):
    """The startup profiles' organisation column: Django orders a relation by the organisation's
    ``Meta.ordering`` (``name_zh``), code point order; the admin shows the name in its language."""
    for n, organisation in enumerate(_organisations("startup")):
        startup_profile(organisation, tag=f"S{n}", with_deck=False)
    url = "incubator_startup_profiles:index"
    shown = _listed(_admin(client, "zh-hans"), url, "organisation", ordering="organisation")
    assert [organisation.name_zh for organisation in shown] == PINYIN
    client.logout()
    shown = _listed(_admin(client, "en"), url, "organisation", ordering="organisation")
    assert [organisation.name_en for organisation in shown] == ALPHABETICAL


def test_a_listing_ordered_by_name_by_default_follows_the_admins_language(client):
    """Typical-case selections: ``Meta.ordering`` is the year, then the name."""
    for n, (zh, en) in enumerate(NAMES):
        SelectionFactory(name_zh=zh, name_en=en, slug=f"selection-{n}", year=2026)
    SelectionFactory(name_zh="安徽脑机", name_en="Anhui", slug="older", year=2025)
    url = "wagtailsnippets_cases_typicalcaseselection:list"
    assert _listed(_admin(client, "zh-hans"), url, "name_zh") == [*PINYIN, "安徽脑机"]
    client.logout()
    assert _listed(_admin(client, "en"), url, "name_en") == [*ALPHABETICAL, "Anhui"]


@pytest.mark.parametrize(
    ("language", "attribute", "names"), [("zh-hans", "name_zh", PINYIN), ("en", "name_en", ALPHABETICAL)]
)
def test_a_snippets_chooser_lists_names_in_the_admins_language(client, language, attribute, names):
    """The chooser another form picks a selection with (Wagtail's ``BaseChooseView``) lists as the listing."""
    for n, (zh, en) in enumerate(NAMES):
        SelectionFactory(name_zh=zh, name_en=en, slug=f"selection-{n}", year=2026)
    response = _admin(client, language).get(reverse("wagtailsnippetchoosers_cases_typicalcaseselection:choose_results"))
    assert response.status_code == 200
    assert [getattr(row, attribute) for row in response.context["results"]] == names


def test_items_of_other_kinds_keep_their_order():
    """A relation not ordered by a name, a key's column, an annotation: as Django orders them."""
    ordering = ["-created_at", "kind", "verified_by", "verified_by_id", "_updated_at", "pk"]
    assert names_in_order(Organisation, ordering) == ordering
    assert names_in_order(TypicalCaseSelection, ["-year", "slug"]) == ["-year", "slug"]


def test_every_model_viewset_of_the_portal_orders_names():
    """A new viewset on Wagtail's ``ModelViewSet`` or ``SnippetViewSet`` would list in code point order."""
    ours = [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet) and not type(viewset).__module__.startswith("wagtail.")
    ]
    assert len(ours) > 10
    assert [type(viewset).__name__ for viewset in ours if not isinstance(viewset, NamesInOrderMixin)] == []
