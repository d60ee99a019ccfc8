"""Members' case pages (language-prefixed). The public index and cases are Wagtail pages."""

from django.urls import include, path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from cases import views

app_name = "cases"

urlpatterns = [
    path("dashboard/cases/", views.my_cases, name="my_cases"),
    path("dashboard/organisations/<id:organisation_pk>/cases/new/", views.submission_create, name="submission_create"),
    path(
        "dashboard/cases/<id:pk>/",
        include(
            [
                path("", views.submission_detail, name="submission_detail"),
                path("take-back/", views.submission_take_back, name="submission_take_back"),
                path("edit/<str:step>/", views.submission_step, name="submission_step"),
                path("edit/<str:step>/autosave/", views.submission_autosave, name="submission_autosave"),
                path("attachments/<id:attachment_pk>/", views.attachment_download, name="attachment_download"),
                path("attachments/<id:attachment_pk>/remove/", views.attachment_remove, name="attachment_remove"),
            ]
        ),
    ),
]
