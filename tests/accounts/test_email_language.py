"""A member chooses the language of their e-mails on the dashboard (it was fixed at the language of
the page they signed up on, and only staff could change it, on the admin's account page)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.utils import translation
from wagtail.users.models import UserProfile

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/zh-hans/dashboard/account/language/"


def test_a_member_writes_to_the_portal_in_chinese_and_reads_their_mail_in_english(client):
    member = UserFactory(preferred_language="zh-hans")
    client.force_login(member)
    dashboard = client.get("/zh-hans/dashboard/").content.decode()
    assert "门户发给您的邮件使用简体中文。" in dashboard and PAGE in dashboard
    page = client.get(PAGE).content.decode()
    assert re.search(r'value="zh-hans"[^>]*checked', page) and not re.search(r'value="en"[^>]*checked', page)
    response = client.post(PAGE, {"language": "en"})
    assert response.status_code == 302 and response["Location"] == "/zh-hans/dashboard/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["今后发给您的邮件将使用英语。"]
    member.refresh_from_db()
    assert member.preferred_language == "en"
    assert UserProfile.get_for_user(member).preferred_language == "en"  # the admin follows
    assert "The portal writes to you in English." in client.get("/en/dashboard/").content.decode()
    assert "门户发给您的邮件使用英语。" in client.get("/zh-hans/dashboard/").content.decode()

    Client().post("/zh-hans/accounts/password/reset/", {"email": member.email})
    assert mail.outbox[-1].extra_headers["Content-Language"] == "en"


def test_a_language_the_portal_does_not_speak_is_refused_and_nothing_changes(client):
    member = UserFactory(preferred_language="en")
    client.force_login(member)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            refused = client.post(f"/{language}/dashboard/account/language/", {"language": "fr"})
        assert refused.status_code == 400
        assert ("选择一个有效的选项" if language == "zh-hans" else "Select a valid choice") in refused.content.decode()
    assert client.post(PAGE, {}).status_code == 400
    member.refresh_from_db()
    assert member.preferred_language == "en"


def test_the_page_is_for_signed_in_members():
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
