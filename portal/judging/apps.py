from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "portal.judging"
    label = "judging"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Judging"

    def ready(self):
        # App loading: the audit module (importing it registers its log actions) imports Wagtail's
        # models, which need the apps loaded; the signals module connects its receivers.
        from portal.judging import audit, signals  # noqa: F401
