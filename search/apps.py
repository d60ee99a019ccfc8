from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each installed app declares what it indexes in its own search.py (like wagtail_hooks).
        autodiscover_modules("search")
        # The receivers read the models and the declarations: only once every app is loaded.
        from search import signals

        signals.connect()
