"""The list's thumbnails and the product page's gallery read each image with its product image row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal import public_cache
from tests.catalog.test_media_views import _published_with_images

pytestmark = pytest.mark.django_db


def _image_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().startswith('SELECT "wagtailimages_image"')]


@pytest.mark.parametrize("view", ["list", "detail"])
def test_images_are_joined_to_their_product_image_rows_not_queried_apart(client, staff, user, view):
    client.force_login(user)  # rendered, not served from the public page cache
    product = _published_with_images(2, staff)
    with translation.override("en"):
        if view == "list":
            url = reverse("catalog:product_list")
        else:
            url = reverse("catalog:product_detail", args=[product.pk])
    client.get(url)  # warm the page chrome
    public_cache.invalidate("catalog")  # the list's page of products is remembered: read it afresh
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('<source type="image/webp"') == (1 if view == "list" else 2)
    assert _image_queries(queries) == []
    renditions = [q for q in queries if 'FROM "wagtailimages_rendition"' in q["sql"]]
    assert len(renditions) == 1
