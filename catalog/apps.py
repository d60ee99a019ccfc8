from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers catalog.media.make_renditions with Celery (autodiscovery imports only tasks.py).
        from catalog import media  # noqa: F401
