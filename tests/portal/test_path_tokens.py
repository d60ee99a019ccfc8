"""Tokens in URLs match only the alphabet the portal makes them from (a NUL byte was a 500).

Invitation links carry ``secrets.token_urlsafe`` tokens. ``<str:token>`` matched anything, and a
NUL byte (``%00``) in the path reached the token lookup, which PostgreSQL refuses (``DataError``:
a 500); the ``<token:…>`` converter (``portal.converters``) makes such a path no match, a 404.
"""

import pytest
from django.urls import resolve
from django.utils import translation

from portal.converters import TokenConverter
from tests import factories

TOKEN_URLS = ("/en/invitations/{}/", "/en/dashboard/competition/invitations/{}/")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("template", TOKEN_URLS)
@pytest.mark.parametrize("token", ["a%00b", "%00", "abc%01def", "%E2%80%AEabc", "a" * 65])
def test_a_token_outside_the_alphabet_is_a_404(client, user, template, token):
    client.force_login(user)
    assert client.get(template.format(token)).status_code == 404
    assert client.post(template.format(token), {"action": "accept"}).status_code == 404


@pytest.mark.parametrize("template", TOKEN_URLS)
def test_a_made_token_still_matches(template):
    token = factories.InvitationFactory().token
    with translation.override("en"):
        assert resolve(template.format(token)).kwargs == {"token": token}


def test_the_converter_accepts_what_the_portal_makes():
    assert TokenConverter().to_python("Ab-_09") == "Ab-_09"
