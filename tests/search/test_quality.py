"""Search quality on both engines: text shown as written, one snippet in the visitor's language,
every text a case page shows searchable, cross-language matches, English stop words.

Each test runs on the database engine and, where noida-db answers, on Elasticsearch (``engine``).
"""

import datetime

import pytest

from cases.models import CaseMilestone, CaseOutcome, CasePublication
from search import indexing
from search.analysis import display_tokens, parse_query
from search.engines import database
from search.highlight import highlight
from search.query import SearchQuery
from tests.cases.factories import build_case_site, make_case, translate_case
from tests.catalog.factories import PublishedProductFactory
from tests.factories import OrganisationFactory


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.services)])
def engine(request):
    """A function that (re)indexes everything and returns the engine module to search with."""
    if request.param == "database":

        def ready():
            indexing.rebuild_database()
            return database

        return ready
    es_engine = request.getfixturevalue("elasticsearch")

    def ready():
        indexing.rebuild_database()
        es_engine.rebuild()
        return es_engine

    return ready


@pytest.fixture
def case_site(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site = build_case_site()
        hospital = OrganisationFactory(name_zh="滨海神经医学中心", name_en="Binhai Neuro Centre", slug="binhai-q")
        maker = OrganisationFactory(name_zh="甲医疗科技有限公司", name_en="Alpha Medtech", slug="alpha-q")
        product = PublishedProductFactory(organisation=maker, name_zh="柔性电极系统", name_en="Flexible electrode kit")
        case = make_case(
            site.index,
            title="高位截瘫患者言语解码：长期随访（演示）",
            # As the demo cases: the narrative repeats the summary, its note in a paragraph of its own.
            summary="植入四枚微电极阵列，实时解码尝试说话的神经活动。（演示数据）",
            narrative="<p>植入四枚微电极阵列，实时解码尝试说话的神经活动。</p><p>（演示数据）</p><p>患者每天居家使用。</p>",
            bci_type="invasive",
            indications=["stroke", "paralysis"],
            adverse_events="术后一过性头痛，未见严重不良事件。",
            team="神经外科王医生\n康复医学科李治疗师",
            institutions=[hospital],
            products=[product],
            milestones=[CaseMilestone(date=datetime.date(2025, 1, 6), event="伦理委员会批准")],
        )
        case_en = translate_case(
            case,
            site.tree.en,
            title="Speech decoding for a man with tetraplegia: long-term follow-up",
            summary="Four microelectrode arrays decode attempted speech in real time.",
            narrative="<p>Four microelectrode arrays decode attempted speech in real time.</p>",
            adverse_events="Transient headache after surgery.",
            team="Dr Wang, neurosurgery",
            outcomes=[CaseOutcome(measure="Typing speed", time_frame="6 months", result="62 characters a minute")],
            publications=[CasePublication(doi="10.1000/demo.2025.001", citation="Demo Journal 2025")],
            milestones=[CaseMilestone(date=datetime.date(2025, 1, 6), event="Ethics approval")],
        )
    return case, case_en


def _hit(result, page):
    return next(hit for hit in result.hits if (hit.doc_type, hit.object_id) == ("case", str(page.pk)))


# --- 1. Text as written ----------------------------------------------------------------------------


def test_display_tokens_map_back_to_the_text_as_written():
    text = "脑机接口（ＢＣＩ）：康复"
    found = {tok.text: text[tok.start : tok.end] for tok in display_tokens(text)}
    assert found["bci"] == "ＢＣＩ"
    assert found["康复"] == "康复"


@pytest.mark.parametrize(
    "text",
    ["Closed-loop BCI rehabilitation", "脑机接口（ＢＣＩ）：康复，随访", "ﬁne ﬂow İstanbul", "a\tb\x00c\u3000全角"],
)
def test_display_tokens_are_the_same_on_the_one_character_path_and_the_general_one(text):
    """Texts without combining marks take a shortcut; one combining mark after them takes the general path."""
    general = display_tokens(text + " e\u0301")
    assert general[-1].text == "é"
    assert display_tokens(text) == general[:-1]


def test_highlight_keeps_full_width_punctuation_and_letters():
    html = highlight("言语解码：长期随访（演示）ＢＣＩ", {"随访", "bci"}, length=None)
    assert html == "言语解码：长期<mark>随访</mark>（演示）<mark>ＢＣＩ</mark>"


def test_titles_and_snippets_show_the_text_as_written(case_site, engine):
    case, _en = case_site
    engine_module = engine()
    hit = _hit(engine_module.search(SearchQuery(text="随访")), case)
    assert "：" in hit.title and "（演示）" in hit.title
    assert ":" not in hit.title and "(" not in hit.title
    assert "<mark>随访</mark>" in hit.title


# --- 2. One snippet, the visitor's language, each passage once --------------------------------------


def test_a_case_snippet_shows_its_summary_once_and_no_labels(case_site, engine):
    case, case_en = case_site
    engine_module = engine()
    zh = _hit(engine_module.search(SearchQuery(text="微电极")), case)
    assert zh.snippet.count("实时解码") == 1 and zh.snippet.count("演示数据") == 1
    assert "患者每天居家使用" in zh.snippet
    assert "Stroke" not in zh.snippet and "Paralysis" not in zh.snippet
    en = _hit(engine_module.search(SearchQuery(text="microelectrode", language="en")), case_en)
    assert en.snippet.count("decode attempted speech") == 1
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.snippet), en.snippet


def test_a_line_break_between_chinese_characters_is_no_gap_in_the_snippet():
    """A news item's body and its source ("……虚构。）\n上海市……") read "虚构。） 上海市" in its snippet;
    a break between Latin words still becomes one space, and a space typed in Chinese stays."""
    html = highlight(
        "本文为演示数据，机构均为虚构。）\n\n上海市脑机接口产业创新战略联盟 秘书处\nBCI\nalliance", {"联盟"}
    )
    assert "虚构。）上海市" in html and "联盟</mark> 秘书处" in html and "秘书处 BCI alliance" in html


def test_the_snippet_is_the_best_passage():
    text = "康复" + "。" * 200 + "脑控 外骨骼康复训练" + "。" * 200
    html = highlight(text, {"脑控", "外骨", "骨骼", "康复"})
    assert "<mark>脑控</mark>" in html and html.startswith("…")


# --- 3. Everything a case page shows is searchable -------------------------------------------------


#: A text from each part of the case page: adverse events, team, outcomes, milestones, institutions,
#: products, publications, registration.
PAGE_TEXTS = [
    "一过性头痛",
    "王医生",
    "打字速度",
    "伦理委员会",
    "滨海神经医学中心",
    "柔性电极系统",
    "演示期刊",
    "NCT01234567",
]


def test_every_text_a_case_page_shows_is_searchable(case_site, engine):
    case, _en = case_site
    engine_module = engine()
    missed = [
        text
        for text in PAGE_TEXTS
        if ("case", str(case.pk)) not in engine_module.search(SearchQuery(text=text, per_page=50)).keys
    ]
    assert missed == []


def test_a_case_follows_its_institutions_name(case_site):
    case, _en = case_site
    hospital = case.institutions.get()
    hospital.name_zh = "滨江脑科医院"
    hospital.save()
    assert ("case", str(case.pk)) in database.search(SearchQuery(text="滨江脑科")).keys


def test_a_product_registration_number_and_regulatory_class_are_searchable(db):
    org = OrganisationFactory(slug="reg-q")
    product = PublishedProductFactory(
        organisation=org, regulatory_class="class_iii", registration_number="国械注准20233120123"
    )
    indexing.rebuild_database()
    assert ("product", str(product.pk)) in database.search(SearchQuery(text="20233120123")).keys
    assert ("product", str(product.pk)) in database.search(SearchQuery(text="class III medical device")).keys


# --- 4. Across languages ----------------------------------------------------------------------------


def test_bci_finds_every_case_in_both_languages(case_site, engine):
    case, case_en = case_site
    engine_module = engine()
    for text in ("脑机接口", "BCI"):
        assert ("case", str(case.pk)) in engine_module.search(SearchQuery(text=text, types=["case"])).keys, text
        assert ("case", str(case_en.pk)) in engine_module.search(SearchQuery(text=text, language="en")).keys, text


def test_a_query_finds_the_visitors_case_through_its_translation(case_site, engine):
    case, case_en = case_site
    engine_module = engine()
    # "tetraplegia" is only in the English page; the Chinese visitor gets the Chinese case.
    zh = engine_module.search(SearchQuery(text="tetraplegia"))
    assert ("case", str(case.pk)) in zh.keys and ("case", str(case_en.pk)) not in zh.keys
    # 言语解码 is only in the Chinese page; the English visitor gets the English case.
    en = engine_module.search(SearchQuery(text="言语解码", language="en"))
    assert ("case", str(case_en.pk)) in en.keys and ("case", str(case.pk)) not in en.keys


def test_publishing_a_translation_reindexes_the_other_language(case_site, django_capture_on_commit_callbacks):
    from tests.portal.page_factories import publish

    case, case_en = case_site
    case_en.summary = "A quadriplegic man speaks again."
    with django_capture_on_commit_callbacks(execute=True):
        case_en.save_revision()
        publish(case_en)
    assert ("case", str(case.pk)) in database.search(SearchQuery(text="quadriplegic")).keys


@pytest.fixture
def news_site(db):
    from tests.portal.page_factories import build_site, news_item, translate

    tree = build_site(news_items=0)
    news = news_item(tree.news, title="联盟发布非侵入式产品推荐目录")
    type(news).objects.filter(pk=news.pk).update(summary="首批目录收录头环与外骨骼。")
    news.refresh_from_db()
    news_en = translate(news, tree.en, title="Alliance publishes its product catalogue", summary="Headbands.")
    about_en = tree.about_en
    return tree, news, news_en, about_en


def test_news_and_pages_are_found_through_their_translation(news_site, engine):
    tree, news, news_en, about_en = news_site
    engine_module = engine()
    # "catalogue" is only in the English news item: the Chinese visitor gets the Chinese one.
    zh = engine_module.search(SearchQuery(text="catalogue", types=["news"]))
    assert zh.keys == {("news", str(news.pk))}
    # 外骨骼 is only in the Chinese summary: the English visitor gets the English item.
    en = engine_module.search(SearchQuery(text="外骨骼", language="en", types=["news"]))
    assert en.keys == {("news", str(news_en.pk))}
    # A standard page: "alliance" is in the English title of 关于联盟.
    pages = engine_module.search(SearchQuery(text="alliance", types=["page"]))
    assert ("page", str(tree.about.pk)) in pages.keys and ("page", str(about_en.pk)) not in pages.keys


def test_publishing_a_news_translation_reindexes_the_other_language(news_site, django_capture_on_commit_callbacks):
    from tests.portal.page_factories import publish

    _tree, news, news_en, _about_en = news_site
    indexing.rebuild_database()
    news_en.summary = "Wearable exoskeletons lead the list."
    with django_capture_on_commit_callbacks(execute=True):
        news_en.save_revision()
        publish(news_en)
    assert ("news", str(news.pk)) in database.search(SearchQuery(text="exoskeletons")).keys


# --- 5. English stop words ----------------------------------------------------------------------------


def test_english_stop_words_are_not_searched_for():
    assert not parse_query("AND (")
    assert parse_query("AND (").only_stop_words
    assert parse_query("the aphasia and stroke").clauses == list(parse_query("aphasia stroke").clauses)
    assert parse_query("the aphasia").latin_words == ["aphasia"]


def test_and_matches_nothing_on_both_engines(case_site, engine):
    _case, case_en = case_site
    engine_module = engine()
    for text in ("AND (", "and", "the and"):
        assert engine_module.search(SearchQuery(text=text, language="en")).total == 0
    result = engine_module.search(SearchQuery(text="speech and tetraplegia", language="en"))
    assert ("case", str(case_en.pk)) in result.keys


def test_a_query_of_stop_words_says_why_it_finds_nothing(client, case_site):
    from django.urls import reverse
    from django.utils import translation

    for lang, expected in (("en", "are not searched for"), ("zh-hans", "不参与检索")):
        with translation.override(lang):
            url = reverse("search:search")
        response = client.get(url, {"q": "AND ("})
        assert response.status_code == 200
        assert expected in response.content.decode()
