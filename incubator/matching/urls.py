"""The matching pages (names in the ``incubator`` namespace)."""

from django.urls import path

from incubator.matching import views

urlpatterns = [
    path("dashboard/incubator/suggestions/", views.suggestions, name="suggestions"),
    path("dashboard/incubator/suggestions/dismiss/", views.dismiss, name="suggestion_dismiss"),
    path("dashboard/incubator/suggestions/restore/", views.restore, name="suggestion_restore"),
]
