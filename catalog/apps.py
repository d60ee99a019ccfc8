from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The judging engine's view of an edition application; models must be loaded first.
        from catalog.editions import judging

        judging.register()
