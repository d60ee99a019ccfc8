"""Advancement (issue #13): staff advance the top N (or those above a threshold) of a round to the
next stage's round; idempotent, the team e-mailed in its language, logged before/after."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from competition import rounds
from competition.models import Advancement, Entry
from competition.results import audit, services
from competition.vocabulary import EntryStatus, StageKind
from portal.judging import queries as judging_queries
from portal.judging.models import Item
from tests.competition.test_results import admin_login, scored_round
from tests.factories import UserFactory
from tests.judging.factories import rubric_with

pytestmark = pytest.mark.django_db


def open_final(scored):
    final = scored.competition.stages.get(kind=StageKind.FINAL)
    judging_round, _report = rounds.open_round(
        actor=scored.staff, stage=final, track=scored.track, rubric=rubric_with(1), judges=[UserFactory()]
    )
    return judging_round


def test_the_top_n_advance_once_with_an_email_and_a_log_entry(django_capture_on_commit_callbacks):
    scored = scored_round()
    final = open_final(scored)
    ranked = judging_queries.results(scored.judging_round.panel, method="normalised")
    top_two = [row.item.subject_id for row in ranked[:2]]
    english = scored.entries[0].team.created_by
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        advanced = services.advance(actor=scored.staff, judging_round=scored.judging_round, method="normalised", top=2)
    assert sorted(a.entry_id for a in advanced) == sorted(top_two)
    assert [a.rank for a in sorted(advanced, key=lambda a: a.rank)] == [1, 2]
    assert set(Entry.objects.filter(status=EntryStatus.ADVANCED).values_list("pk", flat=True)) == set(top_two)
    assert set(Item.objects.filter(panel=final.panel).values_list("subject_id", flat=True)) == set(top_two)
    assert len(mail.outbox) == 2
    logged = ModelLogEntry.objects.filter(action=audit.ADVANCED)
    assert logged.count() == 2
    assert {entry.data["before"]["status"] for entry in logged} == {EntryStatus.ELIGIBLE}
    assert {entry.data["after"]["stage"] for entry in logged} == {final.stage_id}
    if scored.entries[0].pk in top_two:
        english_mail = next(m for m in mail.outbox if m.to == [english.email])
        assert "advances" in english_mail.subject

    with django_capture_on_commit_callbacks(execute=True):
        again = services.advance(actor=scored.staff, judging_round=scored.judging_round, method="normalised", top=2)
    assert again == [] and Advancement.objects.count() == 2 and len(mail.outbox) == 2
    assert Item.objects.filter(panel=final.panel).count() == 2


def test_a_threshold_takes_every_entry_at_or_above_it():
    scored = scored_round()
    open_final(scored)
    ranked = judging_queries.results(scored.judging_round.panel, method="raw")
    threshold = ranked[1].raw_mean
    advanced = services.advance(
        actor=scored.staff, judging_round=scored.judging_round, method="raw", threshold=threshold
    )
    assert {a.entry_id for a in advanced} == {row.item.subject_id for row in ranked if row.raw_mean >= threshold}


def test_advancing_needs_the_next_round_staff_and_one_rule():
    scored = scored_round(scores=[[9, 3]])
    with translation.override("en"), pytest.raises(services.ResultsError, match="round"):
        services.advance(actor=scored.staff, judging_round=scored.judging_round, top=1)
    open_final(scored)
    with pytest.raises(services.ResultsError):
        services.advance(actor=scored.staff, judging_round=scored.judging_round, top=1, threshold=50)
    with pytest.raises(PermissionDenied):
        services.advance(actor=UserFactory(), judging_round=scored.judging_round, top=1)


@pytest.mark.parametrize("status", [EntryStatus.WITHDRAWN, EntryStatus.INELIGIBLE])
def test_an_entry_out_of_the_running_does_not_advance_nor_take_a_place(status):
    """Found ineligible after the round opened (or withdrawn): "advance the top 2" still advances two."""
    scored = scored_round(scores=[[9, 3, 5]])
    open_final(scored)
    Entry.objects.filter(pk=scored.entries[0].pk).update(status=status)
    advanced = services.advance(actor=scored.staff, judging_round=scored.judging_round, top=2)
    assert {a.entry_id for a in advanced} == {scored.entries[2].pk, scored.entries[1].pk}
    assert [a.rank for a in sorted(advanced, key=lambda a: a.rank)] == [2, 3]  # their places in the ranking


def test_staff_advance_from_the_ranking_page(client):
    scored = scored_round(scores=[[9, 3, 5]])
    open_final(scored)
    admin_login(client, scored.staff)
    url = reverse("competition_results:advance", args=[scored.judging_round.pk])
    response = client.post(url, {"method": "raw", "top": 2})
    assert response.status_code == 302
    assert Advancement.objects.count() == 2
    refused = client.post(url, {"method": "raw"})  # neither top nor threshold: the form says so
    assert refused.status_code == 400 and Advancement.objects.count() == 2
