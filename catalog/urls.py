"""Catalogue pages (language-prefixed). ``products/`` keeps clear of the ``catalogue`` Wagtail page."""

from django.urls import include, path

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from catalog import views
from catalog.media.views import product_brochure, product_image_preview

app_name = "catalog"

urlpatterns = [
    path("products/", views.product_list, name="product_list"),
    path("products/<id:pk>/", views.product_detail, name="product_detail"),
    path("products/compare/", views.compare, name="compare"),
    path("products/enterprises/<slug:slug>/", views.enterprise_detail, name="enterprise_detail"),
    path("dashboard/products/", views.my_products, name="my_products"),
    path("dashboard/organisations/<id:organisation_pk>/products/new/", views.product_create, name="product_create"),
    path("dashboard/products/<id:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<id:pk>/brochures/<id:document_pk>/", product_brochure, name="product_brochure"),
    path(
        "dashboard/products/<id:pk>/images/<id:image_pk>/preview/",
        product_image_preview,
        name="product_image_preview",
    ),
    # Recommended-catalogue editions (public pages, downloads, members' applications), in this namespace.
    path("", include("catalog.editions.urls")),
]
