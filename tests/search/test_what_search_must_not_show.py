"""What search must not show, and must not show stale: a page made private, the words of hidden
documents in "did you mean", suggestions Elasticsearch still holds, a suspended enterprise's
products in case documents, a winner's confidential answers, a renamed competition's old link;
and pages a visitor may type (``page=²``, a page past the last)."""

import random

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from catalog import services as catalog_services
from competition.results import services as results_services
from competition.vocabulary import EntryStatus
from portal.organisations import verification
from search import indexing
from search.engines import database
from search.highlight import LEAD_CHARS, best_window
from search.models import SearchDocument
from search.permissions import audiences_for
from search.query import SearchQuery
from tests.cases.factories import build_case_site, make_case
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.competition.factories import EntryFactory, TeamFactory, close_submissions, running_competition

pytestmark = pytest.mark.django_db


def search_url(language="zh-hans"):
    with translation.override(language):
        return reverse("search:search")


def public_keys(text: str) -> set[tuple[str, str]]:
    return set(database.search(SearchQuery(text=text, audiences=audiences_for(None))).keys)


def test_a_case_made_private_leaves_search_and_comes_back_when_public_again(client):
    site = build_case_site()
    case = make_case(site.index, title="受限案例甲", summary="受限案例摘要：康复训练细节")
    assert ("case", str(case.pk)) in public_keys("受限案例")
    restriction = PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.LOGIN)
    assert ("case", str(case.pk)) not in public_keys("受限案例")
    assert "受限案例摘要" not in client.get(search_url(), {"q": "受限案例"}).content.decode()
    restriction.delete()
    assert ("case", str(case.pk)) in public_keys("受限案例")


def test_a_section_made_private_hides_the_pages_below_it():
    site = build_case_site()
    case = make_case(site.index, title="受限案例乙", summary="受限案例摘要乙")
    PageViewRestriction.objects.create(page=site.index, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert ("case", str(case.pk)) not in public_keys("受限案例")


def test_did_you_mean_offers_only_words_the_viewer_may_see(client):
    ProductFactory(name_zh="草稿", name_en="Zyntharex neural stimulator")  # a draft: staff only
    indexing.rebuild_database()
    anonymous = database.search(SearchQuery(text="zyntharax", language="en", audiences=audiences_for(None)))
    assert anonymous.total == 0 and "zyntharex" not in anonymous.suggestion
    assert "zyntharex" not in client.get(search_url("en"), {"q": "zyntharax"}).content.decode().lower()
    staff = database.search(SearchQuery(text="zyntharax", language="en", audiences=None))
    assert staff.suggestion == "zyntharex"  # staff see the draft: the word is theirs to be offered


def test_autocomplete_on_elasticsearch_leaves_out_what_was_just_taken_offline(client, es_corpus, elasticsearch, staff):
    product = es_corpus.products["aphasia"]
    url = product.get_absolute_url()
    before = client.get("/api/v1/search/autocomplete", {"q": "失语", "lang": "zh-hans"}).json()
    assert url in {suggestion["url"] for suggestion in before}
    assert all(set(suggestion) == {"type", "title", "url"} for suggestion in before)
    # Taken offline: the Elasticsearch update waits in the outbox (its commit callbacks have not run).
    catalog_services.unpublish(staff=staff, product=product)
    after = client.get("/api/v1/search/autocomplete", {"q": "失语", "lang": "zh-hans"}).json()
    assert url not in {suggestion["url"] for suggestion in after}


def test_a_suspended_enterprises_product_leaves_the_cases_that_used_it(client, staff):
    site = build_case_site()
    product = PublishedProductFactory(name_zh="暂停企业植入芯片", organisation__name_zh="暂停企业甲")
    case = make_case(site.index, products=[product])
    assert ("case", str(case.pk)) in public_keys("暂停企业")
    verification.suspend_organisation(staff=staff, organisation=product.organisation, note="暂停")
    assert "暂停企业植入芯片" not in client.get(case.url).content.decode()
    assert ("case", str(case.pk)) not in public_keys("暂停企业")
    document = SearchDocument.objects.get(doc_type="case", object_id=str(case.pk))
    assert "暂停企业植入芯片" not in document.display["zh-hans"]["text"]


def test_a_deleted_product_leaves_the_cases_that_used_it():
    site = build_case_site()
    product = PublishedProductFactory(name_zh="停产植入芯片")
    case = make_case(site.index, products=[product])
    assert ("case", str(case.pk)) in public_keys("停产植入")
    product.organisation.delete()  # its products go with it
    assert ("case", str(case.pk)) not in public_keys("停产植入")


def _published_winner(staff, **fields):
    competition = running_competition()
    entry = EntryFactory(
        team=TeamFactory(competition=competition, name="星河队"),
        track=competition.tracks.get(slug="medical"),
        status=EntryStatus.ELIGIBLE,
        title="脑控轮椅导航系统",
        **fields,
    )
    results_services.record_award(actor=staff, entry=entry, prize_zh="一等奖", prize_en="First prize")
    close_submissions(competition)
    results_services.publish_results(actor=staff, competition=competition)
    return competition, entry


def test_a_winners_public_hit_shows_what_the_results_page_shows_and_no_more(client, staff):
    competition, entry = _published_winner(
        staff, summary="内部预算三百万元，核心算法尚未申请专利。", answers={"stage": "原型 / Prototype"}
    )
    results_page = client.get(reverse("competition:results", kwargs={"slug": competition.slug})).content.decode()
    assert "脑控轮椅导航系统" in results_page and "内部预算" not in results_page
    assert ("competition_entry", str(entry.pk)) in public_keys("脑控轮椅")  # found by what the page shows
    assert ("competition_entry", str(entry.pk)) not in public_keys("专利")  # not by its confidential text
    assert "内部预算" not in client.get(search_url(), {"q": "脑控轮椅"}).content.decode()


def test_renaming_a_competition_reaches_its_winners_documents(client, staff):
    competition, entry = _published_winner(staff)
    competition.name_zh, competition.slug = "第二届脑机接口创新大赛", "bci-innovation-2"
    competition.save()
    hits = database.search(SearchQuery(text="脑控轮椅", audiences=audiences_for(None))).hits
    assert client.get(hits[0].url.split("#")[0]).status_code == 200
    assert ("competition_entry", str(entry.pk)) in public_keys("第二届")


@pytest.mark.parametrize("page", ["²", "①", "1²", "٣"])
def test_a_page_number_in_other_digits_is_the_first_page(client, page):
    response = client.get(search_url(), {"q": "康复", "page": page})
    assert response.status_code == 200 and response.context["query"].page == 1


def test_a_page_past_the_last_shows_the_last(client, corpus):
    response = client.get(search_url("en"), {"q": "rehabilitation", "page": "40"})
    result, page_obj = response.context["result"], response.context["page_obj"]
    assert result.total > 0 and result.hits
    assert page_obj.number == page_obj.paginator.num_pages == response.context["query"].page


def _best_window_by_definition(matches, length):
    """The window's definition read literally (every match scanned for every candidate)."""
    best, best_count = 0, -1
    for start, _end, _token in matches:
        begin = max(0, start - LEAD_CHARS)
        count = len({token for a, b, token in matches if a >= begin and b <= begin + length})
        if count > best_count:
            best, best_count = begin, count
    return best


def test_the_snippet_window_is_the_one_its_definition_chooses():
    generator = random.Random(7)
    for _ in range(200):
        matches, position = [], 0
        for _ in range(generator.randint(0, 40)):
            position += generator.randint(0, 30)
            token = generator.choice(["康复", "脑机", "接口", "rehabilitation", "eeg"])
            matches.append((position, position + len(token), token))
        length = generator.choice([20, 80, 160])
        assert best_window("", matches, length) == _best_window_by_definition(matches, length)
