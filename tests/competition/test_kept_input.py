"""An entry's form, a new team's or an invitation's, sent after the member's session ended comes back,
not saved, once they sign in again (``portal.keep_input``)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from competition.models import Entry, Team
from tests.competition.factories import EntryFactory, TeamFactory, running_competition
from tests.factories import UserFactory
from tests.keep_input import kept_and_shown, post_signed_out, session_ends

pytestmark = pytest.mark.django_db


def test_the_entry_comes_back_with_what_was_typed(client):
    entry = EntryFactory(
        team=TeamFactory(competition=running_competition(submission_closes=timezone.now() + timedelta(days=3)))
    )
    with translation.override("en"):
        url = reverse("competition:entry_edit", args=[entry.pk])
    captain = entry.team.created_by
    client.force_login(captain)
    session_ends(client, url)
    post_signed_out(client, url, {"version": entry.version, "title": entry.title, "summary": "午饭后写的摘要"})
    client.force_login(captain)
    page = client.get(url)
    assert page.status_code == 200 and "午饭后写的摘要" in page.text
    assert "It is back in the form: check it and save again." in page.text
    assert Entry.objects.get(pk=entry.pk).summary != "午饭后写的摘要"


def test_a_new_team_comes_back_with_what_was_typed(client):
    competition = running_competition()
    member = UserFactory()
    with translation.override("en"):
        url = reverse("competition:team_create", args=[competition.slug])
    page = kept_and_shown(client, member, url, {"name": "午饭后起的队名"})
    assert page.context["form"]["name"].value() == "午饭后起的队名"
    assert not Team.objects.filter(competition=competition).exists()


def test_an_invitation_comes_back_with_what_was_typed(client):
    team = TeamFactory(competition=running_competition())
    with translation.override("en"):
        url = reverse("competition:team_detail", args=[team.pk])
    page = kept_and_shown(client, team.created_by, url, {"invite-email": "typed.after.lunch@example.com"})
    assert page.context["invite_form"]["email"].value() == "typed.after.lunch@example.com"
    assert not team.invitations.exists()
