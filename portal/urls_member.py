"""Member-facing pages of the site core (language-prefixed)."""

from django.urls import path

from portal.views import dashboard

app_name = "portal"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("organisations/<slug:slug>/", dashboard.organisation_detail, name="organisation_detail"),
    path("invitations/<str:token>/", dashboard.invitation_accept, name="invitation_accept"),
]
