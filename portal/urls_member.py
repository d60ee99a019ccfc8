"""Member-facing pages of the site core (language-prefixed)."""

from django.urls import include, path

from portal.views import dashboard, preferences, privacy

app_name = "portal"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/account/personal-data/", privacy.personal_data, name="personal_data"),
    path("dashboard/account/personal-data/export/", privacy.personal_data_export, name="personal_data_export"),
    path("dashboard/account/delete/", privacy.account_delete, name="account_delete"),
    path("dashboard/account/language/", preferences.email_language, name="email_language"),
    path("", include("portal.organisations.urls")),
]
