"""The catalogue's link in each organisation's card of the member dashboard (``portal.dashboard``)."""

from catalog import permissions
from portal.dashboard import Section

SECTIONS = [Section("catalog/dashboard/products.html", shown_for=permissions.can_list_products, order=10)]
