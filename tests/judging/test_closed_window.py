"""The scorecard page names Shanghai's time with its offset, as the assignments list does."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from portal.judging import services
from tests.judging.factories import PanelFactory, items, judges, rubric_with

pytestmark = pytest.mark.django_db

CLOSES = datetime.datetime(2026, 11, 20, 10, 0, 0, tzinfo=datetime.UTC)  # 18:00:00 in Asia/Shanghai
BEFORE = CLOSES - datetime.timedelta(hours=1)  # 17:00:00 in Shanghai
AFTER = CLOSES + datetime.timedelta(minutes=5)


@pytest.fixture
def assignment(adapter, staff):
    panel = PanelFactory(
        judges_per_item=1,
        rubric=rubric_with(2, 1),
        scoring_opens_at=CLOSES - datetime.timedelta(days=7),
        scoring_closes_at=CLOSES,
    )
    judge = judges(panel, 1)[0]
    return services.assign(actor=staff, item=items(panel, 1)[0], judge=judge)


def _criteria(assignment):
    return list(assignment.item.panel.rubric.criteria.order_by("pk"))


def _url(assignment, language):
    with translation.override(language):
        return reverse("judging:scorecard", args=[assignment.pk])


def test_the_scorecard_page_names_shanghais_time_with_its_offset(client, assignment):
    """The page read the site's plain date format (2026-11-20 18:00), zone unnamed, where the assignments
    list names it: the judge in another city could not tell when the window closes."""
    first, second = _criteria(assignment)
    client.force_login(assignment.judge)
    with time_machine.travel(BEFORE, tick=False):
        assert (
            "Scoring closes 2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)."
            in client.get(_url(assignment, "en")).content.decode()
        )
        assert (
            "评分截止时间：2026-11-20 18:00:00（Asia/Shanghai，UTC+08:00）。"
            in client.get(_url(assignment, "zh-hans")).content.decode()
        )
    with time_machine.travel(AFTER, tick=False):
        closed = client.get(_url(assignment, "zh-hans")).content.decode()
    assert "评分已于 2026-11-20 18:00:00（Asia/Shanghai，UTC+08:00）截止。" in closed  # no gap after the bracket
    with time_machine.travel(BEFORE, tick=False):
        services.submit_scorecard(
            judge=assignment.judge, assignment=assignment, version=0, scores={first.pk: (9, ""), second.pk: (8, "")}
        )
        submitted = client.get(_url(assignment, "zh-hans")).content.decode()
    assert "已于 2026-11-20 17:00:00（Asia/Shanghai，UTC+08:00）提交。" in submitted
