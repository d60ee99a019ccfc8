"""The portal's base for the apps' Wagtail model viewsets: listings by name in the admin's language.

Wagtail's listings order by a viewset's ``ordering``, else the model's ``Meta.ordering``, or by
the column the reader clicked, each a field name: names came in code point order (上海 before 北京,
which a Chinese reader finds in no order). ``NamesInOrderMixin`` gives every listing of a
viewset the portal's name order instead (``portal.db.names_in_order``): in the admin user's
language (the active one during an admin request), pinyin for Chinese names, A to Z for
English ones, on PostgreSQL; SQLite keeps the code point order. A name column's header sorts
the same way. Every model viewset of the portal subclasses ``PortalModelViewSet``, every
snippet viewset ``portal.snippets.PortalSnippetViewSet``, which mixes it in too.
"""

from __future__ import annotations

from functools import cache

from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.db import names_in_order


class NamesInOrderIndexView:
    """For a Wagtail ``IndexView``: the rows as it orders them, with names in the portal's order."""

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        query = queryset.query
        ordering = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
        chosen = self.is_explicitly_ordered and self.ordering in self.get_valid_orderings()
        named = names_in_order(queryset.model, ordering, as_shown=chosen)
        if named == list(ordering):
            return queryset
        # Two records of one name keep one order across the pages.
        return queryset.order_by(*named, "pk")


@cache
def names_in_order_view(view_class: type) -> type:
    """``view_class`` with ``NamesInOrderIndexView`` (one class per view class)."""
    if issubclass(view_class, NamesInOrderIndexView) or not issubclass(view_class, IndexView):
        return view_class
    return type(view_class.__name__, (NamesInOrderIndexView, view_class), {"__module__": view_class.__module__})


class NamesInOrderMixin:
    """For a Wagtail viewset: its listing views (whichever ``index_view_class`` it names) order names
    as the portal does (``NamesInOrderIndexView``)."""

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(names_in_order_view(view_class), **kwargs)


class PortalModelViewSet(NamesInOrderMixin, ModelViewSet):
    """Every model viewset of the portal (instead of Wagtail's ``ModelViewSet``)."""
