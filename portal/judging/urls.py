"""The judge's pages, mounted at ``judging/`` (language-prefixed) in the root URL conf."""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from portal.judging import views

app_name = "judging"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("assignments/<id:assignment_id>/", views.scorecard, name="scorecard"),
    path("assignments/<id:assignment_id>/recuse/", views.recuse, name="recuse"),
    path("profile/", views.profile, name="profile"),
    path("profile/conflicts/", views.declare_conflict, name="declare_conflict"),
]
