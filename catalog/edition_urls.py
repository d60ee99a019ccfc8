"""URLs of the recommended-catalogue editions, included in the ``catalog`` namespace by ``catalog.urls``."""

from django.urls import path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from catalog import edition_views

urlpatterns = [
    path("editions/", edition_views.edition_list, name="edition_list"),
    path("editions/<id:year>/", edition_views.edition_detail, name="edition_detail"),
    path("editions/<id:year>/download/<str:fmt>/", edition_views.edition_download, name="edition_download"),
    path("dashboard/editions/", edition_views.my_edition_applications, name="my_edition_applications"),
    path("dashboard/products/<id:pk>/editions/<id:year>/apply/", edition_views.edition_apply, name="edition_apply"),
    path(
        "dashboard/editions/applications/<id:pk>/withdraw/",
        edition_views.edition_withdraw,
        name="edition_withdraw",
    ),
]

#: Every edition URL name: covered by tests/catalog/test_editions_matrix.py.
EDITION_URL_NAMES = frozenset(pattern.name for pattern in urlpatterns)
