"""Publishing a competition's results in the admin: it cannot be undone (the winning teams are e-mailed,
the private leaderboard is shown), so the competition page leads to a confirmation page that says what it
does, lists the awards, warns of rounds still being scored and says why it cannot be done yet."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from competition.models import ResultsPublication
from competition.results import services
from tests.competition.factories import close_submissions
from tests.competition.test_results import admin_login, scored_round
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _urls(competition) -> tuple[str, str]:
    with translation.override("en"):
        return (
            reverse("competition_results:competition", args=[competition.pk]),
            reverse("competition_results:publish", args=[competition.pk]),
        )


def _page(client, url) -> str:
    """The admin page, in the staff's admin language (Chinese, the portal's first)."""
    return client.get(url).content.decode()


def test_publishing_asks_first_saying_what_it_does(client, django_capture_on_commit_callbacks):
    """The competition page's "Publish the results" was a one-click form: the results went public and the
    winners were e-mailed at once, even while rounds were still being scored."""
    scored = scored_round(scores=[[9, None]])  # the second entry's scorecard is still to come
    services.record_award(actor=scored.staff, entry=scored.entries[0], prize_zh="一等奖", prize_en="First prize")
    close_submissions(scored.competition)
    competition_url, publish_url = _urls(scored.competition)
    admin_login(client, scored.staff)
    page = _page(client, competition_url)
    assert f'<a class="button" href="{publish_url}">发布结果…</a>' in page
    assert f'action="{publish_url}"' not in page
    confirmation = _page(client, publish_url)
    assert "将向 1 支获奖团队发送邮件" in confirmation and "发布无法撤销" in confirmation
    assert "一等奖" in confirmation and "本赛道没有奖项" in confirmation
    assert "评审尚未结束" in confirmation
    assert reverse("competition_results:round", args=[scored.judging_round.pk]) in confirmation
    assert f'<form method="post" action="{publish_url}">' in confirmation
    assert not ResultsPublication.objects.exists()  # the page publishes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish_url)
    assert response.status_code == 302 and response.url == competition_url
    assert ResultsPublication.objects.filter(competition=scored.competition).exists()
    assert "结果已于" in _page(client, publish_url)


def test_the_confirmation_page_says_why_publishing_cannot_be_done_yet(client):
    scored = scored_round(scores=[[9, 3]])
    competition_url, publish_url = _urls(scored.competition)
    admin_login(client, scored.staff)
    assert "尚未记录奖项" in _page(client, competition_url)
    refused = _page(client, publish_url)
    assert "请先记录奖项，再发布结果。" in refused and f'action="{publish_url}"' not in refused
    services.record_award(actor=scored.staff, entry=scored.entries[0], prize_zh="一等奖")
    refused = _page(client, publish_url)
    assert "截止前不能发布结果" in refused and f'action="{publish_url}"' not in refused
    assert not ResultsPublication.objects.exists()


def test_the_award_form_says_whether_the_award_goes_public_at_once(client):
    """After publishing, a recorded award was public and e-mailed to its team at once, and its form did not
    say so (nor, before, that an award stays hidden until publishing)."""
    scored = scored_round(scores=[[9, 3]])
    url = reverse("competition_results:award", args=[scored.entries[1].pk])
    admin_login(client, scored.staff)
    assert "结果发布前，奖项不对外公开。" in _page(client, url)
    services.record_award(actor=scored.staff, entry=scored.entries[0], prize_zh="一等奖")
    close_submissions(scored.competition)
    services.publish_results(actor=scored.staff, competition=scored.competition)
    assert "奖项一经记录即公开，并立即通知获奖团队" in _page(client, url)


def test_a_refused_advance_is_said_at_the_top_of_the_page(client):
    """Advancing without the next stage's round open was refused beside the form, at the foot of the long
    ranking, while the page opened at its top: it looked as if nothing had happened."""
    scored = scored_round(scores=[[9, 3]])
    admin_login(client, scored.staff)
    response = client.post(
        reverse("competition_results:advance", args=[scored.judging_round.pk]), {"method": "raw", "top": 1}
    )
    assert response.status_code == 400
    said = [str(message) for message in response.context["messages"]]
    assert len(said) == 1 and said[0].startswith("没有作品晋级：") and "决赛" in said[0]
    page = response.content.decode()
    assert page.index("没有作品晋级") < page.index('id="advance-heading"')


def test_a_winner_without_an_enterprise_is_offered_no_catalogue_product(client):
    """Every award offered "Make a draft catalogue product", which was then refused for a team that entered
    for no enterprise: such an award says so instead of offering the button; an enterprise's still offers it."""
    scored = scored_round(scores=[[9, 3]], organisation=OrganisationFactory())  # the first team's enterprise
    for entry in scored.entries:
        services.record_award(actor=scored.staff, entry=entry, prize_zh=f"奖{entry.pk}")
    admin_login(client, scored.staff)
    page = _page(client, reverse("competition_results:competition", args=[scored.competition.pk]))
    assert page.count("生成目录产品草稿") == 1 and page.count("该团队并非代表企业参赛：不能生成目录产品。") == 1
