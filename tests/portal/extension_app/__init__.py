"""A tiny app the portal never names: installed by tests/portal/test_extension_points.py for a test.

It adds what a new app (``competition/``, ``incubator/``) adds, each in its own file: a page
type under the home page, a dashboard section, a demo loader, an API router and role permissions.
"""

from contextlib import contextmanager

from django.apps import AppConfig
from django.apps import apps as registry  # not `apps`: this package has an apps.py
from django.template import engines
from django.template.utils import get_app_template_dirs
from wagtail.models import get_page_models
from wagtail.models.pages import PAGE_MODEL_CLASSES

from portal import discovery

NAME = "tests.portal.extension_app"


@contextmanager
def installed():
    """This app in the app registry, as if it were in INSTALLED_APPS, for the ``with`` block; yields its page type.

    Not ``modify_settings(INSTALLED_APPS=...)``: that runs every app's ``ready()`` again, and
    Wagtail's redirects app cannot mount its API router twice. The app's models are imported
    into the registry; what remembers the installed apps (the portal's declarations, the
    template folders, Wagtail's page type rules) forgets on the way in and out.
    """
    config = AppConfig.create(NAME)
    config.apps = registry
    registry.app_configs[config.label] = config
    before = list(PAGE_MODEL_CLASSES)
    try:
        config.import_models()
        page_type = config.get_model("ExtensionIndexPage")
        if page_type not in PAGE_MODEL_CLASSES:  # its module was imported for an earlier test
            PAGE_MODEL_CLASSES.append(page_type)
        forget_installed_apps()
        yield page_type
    finally:
        del registry.app_configs[config.label]
        PAGE_MODEL_CLASSES[:] = before
        forget_installed_apps()


def forget_installed_apps():
    registry.clear_cache()
    discovery.declared.cache_clear()
    get_app_template_dirs.cache_clear()
    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            loader.reset()
    # Wagtail remembers each page type's allowed parents and children on first use.
    for model in get_page_models():
        model._clean_subpage_models = model._clean_parent_page_models = None
