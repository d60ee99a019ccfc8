"""Signing out ends on the home page in the language the member was reading."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_signing_out_ends_on_the_home_page_in_the_language_in_use(client, user, language):
    """It went to "/", which Django sends on in the browser's language: out of /zh-hans/ into English."""
    other = "zh-hans" if language == "en" else "en"
    client.force_login(user)
    response = client.post(f"/{language}/accounts/logout/", HTTP_ACCEPT_LANGUAGE=other)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    assert "_auth_user_id" not in client.session
