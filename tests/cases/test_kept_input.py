"""A case step sent after the member's session ended comes back, not saved, once they sign in again
(``portal.keep_input``)."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.models import CaseSubmission
from portal import keep_input
from tests.cases.factories import SubmissionFactory
from tests.keep_input import csrf_token, post_signed_out, session_ends, sign_in

pytestmark = pytest.mark.django_db

TYPED = "皮层内脑机接口控制机械臂（午饭后写的）"


@pytest.fixture
def submission(hospital, member):
    return SubmissionFactory(organisation=hospital, created_by=member)


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)  # the token of a page opened before the session ended


def _basics(submission) -> dict:
    return {
        "version": submission.version,
        "basis": services.step_basis(submission, "basics"),
        "title": TYPED,
        "summary": "患者植入两枚微电极阵列。",
        "bci_type": "invasive",
        "approach": "intracortical_array",
        "functions": ["motor_control", "speech"],
        "indications": ["paralysis"],
    }


def _step(submission, step="basics"):
    with translation.override("en"):
        return reverse("cases:submission_step", args=[submission.pk, step])


def test_the_step_comes_back_with_what_was_typed_after_signing_in_again(client, member, submission):
    stored = CaseSubmission.objects.values().get(pk=submission.pk)
    sign_in(client, member)
    session_ends(client, _step(submission))

    sent = post_signed_out(client, _step(submission), _basics(submission))
    login_page = client.get(sent["Location"])
    assert "Sign in again: the form comes back with what you typed." in login_page.text
    assert CaseSubmission.objects.values().get(pk=submission.pk) == stored  # nothing written signed out

    signed_in = sign_in(client, member, next_url=_step(submission))
    assert signed_in["Location"] == _step(submission)
    page = client.get(_step(submission))
    assert page.status_code == 200 and TYPED in page.text
    assert page.context["form"].data.getlist("functions") == ["motor_control", "speech"]
    assert "It is back in the form: check it and save again." in page.text
    assert "choose them again" not in page.text
    assert CaseSubmission.objects.values().get(pk=submission.pk) == stored  # shown, not saved

    assert TYPED not in client.get(_step(submission)).text  # once
    saved = client.post(_step(submission), {**_basics(submission), "csrfmiddlewaretoken": csrf_token(client)})
    assert saved.status_code == 302, saved.context["form"].errors
    assert CaseSubmission.objects.get(pk=submission.pk).title == TYPED


def test_a_new_case_comes_back_too(client, member, hospital):
    with translation.override("en"):
        url = reverse("cases:submission_create", args=[hospital.pk])
    sign_in(client, member)
    session_ends(client, url)
    post_signed_out(client, url, {"version": 1, "title": TYPED})
    sign_in(client, member)
    page = client.get(url)
    assert TYPED in page.text and not CaseSubmission.objects.exists()


def test_files_are_not_kept_and_the_message_says_so(client, member, submission):
    sign_in(client, member)
    session_ends(client, _step(submission, "links"))
    links = {"version": submission.version, "team": "张医生团队"}
    attachment = SimpleUploadedFile("photo.png", b"\x89PNG", content_type="image/png")
    post_signed_out(client, _step(submission, "links"), {**links, "attachment": attachment})
    sign_in(client, member)
    page = client.get(_step(submission, "links"))
    assert "张医生团队" in page.text and "choose them again before saving" in page.text
    assert not submission.attachments.exists()


def test_only_the_same_page_gets_it_back(client, member, submission):
    sign_in(client, member)
    session_ends(client, _step(submission))
    post_signed_out(client, _step(submission), _basics(submission))
    sign_in(client, member)
    assert TYPED not in client.get(_step(submission, "clinical")).text
    assert TYPED in client.get(_step(submission)).text  # still kept for its own page


def test_input_kept_too_long_ago_is_dropped(client, member, submission, monkeypatch):
    sign_in(client, member)
    session_ends(client, _step(submission))
    post_signed_out(client, _step(submission), _basics(submission))
    sign_in(client, member)
    later = time.time() + keep_input.KEEP_FOR + 1
    monkeypatch.setattr(keep_input.time, "time", lambda: later)
    page = client.get(_step(submission))
    assert TYPED not in page.text and "It is back in the form" not in page.text


def test_a_step_sent_after_signing_in_again_in_another_tab_comes_back_instead_of_a_403(client, member, submission):
    """Signing in changes the CSRF token: the page left open in the first tab (its session ended, the member
    signed in again in another, as the autosave's message asks) was refused as an expired form, input lost."""
    sign_in(client, member)
    session_ends(client, _step(submission))
    token_of_the_page = csrf_token(client)
    sign_in(client, member)  # in another tab
    sent = {**_basics(submission), "csrfmiddlewaretoken": token_of_the_page}
    response = client.post(_step(submission), sent, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and response["Location"] == _step(submission)
    page = client.get(_step(submission))
    assert TYPED in page.text and "You signed in again after this page was opened" in page.text
    assert CaseSubmission.objects.get(pk=submission.pk).title != TYPED


@pytest.mark.parametrize("origin", [None, "https://elsewhere.example"])
def test_a_form_refused_for_its_token_from_another_site_or_no_origin_is_not_kept(client, member, submission, origin):
    sign_in(client, member)
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    response = client.post(_step(submission), {**_basics(submission), "csrfmiddlewaretoken": "x" * 32}, **headers)
    assert response.status_code == 403 and "The form has expired" in response.text
    assert TYPED not in client.get(_step(submission)).text
