"""The catalogue's link in each organisation's card of the member dashboard (``portal.dashboard``)."""

from catalog import permissions, queries
from portal.dashboard import Section

SECTIONS = [
    Section(
        "catalog/dashboard/products.html",
        shown_for=permissions.can_list_products,
        awaiting=queries.changes_requested_by_organisation,
        order=10,
    )
]
