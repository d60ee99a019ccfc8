from django.apps import AppConfig


class CompetitionConfig(AppConfig):
    name = "competition"
    default_auto_field = "django.db.models.BigAutoField"
