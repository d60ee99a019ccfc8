"""A spoofed X-Forwarded-For does not escape the per-IP login limit (issue #11, finding 7).

With production settings and no ``ALLAUTH_TRUSTED_PROXY_COUNT`` in the environment, allauth keys
its per-IP limits on the connecting address; the header counts only when operators declare the
proxies that append to it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.accounts.conftest import gettext_in, sign_in
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
TOO_MANY_FAILED = "Too many failed login attempts. Try again later."

# Run in a fresh interpreter on portal.settings.production: the rate-limit cache key of the
# same connection with three different X-Forwarded-For headers (and none).
KEYS_SCRIPT = """
import json
import django
django.setup()
from allauth.core.internal.ratelimit import get_cache_key, parse_rate
from django.conf import settings
from django.test import RequestFactory

rate = parse_rate("10/m/ip")
keys = []
for forwarded in (None, "203.0.113.7", "198.51.100.1, 203.0.113.9"):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    request = RequestFactory().post("/en/accounts/login/", REMOTE_ADDR="192.0.2.10", headers=headers)
    keys.append(get_cache_key(request, app="allauth.account", action="login_failed", rate=rate))
print(json.dumps({"count": settings.ALLAUTH_TRUSTED_PROXY_COUNT, "keys": keys}))
"""


def production_rate_limit_keys(**extra_env) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ALLAUTH_TRUSTED_PROXY_COUNT", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "-production-like-secret-key-with-enough-entropy-" + "y" * 20,
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        REDIS_URL="redis://127.0.0.1:6379/0",
        **extra_env,
    )
    result = subprocess.run(
        [sys.executable, "-c", KEYS_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_rate_limit_key_ignores_x_forwarded_for_unless_proxies_are_declared():
    default = production_rate_limit_keys()
    assert default["count"] == 0
    assert len(set(default["keys"])) == 1, default["keys"]

    # Declared proxies: the last hop's entry (what the operator's proxy appended) is the visitor.
    behind_one_proxy = production_rate_limit_keys(ALLAUTH_TRUSTED_PROXY_COUNT="1")
    assert behind_one_proxy["count"] == 1
    without_header, spoofed, chained = behind_one_proxy["keys"]
    assert len({without_header, spoofed, chained}) == 3


@pytest.mark.django_db
def test_spoofed_x_forwarded_for_does_not_escape_the_per_ip_login_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = production_rate_limit_keys()["count"]
    users = UserFactory.create_batch(11)
    for n, target in enumerate(users[:10]):
        client.defaults["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{n + 1}"
        assert sign_in(client, target.email, "wrong-password-123", language="en").status_code == 200
    client.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.99"
    response = sign_in(client, users[10].email, language="en")
    assert gettext_in("en", TOO_MANY_FAILED) in response.content.decode()
    assert "_auth_user_id" not in client.session
