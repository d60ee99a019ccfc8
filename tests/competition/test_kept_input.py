"""An entry's form sent after the member's session ended comes back, not saved, once they sign in
again (``portal.keep_input``)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from competition.models import Entry
from tests.competition.factories import EntryFactory, TeamFactory, running_competition
from tests.keep_input import post_signed_out, session_ends

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
