"""Role × URL matrix for search: the page is open to everyone (what it shows depends on the audience,
tested in test_views.py); other organisations' drafts never appear (checked below), so there is no IDOR."""

from django.urls import reverse

from search import indexing
from search.engines import database
from search.query import SearchQuery
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.matrix import Row, check_matrix, expect, uncovered_url_names, world  # noqa: F401

ROWS = [
    Row("search page (empty)", lambda w: reverse("search:search"), expect(default=200)),
    Row("search page (query)", lambda w: reverse("search:search") + "?q=%E5%A4%B1%E8%AF%AD", expect(default=200)),
    Row(
        "search page (type, facet, sort, page)",
        lambda w: reverse("search:search") + "?q=BCI&type=product&f_bci_type=non_invasive&sort=newest&page=3",
        expect(default=200),
    ),
    Row("search page (hostile)", lambda w: reverse("search:search") + '?q="AND+(*&page=x', expect(default=200)),
    Row("search API", lambda w: "/api/v1/search/?q=BCI", expect(default=200)),
    Row("search API autocomplete", lambda w: "/api/v1/search/autocomplete?q=%E5%A4%B1", expect(default=200)),
]


def test_search_matrix(client, world):  # noqa: F811
    check_matrix(client, world, ROWS)


def test_every_search_url_has_a_row(world):  # noqa: F811
    assert uncovered_url_names(world, ROWS, "search") == set()


def test_drafts_of_organisation_a_are_hidden_from_organisation_b(world):  # noqa: F811
    """Members of another organisation (and of the same one) never see a draft in search: staff only."""
    from search.permissions import audiences_for

    draft = ProductFactory(organisation=world.org_a, name_zh="甲草稿失语产品")
    live = PublishedProductFactory(organisation=world.org_a, name_zh="甲已发布失语产品")
    indexing.rebuild_database()
    for role in ("anonymous", "member", "editor_a", "owner_a", "owner_b"):
        keys = database.search(SearchQuery(text="失语", audiences=audiences_for(world.user(role)))).keys
        assert ("product", str(draft.pk)) not in keys, role
        assert ("product", str(live.pk)) in keys, role
    for role in ("staff", "project_manager"):
        keys = database.search(SearchQuery(text="失语", audiences=audiences_for(world.user(role)))).keys
        assert ("product", str(draft.pk)) in keys, role
