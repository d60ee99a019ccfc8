"""A NUL byte in an admin URL's query string is a 400 (Wagtail's page chooser answered 500)."""

import pytest
from allauth.mfa.models import Authenticator
from django.utils import translation

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = StaffFactory(is_superuser=True)
    Authenticator.objects.get_or_create(user=staff, type=Authenticator.Type.TOTP, defaults={"data": {}})
    client.force_login(staff)
    return client


@pytest.mark.parametrize("query", ["locale=%00", "q=a%00b", "%00=1"])
def test_a_nul_byte_in_an_admin_query_string_is_a_translated_400(staff_client, query):
    response = staff_client.get(f"/admin/choose-page/?{query}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    with translation.override("zh-hans"):
        assert translation.gettext("This address holds a character the site cannot read.") in response.content.decode()


def test_the_admin_answers_as_before_without_one(staff_client):
    assert staff_client.get("/admin/choose-page/?q=康复").status_code == 200


def test_other_paths_keep_their_own_answers(client):
    assert client.get("/zh-hans/search/?q=a%00b").status_code == 200
