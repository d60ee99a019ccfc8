from django.apps import AppConfig
from django.db.models.signals import post_save
from wagtail.images import get_image_model


class CatalogConfig(AppConfig):
    name = "catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The judging engine's view of an edition application and the rendition signal: models must be loaded first.
        from catalog.editions import judging
        from catalog.media import cleanup

        judging.register()
        # A rendition of a draft's image (staff in Wagtail's image library) is withdrawn soon.
        rendition = get_image_model().get_rendition_model()
        post_save.connect(cleanup.withdraw_soon, sender=rendition, dispatch_uid="catalog.withdraw_soon")
