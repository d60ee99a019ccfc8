"""A product's form sent after the member's session ended comes back, not saved, once they sign in
again (``portal.keep_input``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from catalog.models import Product
from tests.catalog.factories import ProductFactory
from tests.keep_input import post_signed_out, session_ends

pytestmark = pytest.mark.django_db

TYPED = "午饭后写的产品说明"


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def test_the_product_edit_comes_back_with_what_was_typed(client, editor, organisation):
    product = ProductFactory(organisation=organisation)
    url = _url("catalog:product_edit", pk=product.pk)
    client.force_login(editor)
    session_ends(client, url)
    post_signed_out(client, url, {"base_revision": product.latest_revision_id, "summary_zh": TYPED})
    client.force_login(editor)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"]["summary_zh"].value() == TYPED
    assert "It is back in the form: check it and save again." in page.text
    assert Product.objects.get(pk=product.pk).get_latest_revision_as_object().summary_zh != TYPED  # not saved


def test_a_new_product_comes_back_too(client, editor, organisation):
    url = _url("catalog:product_create", organisation_pk=organisation.pk)
    client.force_login(editor)
    session_ends(client, url)
    post_signed_out(client, url, {"name_zh": TYPED})
    client.force_login(editor)
    assert client.get(url).context["form"]["name_zh"].value() == TYPED
    assert not Product.objects.exists()
