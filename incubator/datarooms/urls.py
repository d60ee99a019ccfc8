"""The datarooms pages (names in the ``incubator`` namespace).

The startup's side lives on the member dashboard (its room, a document's deletion, a decision on
a request, its own documents); the investor's side: the request (linked from a startup's profile),
the rooms of the user's investor organisations, a room (status → NDA → documents) and a document.
"""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from incubator.datarooms import views

urlpatterns = [
    path("dashboard/incubator/data-room/<id:organisation_pk>/", views.manage, name="dataroom_manage"),
    path(
        "dashboard/incubator/data-room/documents/<id:document_pk>/",
        views.own_document,
        name="dataroom_own_document",
    ),
    path(
        "dashboard/incubator/data-room/documents/<id:document_pk>/delete/",
        views.delete_document,
        name="dataroom_document_delete",
    ),
    path("dashboard/incubator/data-room/access/<id:access_pk>/decide/", views.decide, name="dataroom_decide"),
    path("dashboard/incubator/data-rooms/", views.my_rooms, name="dataroom_list"),
    path("dashboard/incubator/data-rooms/<id:access_pk>/", views.room, name="dataroom"),
    path("dashboard/incubator/data-rooms/<id:access_pk>/nda/", views.accept_nda, name="dataroom_nda"),
    path(
        "dashboard/incubator/data-rooms/<id:access_pk>/documents/<id:document_pk>/",
        views.document,
        name="dataroom_document",
    ),
    path("startups/<slug:slug>/data-room/request/", views.request_access, name="dataroom_request"),
]
