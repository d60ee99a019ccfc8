from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Typical application cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing the receivers connects them; models must be loaded first (Django's app loading).
        from cases import judging, signals  # noqa: F401

        judging.register()
