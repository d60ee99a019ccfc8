"""The Wagtail admin login is allauth's login: a safe ``next`` is kept, an external one is dropped."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.accounts.conftest import sign_in, totp_code

pytestmark = pytest.mark.django_db


def next_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["next"][0]


@pytest.mark.parametrize("target", ["/admin/", "/admin/pages/3/edit/", "/admin/images/?q=%E8%84%91"])
def test_admin_login_keeps_a_local_next(client, target):
    response = client.get("/admin/login/", {"next": target})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/zh-hans/accounts/login/"
    assert next_of(response["Location"]) == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/admin/",
        "//evil.example/admin/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "\\\\evil.example",
        "",
    ],
)
def test_admin_login_replaces_an_external_next(client, target):
    response = client.get("/admin/login/", {"next": target})
    assert response.status_code == 302
    assert next_of(response["Location"]) == "/admin/"


def test_admin_login_follows_the_browser_language(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert urlsplit(response["Location"]).path == "/en/accounts/login/"


def test_posting_credentials_to_the_admin_login_signs_nobody_in(client, staff):
    response = client.post("/admin/login/", {"username": staff.email, "password": "correct-horse-battery-9"})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/zh-hans/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_allauth_login_ignores_an_external_next(client, user):
    response = sign_in(client, user.email, next_url="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/dashboard/"


def test_unauthenticated_admin_ends_at_allauth_login_and_comes_back(client, staff_with_totp):
    landing = client.get("/admin/reports/locked/", follow=True)
    assert landing.status_code == 200
    assert landing.wsgi_request.path == "/zh-hans/accounts/login/"
    assert landing.wsgi_request.GET["next"] == "/admin/reports/locked/"

    assert sign_in(client, staff_with_totp.email, next_url="/admin/reports/locked/")["Location"] == (
        "/zh-hans/accounts/2fa/authenticate/"
    )
    done = client.post("/zh-hans/accounts/2fa/authenticate/", {"code": totp_code(staff_with_totp.totp_secret)})
    assert done["Location"] == "/admin/reports/locked/"
    assert client.get("/admin/reports/locked/").status_code == 200


def test_signed_in_admin_user_visiting_admin_login_goes_on_to_next(client, staff_with_totp):
    client.force_login(staff_with_totp)
    response = client.get("/admin/login/", {"next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/login/", {"next": "https://evil.example/"})["Location"] == "/admin/"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_admin_login_speaks_the_language_of_the_page_the_visitor_came_from(client, language):
    """/admin/login/ has no language in its path: a visitor reading /en/… was sent to the Chinese sign-in."""
    other = "zh-hans" if language == "en" else "en"
    response = client.get(
        "/admin/login/",
        {"next": "/admin/"},
        HTTP_REFERER=f"http://testserver/{language}/news/",
        HTTP_ACCEPT_LANGUAGE=other,
    )
    assert urlsplit(response["Location"]).path == f"/{language}/accounts/login/"
    assert next_of(response["Location"]) == "/admin/"


def test_admin_login_takes_the_language_of_the_page_to_return_to(client):
    response = client.get("/admin/login/", {"next": "/en/news/"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert urlsplit(response["Location"]).path == "/en/accounts/login/"


def test_admin_login_ignores_the_language_of_another_site(client):
    response = client.get("/admin/login/", HTTP_REFERER="https://evil.example/en/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert urlsplit(response["Location"]).path == "/zh-hans/accounts/login/"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_member_without_admin_access_lands_on_the_dashboard_in_the_language_in_use(client, user, language):
    """Wagtail sends a member without admin access to /admin/login/, which sent everyone to /zh-hans/dashboard/."""
    other = "zh-hans" if language == "en" else "en"
    user.preferred_language = other
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    came_from = client.get("/admin/", HTTP_REFERER=f"http://testserver/{language}/", HTTP_ACCEPT_LANGUAGE=other)
    assert urlsplit(came_from["Location"]).path == "/admin/login/"
    landing = client.get(
        came_from["Location"], HTTP_REFERER=f"http://testserver/{language}/", HTTP_ACCEPT_LANGUAGE=other
    )
    assert landing["Location"] == f"/{language}/dashboard/"


def test_without_a_page_to_go_by_a_member_lands_on_the_dashboard_in_their_own_language(client, user):
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    assert client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="zh-hans")["Location"] == "/en/dashboard/"


NO_ADMIN_ACCESS = {"en": "You do not have permission to access the admin.", "zh-hans": "您没有权限访问管理后台。"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_member_without_admin_access_is_told_so_in_the_language_in_use(client, user, language):
    """Wagtail's "no permission" message was said in the language of the browser (or of the member's
    account), on a dashboard in the language they were reading the site in."""
    other = "zh-hans" if language == "en" else "en"
    user.preferred_language = other
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    came_from = {"HTTP_REFERER": f"http://testserver/{language}/news/", "HTTP_ACCEPT_LANGUAGE": other}
    landing = client.get("/admin/", follow=True, **came_from)
    assert landing.wsgi_request.path == f"/{language}/dashboard/"
    assert [str(message).strip() for message in landing.context["messages"]] == [NO_ADMIN_ACCESS[language]]
