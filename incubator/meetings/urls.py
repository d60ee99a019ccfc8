"""The meetings pages (names in the ``incubator`` namespace)."""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from incubator.meetings import views

urlpatterns = [
    path("dashboard/meetings/", views.meeting_list, name="meeting_list"),
    path("dashboard/meetings/new/<slug:slug>/", views.meeting_new, name="meeting_new"),
    path("dashboard/meetings/<id:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("dashboard/meetings/<id:meeting_id>/accept/", views.meeting_accept, name="meeting_accept"),
    path("dashboard/meetings/<id:meeting_id>/decline/", views.meeting_decline, name="meeting_decline"),
    path("dashboard/meetings/<id:meeting_id>/withdraw/", views.meeting_cancel, name="meeting_cancel"),
    path("dashboard/meetings/<id:meeting_id>/meeting.ics", views.meeting_ics, name="meeting_ics"),
]
