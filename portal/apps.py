from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import form_fields, signals  # app loading: these modules import models

        form_fields.bound_admin_date_times()

        # post_migrate is sent once per app, in INSTALLED_APPS order; the role groups need
        # the permissions of every app (Wagtail's included), so wait for the last one.
        post_migrate.connect(signals.after_migrate, sender=list(apps.get_app_configs())[-1])
