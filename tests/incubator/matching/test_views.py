"""The suggestions page, its dismiss / undo buttons, and who may reach them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import DismissedSuggestion
from tests import factories
from tests.incubator.matching.world import add_incubator_matching
from tests.incubator.profiles.world import startup_profile
from tests.matrix import INVESTOR, MEMBER, OTHER_STARTUP, OWNER_A, PLATFORM, STARTUP, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return add_incubator_matching(build_world())


def url(name="incubator:suggestions"):
    with translation.override("en"):
        return reverse(name)


def page(client, world, role):
    client.force_login(world.user(role))
    response = client.get(url())
    assert response.status_code == 200
    return response


def names(response, key):
    return [s.organisation.slug for section in response.context["sections"] for s in getattr(section, key)]


def test_an_investor_sees_the_startups_that_pass_its_filters_best_first_with_why(client, world):
    response = page(client, world, INVESTOR)
    # epsilon-bci is in clinical trial, not among gamma's stages
    assert names(response, "startups") == ["delta-neuro", "kappa-bci"]
    delta = response.context["sections"][0].startups[0]
    texts = {reason.criterion: reason.text for reason in delta.reasons}
    assert texts["stage"] == (
        "stage: Prototype is one of the investor's 2 stages (Proof of concept, Prototype); "
        "the fewer stages an investor names, the more this counts"
    )
    assert texts["ticket"] == "ask CNY 20M–30M within CNY 5M–50M"  # delta shows its funding to investors
    assert texts["focus"] == "focus: Non-invasive in common"
    body = response.content.decode()
    assert "ask CNY 20M–30M within CNY 5M–50M" in body
    assert "/en/startups/delta-neuro/" in body
    # Each "why" table scrolls sideways on a phone: a region the keyboard reaches, named by its caption and
    # the organisation (a unique name per suggestion).
    ids = f"{response.context['sections'][0].organisation.pk}-{delta.other_id}"
    region = f'<div class="table-wrap" tabindex="0" role="region" aria-labelledby="why-{ids} suggestion-{ids}">'
    assert region in body
    assert f'id="why-{ids}">Why this suggestion</caption>' in body and f'<h4 id="suggestion-{ids}">' in body
    # The points line up on the right, as numbers do.
    assert '<th scope="col" class="num">Points</th>' in body
    assert re.search(r'<td class="num">\d+\.\d</td>', body)
    # kappa shows its funding to matched investors only, and gamma has not met kappa
    kappa = response.context["sections"][0].startups[1]
    ticket = next(r.text for r in kappa.reasons if r.criterion == "ticket")
    assert "8M" not in ticket and "matched investors only" in ticket
    assert "CNY 8M" not in body
    # eta-pending (awaiting verification) would pass every filter, as would an unlisted startup
    assert "eta-pending" not in body


def test_unlisted_startups_are_not_suggested(client, world):
    world.extra["startup_gamma_fits"].listed = False
    world.extra["startup_gamma_fits"].save()
    assert names(page(client, world, INVESTOR), "startups") == ["delta-neuro"]


def test_the_score_follows_staff_weights(client, world):
    response = page(client, world, INVESTOR)
    delta = response.context["sections"][0].startups[0]
    # focus = |{non-invasive}| / |{non-invasive, invasive, motor control, rehabilitation}| = 1/4;
    # stage 1/2 (gamma has two); ticket 1 (20–30M inside 5–50M); TRL (5 − 1)/8; region 1 (Shanghai);
    # weights: focus 4 (staff's row), then the defaults 2, 2, 1, 1.
    expected = (4 * 0.25 + 2 * 0.5 + 2 * 1 + 1 * 0.5 + 1 * 1) / 10
    assert delta.score == pytest.approx(expected)
    assert delta.percent == round(expected * 100)


def test_a_startup_sees_investors_and_platforms(client, world):
    response = page(client, world, STARTUP)
    assert names(response, "investors") == ["gamma-capital"]
    assert names(response, "platforms") == ["zeta-incubator"]
    platform = response.context["sections"][0].platforms[0]
    assert platform.reasons[0].text == "needs: Investment served (1 of your 2 needs)"


def test_a_startup_no_one_fits_sees_why_the_lists_are_empty(client, world):
    response = page(client, world, OTHER_STARTUP)
    assert names(response, "investors") == [] and names(response, "platforms") == []
    assert "No investor invests at your stage" in response.content.decode()


@pytest.mark.parametrize("role", [MEMBER, OWNER_A, PLATFORM])
def test_others_are_refused_with_why(client, world, role):
    client.force_login(world.user(role))
    response = client.get(url())
    assert response.status_code == 403
    assert "verified investor and startup organisations" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(url())
    assert response.status_code == 302 and "login" in response["Location"]


def test_dismiss_is_idempotent_and_can_be_undone(client, world):
    client.force_login(world.user(INVESTOR))
    data = {"organisation": "gamma-capital", "other": world.extra["org_startup"].pk}
    for _ in range(2):
        response = client.post(url("incubator:suggestion_dismiss"), data)
        assert response.status_code == 302
    assert DismissedSuggestion.objects.filter(organisation=world.extra["org_investor"]).count() == 1
    response = client.get(url())
    assert names(response, "startups") == ["kappa-bci"]
    assert "Suggest again" in response.content.decode()
    assert client.post(url("incubator:suggestion_restore"), data).status_code == 302
    assert client.post(url("incubator:suggestion_restore"), data).status_code == 302
    assert names(client.get(url()), "startups") == ["delta-neuro", "kappa-bci"]


@pytest.mark.parametrize(
    "data",
    [
        {"organisation": "delta-neuro", "other": "investor"},  # not a number
        {"organisation": "gamma-capital", "other": "1"},  # gamma is not the startup owner's
        {"organisation": "delta-neuro", "other": "alpha"},  # an enterprise cannot be suggested
        {},
    ],
)
def test_bad_or_foreign_dismissals_are_404(client, world, data):
    client.force_login(world.user(STARTUP))
    if data.get("other") == "1":
        data = data | {"other": world.extra["org_startup"].pk}
    if data.get("other") == "alpha":
        data = data | {"other": world.org_a.pk}
    assert client.post(url("incubator:suggestion_dismiss"), data).status_code == 404
    assert not DismissedSuggestion.objects.exists()


def test_the_page_costs_the_same_whatever_the_number_of_startups(client, world, django_assert_max_num_queries):
    client.force_login(world.user(INVESTOR))
    client.get(url())  # sessions, site settings, the chrome
    with django_assert_max_num_queries(16) as few:
        client.get(url())
    for n in range(15):
        organisation = factories.OrganisationFactory(kind="startup", slug=f"more-{n}")
        startup_profile(organisation, tag=str(n), with_deck=False, funding_visibility="matched")
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url())
    assert len(names(response, "startups")) == 10
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_hidden_ask_counts_only_as_meeting_the_ticket_range(client, world):
    """kappa shows its funding to matched investors only: its suggestion must not tell gamma how much of
    the ask lies in gamma's ticket range (points, score or order), or moving the range would reveal it."""
    kappa = world.extra["startup_gamma_fits"]
    kappa.ask_min_cny, kappa.ask_max_cny = 8_000_000, 40_000_000
    kappa.save()
    investor = world.extra["investor_profile"]

    def kappa_with_ticket(high):
        investor.ticket_max_cny = high
        investor.save()
        response = page(client, world, INVESTOR)
        found = next(s for s in response.context["sections"][0].startups if s.organisation.slug == "kappa-bci")
        return found, next(r for r in found.reasons if r.criterion == "ticket")

    partly, ticket = kappa_with_ticket(20_000_000)  # 12M of the 32M asked lie in the range
    assert ticket.score == 1.0 and "matched investors only" in ticket.text
    wider, wider_ticket = kappa_with_ticket(30_000_000)  # 22M of 32M
    assert (wider.score, wider_ticket.points) == (partly.score, ticket.points)
    # delta shows its funding to verified investors: its share still counts (20M–30M, half within 5M–25M).
    kappa_with_ticket(25_000_000)
    suggestions = page(client, world, INVESTOR).context["sections"][0].startups
    delta = next(s for s in suggestions if s.organisation.slug == "delta-neuro")
    assert next(r for r in delta.reasons if r.criterion == "ticket").score == pytest.approx(0.5)


def test_the_ticket_reason_says_the_criterions_own_word_in_chinese(client, world):
    """The row 单笔投资额 explained itself with 投资规模, another word for the same ticket size."""
    client.force_login(world.user(INVESTOR))
    with translation.override("zh-hans"):
        response = client.get(reverse("incubator:suggestions"))
        delta = response.context["sections"][0].startups[0]
        ticket = next(reason for reason in delta.reasons if reason.criterion == "ticket")
        label = ticket.label
    assert label == "单笔投资额" and ticket.text.startswith("融资需求 2000万–3000万元 在单笔投资额范围 ")
    assert "投资规模" not in response.content.decode()
