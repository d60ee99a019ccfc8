"""A request to enter a data room sent after the member's session ended comes back, not saved, once
they sign in again (``portal.keep_input``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import DataRoomAccess
from tests.keep_input import kept_and_shown

pytestmark = pytest.mark.django_db


def test_an_access_request_comes_back_with_what_was_typed(client, investor, investor_org, startup):
    with translation.override("en"):
        url = reverse("incubator:dataroom_request", kwargs={"slug": startup.slug})
    page = kept_and_shown(client, investor, url, {"investor": investor_org.pk, "message": "午饭后写的请求"})
    assert page.context["form"]["message"].value() == "午饭后写的请求"
    assert not DataRoomAccess.objects.exists()
