"""Typical cases reach the search through cases/search.py only: published, per language, with facets."""

from search.engines import database
from search.query import SearchQuery
from tests.cases.factories import build_case_site, make_case, translate_case


def test_cases_are_found_by_indication_in_both_languages(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site = build_case_site()
        case = make_case(site.index, title="言语解码案例", indications=["aphasia"], summary="植入高密度皮层电极。")
        draft = make_case(site.index, live=False, title="失语草稿案例", indications=["aphasia"])
        case_en = translate_case(case, site.tree.en, title="Speech decoding case")
    zh = database.search(SearchQuery(text="失语", types=["case"]))
    assert zh.keys == {("case", str(case.pk))}  # the indication label 失语, not in the text itself
    assert ("case", str(draft.pk)) not in database.search(SearchQuery(text="失语", audiences=None)).keys
    en = database.search(SearchQuery(text="aphasia", language="en"))
    assert ("case", str(case_en.pk)) in en.keys and ("case", str(case.pk)) not in en.keys
    indications = {v.value: v.count for v in zh.facets["indication"]}
    assert indications == {"aphasia": 1}
    assert zh.hits[0].url.startswith("/zh-hans/")
