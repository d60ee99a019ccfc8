"""The public results page (included from ``competition.urls``, in the app's namespace)."""

from django.urls import path

from competition.results import views

urlpatterns = [
    path("competition/<slug:slug>/results/", views.results_page, name="results"),
]
