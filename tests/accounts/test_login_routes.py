"""Every way to sign in goes through allauth: verification, rate limits and the second factor.

Issue #11, finding 1: Wagtail's private-page login (``/<lang>/_util/login/``, Django's plain
``LoginView``) signed in a staff member with TOTP without asking for the code, did not
throttle wrong passwords and signed in an address that was never verified. The tests below
enumerate every URL the site answers and post a member's credentials to each one: only
allauth's login page may sign anybody in, and there the second factor, verification and
rate limits apply. A session made any other way is not honoured.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import login as django_login
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import translation

from portal.adapters import ALLAUTH_LOGIN_SESSION_KEY
from tests.accounts.conftest import gettext_in, sign_in, totp_code
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ALLAUTH_LOGIN_PATHS = {"/zh-hans/accounts/login/", "/en/accounts/login/"}
SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=1))}


def _concrete(prefix: str, pattern) -> str:
    """A path matching ``pattern``, converters and regex groups filled with sample values."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return prefix + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", SAMPLE["int"]), route)
    if isinstance(pattern, RegexPattern):
        regex = pattern.regex.pattern.lstrip("^").rstrip("$").rstrip("\\Z")
        regex = regex.replace(".*", "x").replace(".+", "x")
        if "(" in regex or "[" in regex:
            # A capturing regex: try the shape Wagtail and the i18n prefix use.
            regex = re.sub(r"\(\?P<\w+>[^)]*\)", "1", regex)
            if "(" in regex or "[" in regex:
                return prefix  # Wagtail's page-serving catch-all: its empty match (the home page)
        return prefix + regex.replace("\\", "")
    return prefix + pattern.language_prefix  # LocalePrefixPattern (i18n_patterns): "zh-hans/"


def _walk(resolver, prefix: str) -> list[str]:
    paths = []
    for entry in resolver.url_patterns:
        path = _concrete(prefix, entry.pattern)
        if isinstance(entry, URLResolver):
            paths.extend(_walk(entry, path))
        elif isinstance(entry, URLPattern):
            paths.append(path)
    return paths


def every_path() -> list[str]:
    """One concrete path per URL pattern of the whole site and language (admin, API, i18n patterns included)."""
    paths = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.update(_walk(get_resolver(), "/"))
    return sorted(paths)


@pytest.fixture
def member(db):
    return UserFactory(email="member@example.com")


def test_the_enumeration_reaches_the_whole_site():
    paths = every_path()
    assert "/zh-hans/accounts/login/" in paths
    assert "/zh-hans/_util/login/" in paths
    assert "/admin/login/" in paths
    assert len(paths) > 300, len(paths)  # the Wagtail admin alone has hundreds


def test_no_url_resolves_to_a_login_view_that_is_not_allauths():
    from django.contrib.auth.views import LoginView

    offenders = []
    for path in every_path():
        try:
            match = resolve(path)
        except Resolver404:  # a sample value the pattern's own converter refuses
            continue
        view_class = getattr(match.func, "view_class", None)
        if view_class is not None and issubclass(view_class, LoginView):
            offenders.append((path, view_class))
    assert not offenders


def test_posting_credentials_anywhere_but_allauths_login_signs_nobody_in(client, member):
    """Each URL pattern of the site, posted a member's e-mail and password: only allauth's login signs in."""
    credentials = {
        "login": member.email,
        "email": member.email,
        "username": member.email,
        "password": DEFAULT_PASSWORD,
        "next": "/admin/",
    }
    signed_in_at = []
    for path in every_path():
        client.cookies.clear()
        response = client.post(path, credentials)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if SESSION_KEY in client.session:
            signed_in_at.append(path)
    assert set(signed_in_at) <= ALLAUTH_LOGIN_PATHS, signed_in_at
    assert signed_in_at, "allauth's login itself should have signed the member in"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_wagtails_frontend_login_leads_to_allauth(client, language):
    response = client.get(f"/{language}/_util/login/", {"next": "/admin/"})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == f"/{language}/accounts/login/"
    assert parse_qs(location.query)["next"] == ["/admin/"]


def test_wagtails_frontend_login_drops_an_external_next(client):
    response = client.get("/zh-hans/_util/login/", {"next": "https://evil.example/"})
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/"]


def test_staff_with_totp_posting_to_the_frontend_login_does_not_reach_the_admin(client, staff_with_totp):
    response = client.post(
        "/zh-hans/_util/login/", {"username": staff_with_totp.email, "password": DEFAULT_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert urlsplit(admin["Location"]).path == "/admin/login/"


def test_private_page_sends_visitors_to_allauths_login():
    from django.urls import reverse

    assert settings.WAGTAIL_FRONTEND_LOGIN_URL == "account_login"
    assert reverse(settings.WAGTAIL_FRONTEND_LOGIN_URL) == "/zh-hans/accounts/login/"


def test_allauth_login_asks_staff_for_the_second_factor(client, staff_with_totp):
    response = sign_in(client, staff_with_totp.email, next_url="/admin/")
    assert response["Location"] == "/zh-hans/accounts/2fa/authenticate/"
    assert SESSION_KEY not in client.session
    done = client.post("/zh-hans/accounts/2fa/authenticate/", {"code": totp_code(staff_with_totp.totp_secret)})
    assert done["Location"] == "/admin/"
    assert client.session[ALLAUTH_LOGIN_SESSION_KEY] == str(staff_with_totp.pk)


def test_allauth_login_refuses_an_unverified_address(client):
    unverified = UserFactory(email="unverified@example.com", verified_email=False)
    response = sign_in(client, unverified.email)
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert SESSION_KEY not in client.session


def test_allauth_login_throttles_wrong_passwords(client, member):
    for _attempt in range(5):
        sign_in(client, member.email, "wrong-password-123")
    response = sign_in(client, member.email)
    assert SESSION_KEY not in client.session
    assert gettext_in("zh-hans", "Too many failed login attempts. Try again later.") in response.content.decode()


def _session_made_without_allauth(user) -> str:
    """What any other login view would leave: Django's ``login()`` on a fresh session."""
    request = RequestFactory().get("/")
    request.session = SessionStore()
    user.backend = "django.contrib.auth.backends.ModelBackend"
    django_login(request, user)
    request.session.save()
    return request.session.session_key


def test_a_session_not_made_by_allauth_is_signed_out(client, settings, member):
    client.cookies[settings.SESSION_COOKIE_NAME] = _session_made_without_allauth(member)
    response = client.get("/zh-hans/dashboard/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/zh-hans/accounts/login/"
    assert SESSION_KEY not in client.session


def test_a_session_marked_for_another_user_is_signed_out(client, settings, member):
    key = _session_made_without_allauth(member)
    session = SessionStore(session_key=key)
    session[ALLAUTH_LOGIN_SESSION_KEY] = str(member.pk + 1000)
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert client.get("/zh-hans/dashboard/").status_code == 302


def test_a_session_made_by_allauth_is_honoured(client, member):
    assert sign_in(client, member.email)["Location"] == "/zh-hans/dashboard/"
    assert client.get("/zh-hans/dashboard/").status_code == 200
