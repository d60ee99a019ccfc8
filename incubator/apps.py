from django.apps import AppConfig


class IncubatorConfig(AppConfig):
    name = "incubator"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The pipeline's screening subject for the judging engine, and the competition winners' loop.
        from incubator import signals  # noqa: F401  (connects the receivers)
        from incubator.pipeline import judging

        judging.register()
