"""A judge after their panel's scoring window closed: a scorecard posted then (a form left open in a
tab, a second click) is refused with the closing time, 409, and comes back as it was typed (read-only,
nothing lost, no button to save it); a draft saved before is shown as not counting; the page and the
assignments name Shanghai's time with its offset, and nothing is "to do" any more."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from portal.judging import queries, services
from portal.judging.models import CriterionScore, Scorecard
from tests.judging.factories import CLOSES, PanelFactory, items, judges, single_assignment

pytestmark = pytest.mark.django_db

BEFORE = CLOSES - datetime.timedelta(hours=1)  # 17:00:00 in Shanghai
AFTER = CLOSES + datetime.timedelta(minutes=5)

CLOSED_AT = {
    "en": "Scoring closed at 2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00).",
    "zh-hans": "评分已于 2026-11-20 18:00:00（Asia/Shanghai，UTC+08:00）截止。",
}
NOTHING_SAVED = {
    "en": "Nothing was saved. What you typed is kept below.",
    "zh-hans": "未保存任何内容。您填写的内容保留在下方。",
}


@pytest.fixture
def assignment(adapter, staff):
    return single_assignment(staff)


def _criteria(assignment):
    return list(assignment.item.panel.rubric.criteria.order_by("pk"))


def _typed(assignment, **extra):
    """What a judge typed into the scorecard: 7.5 and 8.5, a comment on each, a recommendation."""
    data = {"version": 0, "recommendation": "strongly_recommend", "comment": "总体评语：打字于截止之后"}
    for n, criterion in enumerate(_criteria(assignment)):
        data[f"score_{criterion.pk}"] = f"{7 + n}.5"
        data[f"comment_{criterion.pk}"] = f"第{n + 1}项评语 typed late"
    return data | extra


def _url(assignment, language):
    with translation.override(language):
        return reverse("judging:scorecard", args=[assignment.pk])


def _control(html, name) -> str:
    """The HTML of the form control named ``name`` (an input's tag; a textarea or select with its content)."""
    found = re.search(rf'<(textarea|select)[^>]*name="{name}"[^>]*>.*?</\1>|<input[^>]*name="{name}"[^>]*>', html, re.S)
    assert found, name
    return found.group(0)


def _shows_as_typed(html, assignment) -> None:
    first, second = _criteria(assignment)
    assert 'value="7.5"' in _control(html, f"score_{first.pk}") and "readonly" in _control(html, f"score_{first.pk}")
    assert 'value="8.5"' in _control(html, f"score_{second.pk}")
    assert "第1项评语 typed late" in _control(html, f"comment_{first.pk}")
    assert "readonly" in _control(html, f"comment_{first.pk}")
    assert "总体评语：打字于截止之后" in _control(html, "comment")
    assert re.search(r'<option value="strongly_recommend" selected>', _control(html, "recommendation"))
    assert 'name="save"' not in html and 'name="submit"' not in html  # nothing offers to save it


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("button", ["save", "submit"])
def test_a_scorecard_posted_after_scoring_closed_comes_back_as_typed_with_the_closing_time(
    client, assignment, language, button
):
    client.force_login(assignment.judge)
    with time_machine.travel(AFTER, tick=False):
        response = client.post(_url(assignment, language), _typed(assignment, **{button: "1"}))
    assert response.status_code == 409  # the scorecard takes no save now (not what was typed: that is 400)
    html = response.content.decode()
    errors = html.split('class="form-errors" role="alert">', 1)[1].split("</div>", 1)[0]
    assert NOTHING_SAVED[language] in errors and CLOSED_AT[language] in errors
    assert "Please correct" not in errors and "请修正" not in errors  # there is nothing to correct
    _shows_as_typed(html, assignment)
    assert not Scorecard.objects.filter(assignment=assignment).exists()


def test_input_that_would_be_refused_is_refused_for_the_closing_after_it(client, assignment):
    """A score out of range posted after the closing: the closing is what the judge must know."""
    first = _criteria(assignment)[0]
    client.force_login(assignment.judge)
    with time_machine.travel(AFTER, tick=False):
        response = client.post(_url(assignment, "en"), _typed(assignment, save="1", **{f"score_{first.pk}": "11"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert CLOSED_AT["en"] in html and 'value="11"' in _control(html, f"score_{first.pk}")


def test_a_draft_saved_before_closing_stays_as_saved_and_is_said_not_to_count(client, assignment):
    first, second = _criteria(assignment)
    with time_machine.travel(BEFORE, tick=False):
        services.save_scorecard(
            judge=assignment.judge, assignment=assignment, version=0, scores={first.pk: (6, "初稿"), second.pk: (5, "")}
        )
    client.force_login(assignment.judge)
    with time_machine.travel(AFTER, tick=False):
        page = client.get(_url(assignment, "zh-hans")).content.decode()
        assert "评分已于 2026-11-20 18:00:00（Asia/Shanghai，UTC+08:00）截止。" in page  # no gap after the bracket
        assert "此评分表未在评分截止前提交：草稿不计入评审结果。" in page
        assert 'value="6.00"' in _control(page, f"score_{first.pk}") and "disabled" in _control(
            page, f"score_{first.pk}"
        )
        late = client.post(_url(assignment, "zh-hans"), _typed(assignment, version=1, submit="1"))
        assert late.status_code == 409
        _shows_as_typed(late.content.decode(), assignment)
        results = queries.results(assignment.item.panel)
    assert dict(CriterionScore.objects.values_list("criterion_id", "value")) == {first.pk: 6, second.pk: 5}
    assert not Scorecard.objects.get(assignment=assignment).is_submitted
    assert results[0].count == 0  # a draft is not ranked


def test_a_second_submit_after_closing_says_it_was_submitted_and_a_late_save_changes_nothing(client, assignment):
    first, second = _criteria(assignment)
    with time_machine.travel(BEFORE, tick=False):
        services.submit_scorecard(
            judge=assignment.judge, assignment=assignment, version=0, scores={first.pk: (9, ""), second.pk: (8, "")}
        )
    client.force_login(assignment.judge)
    with time_machine.travel(AFTER, tick=False), translation.override("en"):
        again = client.post(_url(assignment, "en"), _typed(assignment, version=1, submit="1"), follow=True)
        assert [str(m) for m in again.context["messages"]] == ["This scorecard was already submitted."]
        late = client.post(_url(assignment, "en"), _typed(assignment, version=2, save="1"))
    assert late.status_code == 409 and CLOSED_AT["en"] in late.content.decode()
    _shows_as_typed(late.content.decode(), assignment)
    assert dict(CriterionScore.objects.values_list("criterion_id", "value")) == {first.pk: 9, second.pk: 8}


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


def test_submitting_with_a_criterion_unscored_is_refused_as_input_400(client, assignment):
    """What the judge typed is refused (as any invalid input): 400, not the 409 of a scorecard taking no save."""
    second = _criteria(assignment)[1]
    client.force_login(assignment.judge)
    with time_machine.travel(BEFORE, tick=False):
        response = client.post(_url(assignment, "en"), _typed(assignment, submit="1", **{f"score_{second.pk}": ""}))
    assert response.status_code == 400
    assert "Score every criterion before submitting" in response.content.decode()
    assert 'name="submit"' in response.content.decode()  # still open: the judge scores it and submits again


def _badges(html) -> list[str]:
    return re.findall(r'<span class="badge[^"]*">([^<]*)</span>\s*</li>', html)


def test_after_closing_the_assignments_say_what_was_not_submitted(client, adapter, staff):
    panel = PanelFactory(
        judges_per_item=1, scoring_opens_at=CLOSES - datetime.timedelta(days=7), scoring_closes_at=CLOSES
    )
    (judge,) = judges(panel, 1)
    _untouched, drafted, submitted = (services.assign(actor=staff, item=item, judge=judge) for item in items(panel, 3))
    scores = {criterion.pk: (5, "") for criterion in panel.rubric.criteria.all()}
    with time_machine.travel(BEFORE, tick=False):
        services.save_scorecard(judge=judge, assignment=drafted, version=0, scores=scores)
        services.submit_scorecard(judge=judge, assignment=submitted, version=0, scores=scores)
    client.force_login(judge)
    with time_machine.travel(AFTER, tick=False):
        for language, (missed, draft, done, count) in {
            "zh-hans": ("未评分", "草稿，未提交", "已提交", "2 项未在评分截止前提交，不计入结果"),
            "en": (
                "Not scored",
                "Draft, not submitted",
                "Submitted",
                "2 not submitted before scoring closed: they do not count",
            ),
        }.items():
            with translation.override(language):
                html = client.get(reverse("judging:dashboard")).content.decode()
            assert _badges(html) == [missed, draft, done]  # in the items' order
            assert count in html
    with time_machine.travel(BEFORE, tick=False), translation.override("en"):
        html = client.get(reverse("judging:dashboard")).content.decode()
    assert _badges(html) == ["To do", "Draft", "Submitted"] and "not submitted before" not in html
