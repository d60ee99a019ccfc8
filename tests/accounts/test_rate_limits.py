"""Failed sign-ins lock an address with a translated message; floods get a branded, bilingual 429 page."""

import re

import pytest

from tests.accounts.conftest import CJK, gettext_in, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY_FAILED = "Too many failed login attempts. Try again later."


def test_settings_limit_failed_logins_per_address_and_ip(settings):
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"


def test_five_failed_logins_lock_the_address_even_for_the_right_password(client, user):
    for _attempt in range(5):
        response = sign_in(client, user.email, "wrong-password-123", language="zh-hans")
        assert response.status_code == 200
        assert gettext_in("zh-hans", TOO_MANY_FAILED) not in response.content.decode()

    response = sign_in(client, user.email, language="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    message = gettext_in("zh-hans", TOO_MANY_FAILED)
    assert CJK.search(message), "no Chinese translation of the lock-out message"
    assert message in html.split('class="form-errors"', 1)[1]
    assert "_auth_user_id" not in client.session

    # Another member, from the same address, is not locked out.
    other = UserFactory()
    assert sign_in(client, other.email, language="zh-hans").status_code == 302


def test_lock_out_message_in_english(client, user):
    for _attempt in range(5):
        sign_in(client, user.email, "wrong-password-123", language="en")
    html = sign_in(client, user.email, "wrong-password-123", language="en").content.decode()
    assert gettext_in("en", TOO_MANY_FAILED) in html
    # allauth's "Try again later." said not when: the address's limit is 5 failures in 5 minutes.
    assert "Too many failed sign-in attempts. Try again in a few minutes." in html


def test_the_chinese_lock_out_message_says_when_to_try_again(client, user):
    for _attempt in range(5):
        sign_in(client, user.email, "wrong-password-123", language="zh-hans")
    html = sign_in(client, user.email, "wrong-password-123", language="zh-hans").content.decode()
    assert "登录失败次数过多，请几分钟后再试。" in html


def test_failed_logins_from_one_ip_are_limited_across_addresses(client, db):
    users = UserFactory.create_batch(11)
    for target in users[:10]:
        assert sign_in(client, target.email, "wrong-password-123", language="en").status_code == 200
    response = sign_in(client, users[10].email, language="en")
    assert gettext_in("en", TOO_MANY_FAILED) in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_login_flood_gets_the_branded_429_page(client, settings, language):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for n in range(3):
        assert sign_in(client, f"nobody{n}@example.com", "x", language=language).status_code == 200
    response = sign_in(client, "nobody@example.com", "x", language=language)

    assert response.status_code == 429
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'class="site-header"' in html
    title = gettext_in(language, "Too many attempts")
    assert re.search(rf"<h1>\s*{re.escape(title)}\s*</h1>", html)
    assert f'href="/{language}/accounts/login/"' in html
    if language == "en":
        assert not CJK.search(html.split("<main", 1)[1].split("</main>", 1)[0])


def test_password_reset_flood_gets_429_not_500(client, settings, user):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "20/m/ip,2/m/key"}
    for _attempt in range(2):
        assert client.post("/en/accounts/password/reset/", {"email": user.email}).status_code == 302
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_signup_flood_gets_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for n in range(2):
        client.post("/zh-hans/accounts/signup/", {"email": f"flood{n}@example.com", "password1": "x", "password2": "y"})
    response = client.post("/zh-hans/accounts/signup/", {"email": "flood@example.com"})
    assert response.status_code == 429
    assert gettext_in("zh-hans", "Too many attempts") in response.content.decode()
