"""The incubator's public directories that an editorial page or a home-page card can lead to (``portal.menus``)."""

from django.utils.translation import gettext_lazy as _

from portal.menus import AppList

LISTS = [
    AppList(
        "incubator:startup_list", _("Startup directory"), section=("incubator:investor_list", "incubator:platform_list")
    ),
    AppList("incubator:investor_list", _("Investors")),
    AppList("incubator:platform_list", _("Service platforms and incubators")),
]
