"""Indexing that loses nothing: outbox in the change's transaction, applied on commit, drained later."""

import time

import pytest
from django.core.management import call_command

from search import indexing, tasks
from search.engines import database
from search.models import IndexOutbox, SearchDocument
from search.query import SearchQuery
from tests.catalog.factories import PublishedProductFactory
from tests.portal import page_factories


def _find(text, **kwargs):
    return database.search(SearchQuery(text=text, per_page=50, **kwargs)).keys


def test_a_published_product_is_indexed_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = PublishedProductFactory(name_zh="闭环神经调控刺激器", organisation__slug="gamma")
    assert ("product", str(product.pk)) in _find("神经调控")
    assert not IndexOutbox.objects.exists()


def test_the_outbox_row_is_written_in_the_same_transaction(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product = PublishedProductFactory(name_zh="闭环神经调控刺激器")
    # Not committed yet: nothing indexed, but the pending update is recorded.
    assert IndexOutbox.objects.filter(doc_type="product", object_id=str(product.pk)).exists()
    assert ("product", str(product.pk)) not in _find("神经调控")
    assert callbacks
    # A crash before the task ran: the periodic reconcile drains the outbox.
    tasks.reconcile()
    assert ("product", str(product.pk)) in _find("神经调控")
    assert not IndexOutbox.objects.exists()


def test_edits_unpublishing_and_organisation_status_reach_the_index(corpus, staff, django_capture_on_commit_callbacks):
    from catalog import services
    from tests.factories import MembershipFactory

    product = corpus.products["aphasia"]
    editor = MembershipFactory(organisation=product.organisation, role="editor").user
    # A member's edit of a live product waits for review: the index keeps the approved text.
    with django_capture_on_commit_callbacks(execute=True):
        services.update_product(actor=editor, product=product, name_zh="全新名称甲乙")
    assert not _find("甲乙")
    assert corpus.key("aphasia") in _find("失语")
    # Unpublished: staff still find it, the public no longer does.
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(staff=staff, product=product)
    assert corpus.key("aphasia") not in _find("失语")
    assert corpus.key("aphasia") in _find("失语", audiences=None)
    # Verifying the pending organisation makes its published product public.
    org = corpus.unverified.organisation
    with django_capture_on_commit_callbacks(execute=True):
        org.verification_status = "verified"
        org.save()
    assert corpus.key("unverified") in _find("失语")


def test_a_deleted_product_leaves_the_index(corpus, django_capture_on_commit_callbacks):
    key = corpus.key("exoskeleton")
    with django_capture_on_commit_callbacks(execute=True):
        corpus.products["exoskeleton"].delete()
    assert key not in _find("外骨骼", audiences=None)
    assert not SearchDocument.objects.filter(doc_type="product", object_id=key[1]).exists()


def test_news_pages_are_indexed_on_publish_and_removed_on_unpublish(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tree = page_factories.build_site(news_items=1)
        item = page_factories.news_item(tree.news, title="失语康复研讨会在沪举行")
    assert ("news", str(item.pk)) in _find("失语")
    # The English tree is searched in English: the Chinese page is not an English result.
    assert ("news", str(item.pk)) not in database.search(SearchQuery(text="失语", language="en")).keys
    with django_capture_on_commit_callbacks(execute=True):
        item.unpublish()
    assert ("news", str(item.pk)) not in _find("失语", audiences=None)


def test_reconcile_repairs_drift(corpus):
    SearchDocument.objects.filter(doc_type="product", object_id=corpus.key("als")[1]).delete()
    from catalog.models import Product

    Product.objects.filter(pk=corpus.products["signals"].pk).update(name_zh="肌电信号采集仪")  # no signal sent
    assert corpus.key("als") not in _find("渐冻症")
    result = tasks.reconcile()
    assert result["database"] == 2
    assert corpus.key("als") in _find("渐冻症")
    assert corpus.key("signals") in _find("肌电")


# --- Elasticsearch down and back ------------------------------------------------------------------

CLOSED_PORT_URL = "http://127.0.0.1:9"


@pytest.mark.services
def test_a_write_while_elasticsearch_is_down_is_indexed_when_it_returns(
    es_corpus, elasticsearch, settings, django_capture_on_commit_callbacks
):

    product = es_corpus.products["exoskeleton"]
    good_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = CLOSED_PORT_URL
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        product.name_zh = "下肢外骨骼步态训练机器人"
        product.save()
    assert time.monotonic() - started < 3, "a save must not wait on Elasticsearch"
    row = IndexOutbox.objects.get(doc_type="product", object_id=str(product.pk))
    assert row.attempts == 1 and row.last_error
    # The page falls back to the database engine, which already has the edit.
    from search import services as search_services

    fallback = search_services.run(SearchQuery(text="步态"))
    assert fallback.fallback and fallback.engine == "database"
    assert es_corpus.key("exoskeleton") in fallback.keys

    settings.ELASTICSEARCH_URL = good_url
    assert es_corpus.key("exoskeleton") not in elasticsearch.search(SearchQuery(text="步态")).keys
    tasks.reconcile()
    assert not IndexOutbox.objects.exists()
    elasticsearch.refresh()
    assert es_corpus.key("exoskeleton") in elasticsearch.search(SearchQuery(text="步态")).keys
    assert search_services.run(SearchQuery(text="步态")).engine == "elasticsearch"


@pytest.mark.services
def test_reconcile_repairs_elasticsearch_drift(es_corpus, elasticsearch):
    doc_id = f"product:{es_corpus.products['als'].pk}:*"
    elasticsearch.client().delete(index=elasticsearch.alias(), id=doc_id, refresh=True)
    assert es_corpus.key("als") not in elasticsearch.search(SearchQuery(text="渐冻症")).keys
    assert tasks.reconcile()["elasticsearch"] == 1
    elasticsearch.refresh()
    assert es_corpus.key("als") in elasticsearch.search(SearchQuery(text="渐冻症")).keys


@pytest.mark.services
def test_search_rebuild_swaps_the_alias_and_deletes_the_old_index(corpus, elasticsearch):
    es = elasticsearch.client()
    call_command("search_rebuild", "--no-input", verbosity=0)
    first = set(es.indices.get_alias(name=elasticsearch.alias()))
    call_command("search_rebuild", "--no-input", verbosity=0)
    second = set(es.indices.get_alias(name=elasticsearch.alias()))
    assert len(first) == len(second) == 1 and first != second
    assert not es.indices.exists(index=next(iter(first)))
    assert corpus.key("aphasia") in elasticsearch.search(SearchQuery(text="失语")).keys


def test_search_rebuild_on_the_database_engine(corpus):
    SearchDocument.objects.all().delete()
    call_command("search_rebuild", "--no-input", verbosity=0)
    assert corpus.key("aphasia") in _find("失语")
    assert indexing.reconcile_database() == 0
