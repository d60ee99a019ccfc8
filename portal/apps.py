from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from portal import signals  # noqa: F401

        post_migrate.connect(_ensure_role_groups, sender=self)


def _ensure_role_groups(sender, **kwargs):
    from portal.roles import ensure_role_groups

    ensure_role_groups()
