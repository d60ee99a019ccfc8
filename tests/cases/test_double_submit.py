"""The "new case" form sent twice makes one draft (issue #11, finding 5).

The form carries a required one-time token (``portal.idempotency``); the draft keeps it, unique
per organisation. Sent again (a double click, a reload), the form returns the first draft; two
copies at once on PostgreSQL meet the constraint and the loser returns the winner's draft; a
missing or altered token is a form error, never a 500 and never a draft.
"""

import re
import threading

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases import services
from cases.models import CaseSubmission
from portal import idempotency
from portal.idempotency import INVALID_TOKEN, issue_token, read_token
from tests.cases.factories import HospitalFactory, SubmissionFactory
from tests.factories import MembershipFactory
from tests.portal.test_membership_races import _race

SCOPE = "cases.submission"


def _create_url(organisation, language="en"):
    with translation.override(language):
        return reverse("cases:submission_create", args=[organisation.pk])


def _basics(**overrides):
    return {
        "creation_token": issue_token(SCOPE),
        "version": 1,
        "title": "高位截瘫患者皮层内脑机接口控制机械臂",
        "summary": "患者植入两枚微电极阵列。",
        "bci_type": "invasive",
        "approach": "intracortical_array",
        "indications": ["paralysis"],
        **overrides,
    }


def _page_token(html: str) -> str:
    return re.search(r'name="creation_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def hospital(db):
    return HospitalFactory()


@pytest.fixture
def member(client, hospital):
    user = MembershipFactory(organisation=hospital).user
    client.force_login(user)
    return user


# --- one request after the other -----------------------------------------------------------


@pytest.mark.django_db
def test_the_new_case_page_carries_a_signed_one_time_token(client, hospital, member):
    page = client.get(_create_url(hospital))
    assert read_token(SCOPE, _page_token(page.text)) is not None
    assert _page_token(client.get(_create_url(hospital)).text) != _page_token(page.text)


@pytest.mark.django_db
def test_the_same_form_sent_twice_makes_one_draft(client, hospital, member):
    data = _basics()
    first = client.post(_create_url(hospital), data)
    second = client.post(_create_url(hospital), {**data, "title": "第二次提交的标题"})
    draft = CaseSubmission.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert str(draft.pk) in first["Location"]
    # The copy returned the first draft as it was: nothing of the second request was written.
    assert draft.title == "高位截瘫患者皮层内脑机接口控制机械臂" and draft.version == 1
    assert draft.creation_token == read_token(SCOPE, data["creation_token"])


@pytest.mark.django_db
def test_each_new_form_makes_its_own_draft(client, hospital, member):
    for _ in range(2):
        token = _page_token(client.get(_create_url(hospital)).text)
        assert client.post(_create_url(hospital), _basics(creation_token=token)).status_code == 302
    assert CaseSubmission.objects.filter(organisation=hospital).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("token", [None, "", "tampered", "forged", "other-scope"])
def test_a_missing_or_tampered_token_is_a_form_error_and_makes_no_draft(client, hospital, member, token):
    data = _basics()
    if token is None:
        del data["creation_token"]
    elif token == "tampered":
        signed = data["creation_token"]
        data["creation_token"] = ("0" if signed[0] != "0" else "1") + signed[1:]
    elif token == "forged":
        data["creation_token"] = "7b0c5b6e2f0a4a1c9d3e8f7a6b5c4d3e:forged"
    elif token == "other-scope":
        data["creation_token"] = issue_token("catalog.product")
    else:
        data["creation_token"] = token
    response = client.post(_create_url(hospital), data)
    assert response.status_code == 400
    assert escape(str(INVALID_TOKEN)) in response.text
    assert "高位截瘫患者皮层内脑机接口控制机械臂" in response.text  # the input is kept
    assert not CaseSubmission.objects.exists()

    renewed = _page_token(response.text)
    assert read_token(SCOPE, renewed) is not None
    assert client.post(_create_url(hospital), {**data, "creation_token": renewed}).status_code == 302
    assert CaseSubmission.objects.count() == 1


@pytest.mark.django_db
def test_the_steps_of_an_existing_draft_need_no_token(client, hospital, member):
    draft = SubmissionFactory(organisation=hospital, created_by=member)
    url = reverse("cases:submission_step", args=[draft.pk, "basics"])
    assert 'name="creation_token"' not in client.get(url).text
    response = client.post(url, {"version": draft.version, "title": "改过的标题", "bci_type": "invasive"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "改过的标题"


@pytest.mark.django_db
def test_a_token_is_unique_per_organisation_not_across_them(hospital, member):
    other = HospitalFactory()
    MembershipFactory(organisation=other, user=member)
    token = read_token(SCOPE, issue_token(SCOPE))
    here = services.create_submission(actor=member, organisation=hospital, creation_token=token)
    there = services.create_submission(actor=member, organisation=other, creation_token=token)
    assert here.pk != there.pk and there.organisation == other


# --- two copies at once, on PostgreSQL -----------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_copies_of_the_form_at_once_make_one_draft(postgres_service, attempt):
    hospital = HospitalFactory()
    user = MembershipFactory(organisation=hospital).user
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)
    data = _basics()
    responses = [None, None]

    def post(index):
        def call():
            responses[index] = clients[index].post(_create_url(hospital), data)

        return call

    assert _race(post(0), post(1)) == [None, None]
    assert [response.status_code for response in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert CaseSubmission.objects.filter(organisation=hospital).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_loser_of_a_race_returns_the_winners_draft(postgres_service, monkeypatch):
    """Both copies pass the first look-up before either inserts: the constraint settles it."""
    hospital = HospitalFactory()
    user = MembershipFactory(organisation=hospital).user
    token = read_token(SCOPE, issue_token(SCOPE))
    both_looked = threading.Barrier(2)
    seen = threading.local()
    original = idempotency.created_with

    def created_with(queryset, value):
        found = original(queryset, value)
        if not getattr(seen, "waited", False):
            seen.waited = True
            both_looked.wait(timeout=10)
        return found

    monkeypatch.setattr(idempotency, "created_with", created_with)
    drafts = [None, None]

    def create(index):
        def call():
            drafts[index] = services.create_submission(
                actor=user, organisation=hospital, fields={"title": f"copy {index}"}, creation_token=token
            )

        return call

    assert _race(create(0), create(1)) == [None, None]
    assert drafts[0].pk == drafts[1].pk
    assert CaseSubmission.objects.filter(organisation=hospital).count() == 1
