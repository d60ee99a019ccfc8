"""Inline rows in a total order, on every database."""

from wagtail import models as wagtail_models


class Orderable(wagtail_models.Orderable):
    """Wagtail's ``Orderable`` with ``pk`` after ``sort_order``.

    Rows made outside the page editor (the demo, a service, an import) have no ``sort_order``, and
    rows that tie come back in whatever order the database finds them, which changes when a row is
    updated or the database restored: a page (and the search document built from it) would then
    change with no edit. Ties now keep the order the rows were made in.
    """

    class Meta:
        abstract = True
        ordering = ["sort_order", "pk"]
