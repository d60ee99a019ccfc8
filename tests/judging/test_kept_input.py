"""A scorecard sent after the judge's session ended comes back, not saved, once they sign in again
(``portal.keep_input``); once scoring has closed meanwhile, read-only with the reason."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.judging.models import ConflictDeclaration, JudgeProfile, Scorecard
from portal.judging.vocabulary import AssignmentStatus
from tests.factories import OrganisationFactory
from tests.judging.factories import CLOSES, single_assignment
from tests.keep_input import csrf_token, kept_and_shown, post_signed_out, session_ends, sign_in

pytestmark = pytest.mark.django_db

TYPED = "午饭后写的总体评语"


@pytest.fixture
def assignment(adapter, staff):
    return single_assignment(staff)


def _url(assignment):
    with translation.override("en"):
        return reverse("judging:scorecard", args=[assignment.pk])


def _typed(assignment) -> dict:
    criterion = assignment.item.panel.rubric.criteria.order_by("pk").first()
    return {"version": 0, "comment": TYPED, f"score_{criterion.pk}": "7.5"}


def test_the_scorecard_comes_back_with_what_was_typed(client, assignment):
    with time_machine.travel(CLOSES - datetime.timedelta(hours=1), tick=False):
        page = kept_and_shown(client, assignment.judge, _url(assignment), _typed(assignment))
    assert page.context["form"]["comment"].value() == TYPED
    assert not Scorecard.objects.filter(assignment=assignment, comment=TYPED).exists()


def test_once_scoring_has_closed_the_kept_scorecard_is_shown_read_only_with_the_reason(client, assignment):
    client.force_login(assignment.judge)
    with time_machine.travel(CLOSES - datetime.timedelta(minutes=5), tick=False):
        session_ends(client, _url(assignment))
        post_signed_out(client, _url(assignment), _typed(assignment))
    with time_machine.travel(CLOSES + datetime.timedelta(minutes=5), tick=False):
        client.force_login(assignment.judge)
        page = client.get(_url(assignment))
    assert page.status_code == 200 and page.context["form"]["comment"].value() == TYPED
    assert "Nothing was saved. What you typed is kept below." in page.text and "Scoring closed at" in page.text
    assert "readonly" in str(page.context["form"]["comment"])


def test_a_recusal_comes_back_with_what_was_typed(client, assignment):
    with translation.override("en"):
        url = reverse("judging:recuse", args=[assignment.pk])
    page = kept_and_shown(client, assignment.judge, url, {"reason": "午饭后想起的利益冲突"})
    assert page.context["form"]["reason"].value() == "午饭后想起的利益冲突"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACTIVE and not assignment.recusal_reason


def _profile_urls() -> tuple[str, str]:
    with translation.override("en"):
        return reverse("judging:profile"), reverse("judging:declare_conflict")


def test_the_judge_profile_comes_back_with_what_was_typed(client, assignment):
    profile, _ = _profile_urls()
    page = kept_and_shown(client, assignment.judge, profile, {"expertise": "EEG, 午饭后", "public_bio": TYPED})
    assert page.context["form"]["public_bio"].value() == TYPED and not page.context["conflict_form"].is_bound
    assert not JudgeProfile.objects.filter(user=assignment.judge, public_bio=TYPED).exists()


def test_a_conflict_declared_after_the_session_ended_comes_back_on_the_profile_page(client, assignment):
    """The declaration posts to a URL with no page of its own: it is kept for the profile page, which the
    judge signs in back to (not the declaration's URL, which takes no GET)."""
    organisation = OrganisationFactory()
    profile, declare = _profile_urls()
    client.force_login(assignment.judge)
    session_ends(client, profile)
    response = post_signed_out(client, declare, {"organisation": organisation.pk, "note": TYPED})
    assert response["Location"].endswith(f"?next={profile}")
    client.force_login(assignment.judge)
    page = client.get(profile)
    assert page.status_code == 200 and "It is back in the form: check it and save again." in page.text
    assert page.context["conflict_form"]["note"].value() == TYPED and not page.context["form"].is_bound
    assert not ConflictDeclaration.objects.filter(note=TYPED).exists()
    assert TYPED not in client.get(profile).text  # once


def test_a_conflict_sent_after_signing_in_again_in_another_tab_comes_back_on_the_profile_page(assignment):
    organisation = OrganisationFactory()
    profile, declare = _profile_urls()
    client = Client(enforce_csrf_checks=True)
    sign_in(client, assignment.judge)
    token_of_the_page = csrf_token(client)
    session_ends(client, profile)
    sign_in(client, assignment.judge)  # in another tab
    sent = {"organisation": organisation.pk, "note": TYPED, "csrfmiddlewaretoken": token_of_the_page}
    response = client.post(declare, sent, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and response["Location"] == profile
    page = client.get(profile)
    assert page.context["conflict_form"]["note"].value() == TYPED
    assert "You signed in again after this page was opened" in page.text
    assert not ConflictDeclaration.objects.filter(note=TYPED).exists()
