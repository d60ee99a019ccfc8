"""Member-facing pages of the site core (language-prefixed)."""

from django.urls import path

from portal.views import dashboard, organisations

app_name = "portal"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("dashboard/organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("dashboard/organisations/<int:pk>/members/", organisations.organisation_members, name="organisation_members"),
    path(
        "dashboard/organisations/<int:pk>/members/<int:membership_id>/role/",
        organisations.member_role,
        name="member_role",
    ),
    path(
        "dashboard/organisations/<int:pk>/members/<int:membership_id>/remove/",
        organisations.member_remove,
        name="member_remove",
    ),
    path(
        "dashboard/organisations/<int:pk>/invitations/<int:invitation_id>/revoke/",
        organisations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("dashboard/organisations/<int:pk>/leave/", organisations.organisation_leave, name="organisation_leave"),
    path("organisations/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"),
    path("invitations/<str:token>/", organisations.invitation_accept, name="invitation_accept"),
]
