"""Organisation pages (language-prefixed), included by ``portal.urls_member`` in the ``portal`` namespace."""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from portal.organisations import views

urlpatterns = [
    path("dashboard/organisations/new/", views.organisation_create, name="organisation_create"),
    path("dashboard/organisations/<id:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("dashboard/organisations/<id:pk>/members/", views.organisation_members, name="organisation_members"),
    path("dashboard/organisations/<id:pk>/members/<id:membership_id>/role/", views.member_role, name="member_role"),
    path(
        "dashboard/organisations/<id:pk>/members/<id:membership_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "dashboard/organisations/<id:pk>/invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("dashboard/organisations/<id:pk>/leave/", views.organisation_leave, name="organisation_leave"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
