"""A member's session ending while a form is open (``portal.keep_input``), for the tests of the views
that keep what was typed: sign in through allauth's form, open the form, end the session, send the form
signed out."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import translation

from tests.factories import DEFAULT_PASSWORD


def csrf_token(client) -> str:
    """The token a page of the portal puts in its forms (the cookie's secret is accepted as well)."""
    if "csrftoken" not in client.cookies:
        client.get(_login_url("en"))
    return client.cookies["csrftoken"].value


def sign_in(client, user, *, next_url: str = "", language: str = "en"):
    """Sign in through allauth's form, as a member does (a ``next`` from the sign-in page's address)."""
    url = _login_url(language)
    response = client.post(
        f"{url}?next={next_url}" if next_url else url,
        {"login": user.email, "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": csrf_token(client)},
    )
    assert response.status_code == 302, response
    return response


def session_ends(client, page: str) -> None:
    """The member opens ``page`` (its form), then their session expires on the server (the browser still
    sends its cookies: the page marked it with who opened it, ``portal.keep_input.OPENED_BY_COOKIE``)."""
    assert client.get(page).status_code == 200
    Session.objects.all().delete()


def post_signed_out(client, url: str, data: dict, **extra):
    """Send a form once the session has ended: to the sign-in page, the input kept for later."""
    response = client.post(url, {**data, "csrfmiddlewaretoken": csrf_token(client)}, **extra)
    assert response.status_code == 302 and response["Location"].startswith(_login_url(language_of(url))), response
    return response


def kept_and_shown(client, user, url: str, data: dict):
    """``data`` sent to ``url`` by ``user`` once their session had ended, then ``url`` as they open it after
    signing in again: the page, which says the input is back and not saved (an English ``url``)."""
    client.force_login(user)
    session_ends(client, url)
    post_signed_out(client, url, data)
    client.force_login(user)
    page = client.get(url)
    assert page.status_code == 200, page
    assert "It is back in the form: check it and save again." in page.text
    return page


def language_of(url: str) -> str:
    return url.split("/")[1]


def _login_url(language: str) -> str:
    with translation.override(language):
        return reverse("account_login")
