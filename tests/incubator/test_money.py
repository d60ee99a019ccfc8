"""Amounts of money read the same everywhere (``incubator.money``): cards, profiles, suggestions, the pipeline."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from incubator import money
from incubator.matching import explain
from incubator.models import InvestorProfile, StartupProfile
from incubator.profiles.queries import AskRange
from tests.incubator.matching.world import add_incubator_matching
from tests.matrix import INVESTOR, STAFF, build_world

M = 1_000_000


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("zh-hans", 500_000, "50万元"),
        ("zh-hans", 150 * M, "1.5亿元"),
        ("zh-hans", 5_000, "5000元"),
        ("en", 500_000, "CNY 500K"),
        ("en", 1_500_000, "CNY 1.5M"),
        ("en", 800, "CNY 800"),
    ],
)
def test_one_amount_in_the_languages_style(language, amount, expected):
    with translation.override(language):
        assert money.cny(amount) == expected
        assert Template("{% load money %}{{ amount|cny }}").render(Context({"amount": amount})) == expected
    assert money.cny(None) == ""


def test_a_range_says_its_unit_once_and_open_ends_in_words():
    with translation.override("zh-hans"):
        assert money.cny_range(500_000, 1_500_000) == "50万–150万元"
        assert money.cny_range(50 * M, 200 * M) == "5000万元–2亿元"
        assert money.cny_range(None, None) == ""
    with translation.override("en"):
        assert money.cny_range(500_000, 1_500_000) == "CNY 500K–1.5M"
        assert money.cny_range(20 * M, None) == "CNY 20M or more"
        assert money.cny_range(0, 30 * M) == "up to CNY 30M"
        assert explain.format_range(float("nan"), float("inf")) == "any amount"


@pytest.mark.django_db
def test_the_startup_card_profile_and_suggestion_write_the_ask_alike(client):
    """The directory's card and the startup's page read "¥20,000,000 – ¥30,000,000", the investor's
    suggestions "2000万–3000万元" for the same ask."""
    world = add_incubator_matching(build_world())
    client.force_login(world.user(INVESTOR))
    for language, ask in (("zh-hans", "2000万–3000万元"), ("en", "CNY 20M–30M")):
        with translation.override(language):
            directory = client.get(reverse("incubator:startup_list")).content.decode()
            profile = client.get(reverse("incubator:startup_detail", args=["delta-neuro"])).content.decode()
            suggestions = client.get(reverse("incubator:suggestions")).content.decode()
        assert ask in directory and ask in profile and ask in suggestions, language
        assert "¥" not in directory + profile + suggestions


def _staff_in_chinese(client, world) -> None:
    """Signed in as the world's staff member, their admin in Chinese."""
    staff = world.user(STAFF)
    staff.preferred_language = "zh-hans"
    staff.save(update_fields=["preferred_language"])
    client.force_login(staff)


@pytest.mark.django_db
def test_the_admin_lists_and_inspects_amounts_as_the_pages_write_them(client):
    """The investors' listing showed 5000000 and 50000000, a startup's inspect page 20000000."""
    _staff_in_chinese(client, add_incubator_matching(build_world()))
    listing = client.get(reverse("incubator_investor_profiles:index")).content.decode()
    assert "500万–5000万元" in listing and "50000000" not in listing
    startup = StartupProfile.objects.get(organisation__slug="delta-neuro")
    inspect = client.get(reverse("incubator_startup_profiles:inspect", args=[startup.pk])).content.decode()
    assert "2000万元" in inspect and "3000万元" in inspect and "20000000" not in inspect


@pytest.mark.django_db
def test_the_directorys_funding_ask_filter_reads_as_the_amounts(client):
    """The filter offered "20 to 50 million yuan" beside asks reading "CNY 20M–30M"."""
    world = add_incubator_matching(build_world())
    client.force_login(world.user(INVESTOR))
    for language, label, ask in (
        ("en", "CNY 20M–50M", "CNY 20M–30M"),
        ("zh-hans", "2000万–5000万元", "2000万–3000万元"),
    ):
        with translation.override(language):
            directory = client.get(reverse("incubator:startup_list")).content.decode()
        assert label in directory and ask in directory and "million yuan" not in directory, language
    expected = {
        "en": ["Under CNY 5M", "CNY 5M–20M", "CNY 20M–50M", "CNY 50M–100M", "CNY 100M or more"],
        "zh-hans": ["500万元以下", "500万–2000万元", "2000万–5000万元", "5000万元–1亿元", "1亿元以上"],
    }
    for language, labels in expected.items():
        with translation.override(language):
            assert [str(label) for label in AskRange.labels] == labels


@pytest.mark.django_db
def test_an_amount_shown_formatted_is_not_labelled_in_yuan_again(client):
    """The startup's inspect page read 融资需求下限（元） 2000万元: the unit twice, and the first one wrong."""
    _staff_in_chinese(client, add_incubator_matching(build_world()))
    startup = StartupProfile.objects.get(organisation__slug="delta-neuro")
    inspect = client.get(reverse("incubator_startup_profiles:inspect", args=[startup.pk])).content.decode()
    assert "融资需求下限" in inspect and "2000万元" in inspect and "（元）" not in inspect
    investor = client.get(reverse("incubator_investor_profiles:inspect", args=[InvestorProfile.objects.first().pk]))
    assert "单笔投资额下限" in investor.content.decode() and "（元）" not in investor.content.decode()
