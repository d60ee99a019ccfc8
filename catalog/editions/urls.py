"""URLs of the recommended-catalogue editions, included in the ``catalog`` namespace by ``catalog.urls``."""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from catalog.editions import views

urlpatterns = [
    path("editions/", views.edition_list, name="edition_list"),
    path("editions/<id:year>/", views.edition_detail, name="edition_detail"),
    path("editions/<id:year>/download/<str:fmt>/", views.edition_download, name="edition_download"),
    path("dashboard/editions/", views.my_edition_applications, name="my_edition_applications"),
    path("dashboard/products/<id:pk>/editions/<id:year>/apply/", views.edition_apply, name="edition_apply"),
    path(
        "dashboard/editions/applications/<id:pk>/withdraw/",
        views.edition_withdraw,
        name="edition_withdraw",
    ),
]
