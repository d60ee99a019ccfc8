"""What a browser sends, read as the member meant it; what cannot be read, explained in their language.

* A textarea's line breaks arrive as CRLF, yet the browser counted each as one character against
  the field's ``maxlength``: the portal reads them as ``\\n`` (``LineBreaksMiddleware``), so a text
  the browser let through is not refused as too long.
* A button's address opened on its own (a GET after signing in again) is a translated 405 page,
  not a blank one; under the API it is the API's JSON.
* A form whose texts exceed Django's limit is a translated 413 page, not "bad request".
* The API's 404 speaks the request's language.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.profiles.forms import StartupProfileForm
from portal.organisations.forms import OrganisationForm
from tests import factories
from tests.matrix import form_data

pytestmark = pytest.mark.django_db

#: 1,666 lines of "ab": 4,998 characters as the browser counts them, 6,664 with CRLF breaks.
TYPED = "ab\n" * 1666


def _url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def owner_client(client):
    membership = factories.MembershipFactory(role="owner", organisation__verification_status="verified")
    client.force_login(membership.user)
    client.organisation = membership.organisation
    return client


def _profile(organisation, **changes) -> dict:
    return {**form_data(OrganisationForm(instance=organisation)), **changes}


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_a_text_at_its_limit_with_crlf_line_breaks_is_saved_with_newlines(owner_client, encoding):
    organisation = owner_client.organisation
    url = _url("portal:organisation_edit", organisation.pk)
    data = _profile(organisation, description_zh=TYPED.replace("\n", "\r\n"))
    if encoding == "multipart":
        response = owner_client.post(url, data)
    else:
        response = owner_client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description_zh == TYPED.strip() and "\r" not in organisation.description_zh


def test_a_text_over_its_limit_is_refused_beside_the_field_and_kept(owner_client):
    organisation = owner_client.organisation
    url = _url("portal:organisation_edit", organisation.pk)
    response = owner_client.post(url, _profile(organisation, description_zh=TYPED + "abc"))
    assert response.status_code == 400
    assert response.context["form"].has_error("description_zh", "max_length")
    assert "it has 5001" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title"), [("zh-hans", "此地址属于页面上的一个按钮"), ("en", "This address belongs to a button")]
)
def test_a_buttons_address_opened_on_its_own_is_explained(owner_client, language, title):
    response = owner_client.get(_url("portal:organisation_leave", owner_client.organisation.pk, language=language))
    assert response.status_code == 405 and response["Allow"] == "POST"
    html = response.content.decode()
    assert title in html and f'<html lang="{language}">' in html


def test_the_api_answers_a_method_it_does_not_take_in_json(client):
    response = client.post("/api/v1/products/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 405 and "GET" in response["Allow"]
    assert response.json() == {"detail": "此地址不接受 POST 请求。"}


def test_the_apis_404_speaks_the_requests_language(client):
    assert client.get("/api/v1/products/999999/", HTTP_ACCEPT_LANGUAGE="zh-hans").json() == {"detail": "未找到"}
    assert client.get("/api/v1/products/999999/", HTTP_ACCEPT_LANGUAGE="en").json() == {"detail": "Not Found"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_form_with_more_text_than_django_reads_is_a_translated_413(owner_client, settings, language):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    organisation = owner_client.organisation
    url = _url("portal:organisation_edit", organisation.pk, language=language)
    data = urlencode(_profile(organisation, description_zh="长" * 1500))
    response = owner_client.post(url, data, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    expected = "表单中的文字过多" if language == "zh-hans" else "The form holds too much text"
    assert expected in response.content.decode()


def test_a_nul_character_and_a_length_are_explained_in_plain_chinese(owner_client):
    organisation = owner_client.organisation
    url = _url("portal:organisation_edit", organisation.pk, language="zh-hans")
    response = owner_client.post(url, _profile(organisation, description_zh="简介\x00", description_en="x" * 5001))
    html = response.content.decode()
    assert "不能包含空字符（NUL）。" in html  # Django's own says "empty strings are not allowed"
    assert "请确保不超过 5000 个字符（现有 5001 个）。" in html


def test_a_numbers_digits_are_explained_in_chinese_punctuation(client):
    """Django's Chinese ended the digit limits with an ASCII full stop ("确认总共不超过 12 个数字.",
    "确认小数不超过 2 位."), beside the portal's "。": here on the funding ask of a startup's profile."""
    membership = factories.MembershipFactory(
        role="owner", organisation__kind="startup", organisation__verification_status="verified"
    )
    client.force_login(membership.user)
    url = _url("incubator:profile_edit", membership.organisation.pk, language="zh-hans")
    typed = {"funding_raised_wan": "12345678901.12", "ask_min_wan": "1.234", "ask_max_wan": "12345678901"}
    response = client.post(url, {**form_data(StartupProfileForm()), **typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请确保总共不超过 12 位数字。" in html
    assert "请确保小数不超过 2 位。" in html
    assert "请确保小数点前不超过 10 位数字。" in html


def test_a_body_the_client_stopped_sending_is_left_to_the_view(rf):
    """``LineBreaksMiddleware`` reads the form first: a client gone mid-body must not become its error."""
    from django.http import HttpResponse, UnreadablePostError

    from portal.middleware import LineBreaksMiddleware

    request = rf.post("/en/", "a=1", content_type="application/x-www-form-urlencoded")

    def unreadable():
        raise UnreadablePostError("connection reset")

    request._load_post_and_files = unreadable
    assert LineBreaksMiddleware(lambda request: HttpResponse("view")).__call__(request).content == b"view"


@pytest.mark.parametrize("version", ["", "abc", "-1"])
def test_an_altered_hidden_version_is_said_at_the_top_of_the_form_in_words(version):
    """A scorecard re-rendered with no message at all; the case wizard said "(Hidden field version) …"."""
    from cases.forms import ClinicalForm
    from portal.judging.forms import ScorecardForm
    from tests.cases.factories import SubmissionFactory

    with translation.override("en"):
        for form in (
            ScorecardForm({"version": version}, criteria=[]),
            ClinicalForm({"version": version}, instance=SubmissionFactory.build()),
        ):
            assert not form.is_valid() and "version" not in form.errors
            assert form.non_field_errors() == [
                "This page is out of date or was altered: open it again. What you typed is kept below."
            ]
            assert "Hidden field" not in str(form)
