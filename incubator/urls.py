"""The incubator's pages (namespace ``incubator``): one URL module per sub-domain."""

from django.urls import include, path

app_name = "incubator"

urlpatterns = [
    path("", include("incubator.profiles.urls")),
    path("", include("incubator.matching.urls")),
    path("", include("incubator.meetings.urls")),
    path("", include("incubator.programmes.urls")),
    path("", include("incubator.datarooms.urls")),
    path("", include("incubator.pipeline.urls")),
]
