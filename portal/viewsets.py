"""The portal's base for the apps' Wagtail model viewsets: listings by name in the admin's language.

Wagtail's listings order by a viewset's ``ordering``, else the model's ``Meta.ordering``, or by
the column the reader clicked, each a field name: names came in code point order (上海 before 北京,
which a Chinese reader finds in no order). ``NamesInOrderMixin`` gives every listing of a
viewset the portal's name order instead (``portal.db.names_in_order``): in the admin user's
language (the active one during an admin request), pinyin for Chinese names, A to Z for
English ones, on PostgreSQL; SQLite keeps the code point order. A name column's header sorts
the same way, and so does a snippet's chooser. Every model viewset of the portal subclasses
``PortalModelViewSet``, every snippet viewset ``portal.snippets.PortalSnippetViewSet``, which
mixes it in too (and into its chooser's viewset).
"""

from __future__ import annotations

from functools import cache

from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.chooser import BaseChooseView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.db import names_in_order


def _names_in_order(queryset, *, as_shown: bool = False):
    """``queryset`` as it is ordered, with names in the portal's order (``names_in_order``)."""
    query = queryset.query
    ordering = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
    named = names_in_order(queryset.model, ordering, as_shown=as_shown)
    if named == list(ordering):
        return queryset
    # Two records of one name keep one order across the pages.
    return queryset.order_by(*named, "pk")


class NamesInOrderIndexView:
    """For a Wagtail ``IndexView``: the rows as it orders them, with names in the portal's order."""

    def order_queryset(self, queryset):
        chosen = self.is_explicitly_ordered and self.ordering in self.get_valid_orderings()
        return _names_in_order(super().order_queryset(queryset), as_shown=chosen)


class NamesInOrderChooseView:
    """For a Wagtail chooser's list (``BaseChooseView``: a snippet's chooser): the same order."""

    def apply_object_list_ordering(self, objects):
        return _names_in_order(super().apply_object_list_ordering(objects))


#: The Wagtail views that list records, each with the mixin that orders their names.
_LISTING_VIEWS = ((IndexView, NamesInOrderIndexView), (BaseChooseView, NamesInOrderChooseView))


@cache
def names_in_order_view(view_class: type) -> type:
    """``view_class`` with ``NamesInOrderIndexView`` or ``NamesInOrderChooseView`` if it lists records
    (one class per view class)."""
    for listing, mixin in _LISTING_VIEWS:
        if issubclass(view_class, listing) and not issubclass(view_class, mixin):
            return type(view_class.__name__, (mixin, view_class), {"__module__": view_class.__module__})
    return view_class


class NamesInOrderMixin:
    """For a Wagtail viewset: its listing views (whichever ``index_view_class`` it names) order names
    as the portal does (``NamesInOrderIndexView``)."""

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(names_in_order_view(view_class), **kwargs)


class PortalModelViewSet(NamesInOrderMixin, ModelViewSet):
    """Every model viewset of the portal (instead of Wagtail's ``ModelViewSet``)."""
