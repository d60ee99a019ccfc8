"""The programme application pages (names in the ``incubator`` namespace)."""

from django.urls import include, path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from incubator.programmes import views

urlpatterns = [
    path("dashboard/applications/", views.application_list, name="application_list"),
    path("dashboard/applications/new/<slug:slug>/", views.application_new, name="application_new"),
    path(
        "dashboard/applications/<id:application_id>/",
        include(
            [
                path("", views.application_detail, name="application_detail"),
                path("accept/", views.application_accept, name="application_accept"),
                path("decline/", views.application_reject, name="application_reject"),
                path("withdraw/", views.application_withdraw, name="application_withdraw"),
            ]
        ),
    ),
]
