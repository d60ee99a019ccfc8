"""Catalogue pages (language-prefixed). ``products/`` keeps clear of the ``catalogue`` Wagtail page."""

from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("products/", views.product_list, name="product_list"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/compare/", views.compare, name="compare"),
    path("products/enterprises/<slug:slug>/", views.enterprise_detail, name="enterprise_detail"),
    path("dashboard/products/", views.my_products, name="my_products"),
    path("dashboard/organisations/<int:organisation_pk>/products/new/", views.product_create, name="product_create"),
    path("dashboard/products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("dashboard/products/<int:pk>/submit/", views.product_submit, name="product_submit"),
    path("products/<int:pk>/brochures/<int:document_pk>/", views.product_brochure, name="product_brochure"),
]

# Recommended-catalogue editions (public pages, downloads, members' applications).
from catalog.edition_urls import urlpatterns as edition_urlpatterns  # noqa: E402

urlpatterns += edition_urlpatterns
