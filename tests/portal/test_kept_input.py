"""An organisation's profile sent after the member's session ended comes back, not saved, once they
sign in again (``portal.keep_input``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.organisations.models import Organisation
from tests.keep_input import post_signed_out, session_ends

pytestmark = pytest.mark.django_db


def test_the_organisation_profile_comes_back_with_what_was_typed(client, organisation, owner):
    with translation.override("en"):
        url = reverse("portal:organisation_edit", args=[organisation.pk])
    client.force_login(owner)
    session_ends(client)
    post_signed_out(client, url, {"name_en": "Typed After Lunch Ltd", "version": organisation.version})
    client.force_login(owner)
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"]["name_en"].value() == "Typed After Lunch Ltd"
    assert "It is back in the form: check it and save again." in page.text
    assert Organisation.objects.get(pk=organisation.pk).name_en != "Typed After Lunch Ltd"
