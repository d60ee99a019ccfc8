"""The meetings pages (names in the ``incubator`` namespace)."""

from django.urls import include, path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from incubator.meetings import views

urlpatterns = [
    path("dashboard/meetings/", views.meeting_list, name="meeting_list"),
    path("dashboard/meetings/new/<slug:slug>/", views.meeting_new, name="meeting_new"),
    path(
        "dashboard/meetings/<id:meeting_id>/",
        include(
            [
                path("", views.meeting_detail, name="meeting_detail"),
                path("accept/", views.meeting_accept, name="meeting_accept"),
                path("decline/", views.meeting_decline, name="meeting_decline"),
                path("withdraw/", views.meeting_cancel, name="meeting_cancel"),
                path("meeting.ics", views.meeting_ics, name="meeting_ics"),
            ]
        ),
    ),
]
