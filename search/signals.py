"""Changes that reach the search index: connected in ``SearchConfig.ready``.

Handlers update the database engine's documents in the change's own transaction and
schedule the Elasticsearch update in the outbox (search/indexing.py), so a save never
waits on Elasticsearch and the database engine is never stale.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import declarations, indexing


def _dependents(instance) -> dict[str, list]:
    """``{doc_type: [object ids]}`` of the documents that show ``instance`` (``dependencies``)."""
    label = type(instance)._meta.label
    return {
        dt.name: list(dt.dependencies[label](instance))
        for dt in declarations.document_types()
        if label in dt.dependencies
    }


def _changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for dt in declarations.for_model(type(instance)):
        if not dt.is_page:
            indexing.changed(dt.name, [instance.pk])
    for name, object_ids in _dependents(instance).items():
        indexing.changed(name, object_ids)


def _deleting(sender, instance, **kwargs):
    # After the delete the rows that lead to the dependents (a case's link to a product) are gone.
    instance._search_dependents = _dependents(instance)


def _deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        types = [dt for dt in declarations.document_types() if dt.is_page]
    else:
        types = declarations.for_model(type(instance))
    for dt in types:
        indexing.changed(dt.name, [instance.pk])
    for name, object_ids in getattr(instance, "_search_dependents", {}).items():
        indexing.changed(name, object_ids)


def _page_changed(sender, instance, **kwargs):
    for dt in declarations.for_model(type(instance.specific_deferred)):
        indexing.changed(dt.name, [instance.pk])


def _page_moved(sender, instance, **kwargs):
    # A move changes the URL of the page and of every page below it.
    _reindex_below(instance)


def _privacy_changed(sender, instance, raw=False, **kwargs):
    # A restriction covers the page and every page below it; making a page private publishes nothing.
    # Their translations too: a page's document holds its public translation's words
    # (``declarations.with_translation``).
    if not raw:
        _reindex_below(instance.page, translations=True)


def _reindex_below(page, *, translations: bool = False) -> None:
    below = Page.objects.descendant_of(page, inclusive=True)
    if translations:
        below = Page.objects.filter(translation_key__in=below.values("translation_key"))
    pages = list(below.values_list("pk", flat=True))
    for dt in declarations.document_types():
        if dt.is_page:
            indexing.changed(dt.name, pages)


def connect() -> None:
    watched = set()
    for dt in declarations.document_types():
        if not dt.is_page:
            watched.add(dt.model_class())
        watched.update(apps.get_model(label) for label in dt.dependencies)
    for model in watched:
        post_save.connect(_changed, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"search-deleting-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
    post_delete.connect(_deleted, sender=Page, dispatch_uid="search-delete-page")
    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    post_save.connect(_privacy_changed, sender=PageViewRestriction, dispatch_uid="search-privacy-saved")
    post_delete.connect(_privacy_changed, sender=PageViewRestriction, dispatch_uid="search-privacy-deleted")
