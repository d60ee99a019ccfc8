"""Member-facing pages of the site core (language-prefixed)."""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from portal.views import dashboard, organisations, privacy

app_name = "portal"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/account/personal-data/", privacy.personal_data, name="personal_data"),
    path("dashboard/account/personal-data/export/", privacy.personal_data_export, name="personal_data_export"),
    path("dashboard/account/delete/", privacy.account_delete, name="account_delete"),
    path("dashboard/organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("dashboard/organisations/<id:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("dashboard/organisations/<id:pk>/members/", organisations.organisation_members, name="organisation_members"),
    path(
        "dashboard/organisations/<id:pk>/members/<id:membership_id>/role/",
        organisations.member_role,
        name="member_role",
    ),
    path(
        "dashboard/organisations/<id:pk>/members/<id:membership_id>/remove/",
        organisations.member_remove,
        name="member_remove",
    ),
    path(
        "dashboard/organisations/<id:pk>/invitations/<id:invitation_id>/revoke/",
        organisations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("dashboard/organisations/<id:pk>/leave/", organisations.organisation_leave, name="organisation_leave"),
    path("organisations/<slug:slug>/", organisations.organisation_detail, name="organisation_detail"),
    path("invitations/<str:token>/", organisations.invitation_accept, name="invitation_accept"),
]
