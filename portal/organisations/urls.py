"""Organisation pages (language-prefixed), included by ``portal.urls_member`` in the ``portal`` namespace."""

from django.urls import include, path

import portal.converters  # noqa: F401  (registers the <id:…> and <token:…> path converters)
from portal.organisations import views

urlpatterns = [
    path("dashboard/organisations/new/", views.organisation_create, name="organisation_create"),
    path(
        "dashboard/organisations/<id:pk>/",
        include(
            [
                path("edit/", views.organisation_edit, name="organisation_edit"),
                path("members/", views.organisation_members, name="organisation_members"),
                path("members/<id:membership_id>/role/", views.member_role, name="member_role"),
                path("members/<id:membership_id>/remove/", views.member_remove, name="member_remove"),
                path("invitations/<id:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
                path("leave/", views.organisation_leave, name="organisation_leave"),
            ]
        ),
    ),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("invitations/<token:token>/", views.invitation_accept, name="invitation_accept"),
]
