"""A request to enter a data room sent after the member's session ended comes back, not saved, once
they sign in again (``portal.keep_input``); so does one refused for its CSRF token alone after they
signed in again in another tab."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from incubator.models import DataRoomAccess
from tests.keep_input import csrf_token, kept_and_shown, session_ends, sign_in

pytestmark = pytest.mark.django_db

TYPED = "午饭后写的请求"


def _url(startup) -> str:
    with translation.override("en"):
        return reverse("incubator:dataroom_request", kwargs={"slug": startup.slug})


def test_an_access_request_comes_back_with_what_was_typed(client, investor, investor_org, startup):
    page = kept_and_shown(client, investor, _url(startup), {"investor": investor_org.pk, "message": TYPED})
    assert page.context["form"]["message"].value() == TYPED
    assert not DataRoomAccess.objects.exists()


def test_an_access_request_sent_after_signing_in_again_in_another_tab_comes_back_instead_of_a_403(
    investor, investor_org, startup
):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, investor)
    token_of_the_page = csrf_token(client)
    session_ends(client, _url(startup))
    sign_in(client, investor)  # in another tab
    sent = {"investor": investor_org.pk, "message": TYPED, "csrfmiddlewaretoken": token_of_the_page}
    response = client.post(_url(startup), sent, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and response["Location"] == _url(startup)
    page = client.get(_url(startup))
    assert TYPED in page.text and "You signed in again after this page was opened" in page.text
    assert not DataRoomAccess.objects.exists()
