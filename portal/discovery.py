"""Extension points: what each installed app declares in its own files, found by file and name.

An app takes part in a feature of the site core by defining a module-level name in a file of
its own, and the core finds it there without naming the app (docs/architecture.md, "Adding an
app"):

============================  ==========================================  ===========================
file of the app               name                                        read by
============================  ==========================================  ===========================
``dashboard.py``              ``SECTIONS`` (``portal.dashboard.Section``)  the member dashboard
                              ``SHORTCUTS`` (``portal.dashboard.Shortcut``)
``demo.py`` / ``demo/``       ``LOADERS`` (``portal.demo.Loader``)         ``manage.py load_demo``
``api.py``                    ``ROUTERS`` (``{prefix: ninja.Router}``)     ``portal.api`` (/api/v1/)
``permissions.py``            ``STAFF_MODEL_PERMISSIONS``,                 ``portal.roles``
                              ``PROJECT_MANAGER_MODEL_PERMISSIONS``
``menus.py``                  ``LISTS`` (``portal.menus.AppList``)         ``portal.menus`` (the menu)
``privacy.py``                ``PERSONAL_DATA``,                           ``portal.personal_data``
                              ``ON_ACCOUNT_DELETION``
``panels.py``                 ``PRODUCT_PANELS``,                         ``portal.panels.Slot``
                              ``ORGANISATION_PANELS`` (``Panel``)
``sitemaps.py``               ``SITEMAPS`` (``{name: LocalisedSitemap}``)  ``portal.sitemaps``
============================  ==========================================  ===========================

Page types need no registry: an app's index page names its parent in ``parent_page_types``
(``portal.HomePage`` takes any page type that allows it); search declarations are found the
same way by the ``search`` app (``<app>/search.py``).
"""

from __future__ import annotations

import sysconfig
from functools import cache
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import module_has_submodule

#: Where installed packages live: their apps (Wagtail's, allauth's) are not searched.
_PACKAGES = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}


def project_apps():
    """The installed apps of this project (not those of installed packages), in ``INSTALLED_APPS`` order."""
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if not any(path.is_relative_to(packages) for packages in _PACKAGES):
            yield app_config


@cache
def declared(module_name: str, attribute: str) -> tuple[tuple[str, object], ...]:
    """``(app label, value)`` of ``<app>.<module_name>.<attribute>`` for every project app defining it.

    In ``INSTALLED_APPS`` order; the modules are imported (an app without the file, or whose
    file does not define the name, is left out). Remembered until ``INSTALLED_APPS`` changes.
    """
    found = []
    for app_config in project_apps():
        if module_has_submodule(app_config.module, module_name):
            module = import_module(f"{app_config.name}.{module_name}")
            if hasattr(module, attribute):
                found.append((app_config.label, getattr(module, attribute)))
    return tuple(found)


@receiver(setting_changed)
def _forget(setting, **kwargs):
    # Tests install an app for a while (modify_settings): look again.
    if setting == "INSTALLED_APPS":
        declared.cache_clear()
