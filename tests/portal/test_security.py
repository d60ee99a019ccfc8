"""Security headers, the production deploy check and error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_public_pages_send_a_csp_without_inline_script(client):
    response = client.get("/zh-hans/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_public_templates_contain_no_inline_script_or_style():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for marker in ("<script>", '<script type="text/javascript">', ' style="', " onclick="):
            if marker in text:
                offenders.append(f"{template.relative_to(ROOT)}: {marker}")
    assert offenders == []


def test_admin_is_exempt_from_the_public_csp(client):
    response = client.get("/admin/", follow=False)
    assert "Content-Security-Policy" not in response.headers


def _check_deploy(**overrides) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-" + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        **overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_zero_warnings():
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_an_e_mail_base_url_that_is_not_https():
    """E-mails' links (password resets, invitations, the digest's one-click unsubscribe) must be HTTPS."""
    result = _check_deploy(WAGTAILADMIN_BASE_URL="http://portal.example.org")
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must be an https:// address." in result.stderr
    assert _check_deploy(WAGTAILADMIN_BASE_URL="https://portal.example.org").returncode == 0


def test_unknown_url_renders_branded_bilingual_404(client):
    zh = client.get("/zh-hans/no-such-page/")
    en = client.get("/en/no-such-page/")
    assert zh.status_code == en.status_code == 404
    assert 'lang="zh-hans"' in zh.content.decode()
    assert 'lang="en"' in en.content.decode()
    assert b"Traceback" not in zh.content


def test_expired_form_token_gets_a_branded_bilingual_403():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/zh-hans/accounts/login/", {"login": "a@example.com", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "error-page" in html
    assert "CSRF verification failed" not in html


def test_the_admin_loads_no_avatar_from_gravatar(client):
    """gravatar.com is unreachable in mainland China: the admin must not ask it for staff avatars."""
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get("/admin/")
    assert page.status_code == 200 and "gravatar" not in page.content.decode()
