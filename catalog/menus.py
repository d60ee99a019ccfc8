"""The catalogue's lists that an editorial page can lead to (``portal.menus``)."""

from django.utils.translation import gettext_lazy as _

from portal.menus import AppList

LISTS = [
    AppList("catalog:product_list", _("Product catalogue"), section=("catalog:edition_list",)),
    AppList("catalog:edition_list", _("Recommended catalogue editions")),
]
