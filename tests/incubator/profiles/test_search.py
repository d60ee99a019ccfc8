"""Startups in the portal's search (``incubator/search.py``), on both engines.

Public text for everyone; the text of the groups a startup shows to every verified investor only
in the investors' documents (audience ``investor``); matched-only groups in no document. Chinese
two-character words (康复, 脑控, 失语) find what contains them.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict

from incubator import search as startup_search
from search import queries
from search import services as search
from search.declarations import PUBLIC
from search.query import SearchQuery
from tests import factories
from tests.incubator.profiles.world import startup_profile
from tests.search.conftest import elasticsearch  # noqa: F401  (the fixture: noida-db, this run's indexes)

pytestmark = pytest.mark.django_db

TYPES = [startup_search.PUBLIC_TYPE, startup_search.INVESTOR_TYPE]
EVERYONE = frozenset({PUBLIC})
INVESTORS = frozenset({PUBLIC, startup_search.INVESTOR})


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.services)])
def engine(request, db):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch").rebuild()
    return request.param


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def startups(engine, committing):
    with committing():
        a = startup_profile(
            factories.OrganisationFactory(kind="startup", slug="kappa", name_zh="康拓脑机", name_en="Kappa"),
            tag="K",
            with_deck=False,
            team_visibility="public",
            funding_visibility="investors",
            traction_visibility="matched",
        )
        b = startup_profile(
            factories.OrganisationFactory(kind="startup", slug="lambda", name_zh="兰达神经", name_en="Lambda"),
            tag="L",
            with_deck=False,
            summary_zh="帮助失语患者恢复交流的言语合成系统",
            summary_en="Speech synthesis for aphasia",
            application_fields=[],
            indications=["aphasia"],
        )
        hidden = startup_profile(
            factories.OrganisationFactory(kind="startup", slug="mu", name_zh="缪康复", name_en="Mu"),
            tag="M",
            with_deck=False,
            listed=False,
        )
    return a, b, hidden


def found(text, audiences, *, types=TYPES, language="zh-hans") -> set[tuple[str, str]]:
    result = search.run(SearchQuery(text=text, language=language, types=types, audiences=audiences))
    return {(hit.doc_type, hit.object_id) for hit in result.hits}


def test_public_text_and_two_character_words(startups, engine):
    a, b, _hidden = startups
    public = startup_search.PUBLIC_TYPE
    assert found("康复", EVERYONE) == {
        (public, str(a.pk))
    }  # 康复训练 (the label) and the summary; not the unlisted one
    assert found("脑控", EVERYONE) == {(public, str(a.pk))}
    assert found("失语", EVERYONE) == {(public, str(b.pk))}
    assert found("rehabilitation", EVERYONE, language="en") == {(public, str(a.pk))}
    assert found("兰达", EVERYONE) == {(public, str(b.pk))}


def test_investor_text_only_for_the_investor_audience(startups, engine):
    a, b, _hidden = startups
    investor = startup_search.INVESTOR_TYPE
    # A's use of funds (funding group) is shown to verified investors; B's too (the default visibility).
    assert found("资金用途秘密", EVERYONE) == set()
    assert found("资金用途秘密", INVESTORS) == {(investor, str(a.pk)), (investor, str(b.pk))}
    # A's traction is for matched investors only: in no document (B's is shown to investors).
    assert found("牵引力秘密数据", INVESTORS) == {(investor, str(b.pk))}
    # Team is public for A: in the investors' document too (the public one is public text only).
    assert (investor, str(a.pk)) in found("团队秘密成员", INVESTORS)
    assert found("团队秘密成员", EVERYONE) == set()
    # Staff (every audience) find the investor documents as well.
    assert (investor, str(a.pk)) in found("资金用途秘密", None)


def test_documents_follow_the_profile(startups, engine, committing):
    a, _b, hidden = startups
    with committing():
        a.listed = False
        a.save()
    assert found("脑控", INVESTORS) == set()
    with committing():
        hidden.listed = True
        hidden.save()
    assert (startup_search.PUBLIC_TYPE, str(hidden.pk)) in found("康复", EVERYONE)
    with committing():
        organisation = hidden.organisation
        organisation.verification_status = "suspended"
        organisation.save()
    assert found("康复", INVESTORS) == set()


def test_the_search_page_lists_a_startup_once_for_an_investor_and_offers_each_viewer_its_tab(startups, engine):
    """The investors' view replaces the public one for investors (it was listed besides it, every
    count doubled); a visitor is not offered the investors' tab, nor an investor the public one."""
    a, _b, _hidden = startups
    investor = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind="investor")).user
    public, private = startup_search.PUBLIC_TYPE, startup_search.INVESTOR_TYPE
    for user, tab, kinds in ((investor, private, {private}), (AnonymousUser(), public, {public})):
        query = queries.query_from_params(QueryDict("q=脑控"), user, language="zh-hans")
        result = search.run(query)
        assert {(hit.doc_type, hit.object_id) for hit in result.hits} == {(kind, str(a.pk)) for kind in kinds}
        assert sum(result.type_counts.values()) == result.total == 1
        tabs = [parse_qs(link.url[1:]).get("type", [""])[0] for link in queries.page_context(query, result)["tabs"]]
        assert tab in tabs and (public if tab == private else private) not in tabs
    # A list's search box names its type: the start-up directory still finds A for an investor.
    matches = search.matching_ids(public, "脑控", queries.query_from_params(QueryDict(), investor).audiences)
    assert matches.ids == [str(a.pk)]


@pytest.mark.django_db
def test_members_of_verified_investors_hold_the_investor_audience_and_nobody_else_does():
    from search.permissions import audiences_for

    investor = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind="investor")).user
    pending = factories.MembershipFactory(
        organisation=factories.OrganisationFactory(kind="investor", verification_status="pending")
    ).user
    founder = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind="startup")).user
    assert startup_search.INVESTOR in audiences_for(investor)
    for user in (pending, founder, factories.UserFactory()):
        assert startup_search.INVESTOR not in audiences_for(user)
    assert audiences_for(None) == frozenset({PUBLIC})


def test_many_startups_do_not_hide_the_products_from_autocomplete(engine, committing):
    """Typing 外骨 suggests the exoskeleton product although nine newer startups carry 外骨骼 in their names."""
    from tests.catalog.factories import PublishedProductFactory

    with committing():
        PublishedProductFactory(name_zh="外骨骼步行训练系统", name_en="Exoskeleton gait trainer")
    for n in range(9):
        with committing():
            startup_profile(
                factories.OrganisationFactory(kind="startup", slug=f"exo-{n}", name_zh=f"外骨骼{n}号科技有限公司"),
                tag=str(n),
                with_deck=False,
            )
    suggestions = search.autocomplete(SearchQuery(text="外骨", language="zh-hans"), "")
    titles = [suggestion["title"] for suggestion in suggestions]
    assert len(titles) == 8
    assert "外骨骼步行训练系统" in titles[:2]
    assert {suggestion["type"] for suggestion in suggestions} == {"product", startup_search.PUBLIC_TYPE}
