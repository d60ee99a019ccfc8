"""On the demo site (what ``make run`` shows) the issue's acceptance searches work on the database engine."""

from django.core.management import call_command

from search.engines import database
from search.models import SearchDocument, SearchToken
from search.query import SearchQuery
from tests.portal.test_load_demo import demo  # noqa: F401 (the demo site, loaded once for the module)


def test_demo_is_indexed_and_finds_what_the_issue_asks(demo, db):  # noqa: F811
    aphasia = database.search(SearchQuery(text="失语", per_page=50))
    assert aphasia.type_counts.get("product", 0) >= 1
    assert aphasia.type_counts.get("case", 0) >= 1
    # 脑机接口 also finds documents that only say BCI.
    bci = database.search(SearchQuery(text="脑机接口", per_page=50))
    tokens = {}
    for doc_type, object_id, token in SearchToken.objects.filter(
        document__object_id__in=[k[1] for k in bci.keys]
    ).values_list("document__doc_type", "document__object_id", "token"):
        tokens.setdefault((doc_type, object_id), set()).add(token)
    only_bci = [
        key
        for key in bci.keys
        if "bci" in tokens[key]
        and not {"脑机", "机接", "接口"} <= tokens[key]
        and not {"brain", "computer", "interface"} <= tokens[key]
    ]
    assert only_bci, "no demo document that says only BCI was found by 脑机接口"
    # Facets narrow.
    narrowed = database.search(SearchQuery(text="失语", types=["product"], per_page=50))
    assert 0 < narrowed.total < aphasia.total
    # A second run changes nothing (the demo loader reconciles by fingerprint).
    before = set(SearchDocument.objects.values_list("pk", flat=True))
    call_command("load_demo", verbosity=0)
    assert set(SearchDocument.objects.values_list("pk", flat=True)) == before
