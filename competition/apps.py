from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionConfig(AppConfig):
    name = "competition"
    verbose_name = _("Innovation application competition")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing the receivers connects them; models must be loaded first (Django's app loading).
        from competition import judging, signals  # noqa: F401
        from competition.algorithm import signals as algorithm_signals  # noqa: F401
        from competition.results import signals as results_signals  # noqa: F401

        judging.register()
