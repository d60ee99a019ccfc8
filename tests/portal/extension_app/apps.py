from django.apps import AppConfig


class ExtensionAppConfig(AppConfig):
    name = "tests.portal.extension_app"
    label = "extension_app"
    default_auto_field = "django.db.models.BigAutoField"
