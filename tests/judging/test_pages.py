"""The judge's pages: own assignments only (others 404), no other judge's scores before the
panel closes, save/submit through the page (stale input kept, double submit safe), recusal."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import translation

from portal.judging import services
from portal.judging.models import Assignment, Scorecard
from portal.organisations.models import Organisation
from portal.personal_data import personal_data
from tests.judging.factories import PanelFactory, items, judges, rubric_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(adapter, staff):
    panel = PanelFactory(judges_per_item=2, rubric=rubric_with(2, 1))
    judges(panel, 2)
    items(panel, 3)
    services.assign_automatically(panel, actor=staff)
    return panel


def _form(assignment, version=0, **extra):
    data = {"version": version, "recommendation": "recommend", "comment": "整体不错"}
    for n, criterion in enumerate(assignment.item.panel.rubric.criteria.all()):
        data[f"score_{criterion.pk}"] = str(6 + n)
        data[f"comment_{criterion.pk}"] = ""
    return data | extra


def test_dashboard_lists_every_panel_with_the_zone_named(client, panel, staff):
    judge = panel.judges.first().user
    other = PanelFactory(title_en="Typical cases 2026", judges_per_item=1)
    other.judges.create(user=judge)
    services.assign(actor=staff, item=items(other, 1)[0], judge=judge)
    client.force_login(judge)
    response = client.get(reverse("judging:dashboard"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Asia/Shanghai" in content and panel.title_zh in content and other.title_zh in content
    assert content.count('href="/zh-hans/judging/assignments/') == Assignment.objects.filter(judge=judge).count()


def test_the_judges_introduction_names_what_every_app_has_judged(client, panel):
    """It was one sentence naming three apps: it left out the incubator's screening, and the engine
    named its users. Each app's adapter says what it has judged (``judged_as``), in the order the apps
    load (these tests' own adapter, for organisations, comes last)."""
    client.force_login(panel.judges.first().user)
    introduction = {
        "zh-hans": "您在各评审组中需要评审的内容：推荐目录申报、典型案例、大赛作品、甄别中的初创企业、",
        "en": "What you are asked to judge, in every panel: catalogue applications, typical cases, competition "
        "entries, startups in screening",
    }
    for language, sentence in introduction.items():
        with translation.override(language):
            assert sentence in client.get(reverse("judging:dashboard")).content.decode()
            assert sentence in client.get(reverse("portal:dashboard")).content.decode()


def _dashboard_row(response, assignment) -> tuple[str, str]:
    """The label and state badge of ``assignment``'s row, found by its scorecard link."""
    link = reverse("judging:scorecard", args=[assignment.pk])
    pattern = rf'<a href="{link}">([^<]*)</a>\s*<span class="badge[^"]*">([^<]*)</span>'
    return re.search(pattern, response.content.decode()).groups()


def test_dashboard_rows_say_each_assignments_state_label_and_link_in_both_languages(client, adapter, staff):
    """Read as values (bench/README.md, Judging): a row is still its subject's label (blind or not, an item
    whose subject is gone named as ``Item`` names itself), its scorecard's link and state; a panel its
    title in the page's language and its count of submitted scorecards."""
    shown = PanelFactory(judges_per_item=1, title_zh="公开评审", title_en="Open panel")
    blind = PanelFactory(judges_per_item=1, blind=True, title_zh="盲评", title_en="Blind panel")
    (judge,) = judges(shown, 1)
    blind.judges.create(user=judge)
    todo, unsaved, draft, submitted, gone = items(shown, 5)
    (hidden,) = items(blind, 1)
    for item in (todo, unsaved, draft, submitted, gone, hidden):
        services.assign(actor=staff, item=item, judge=judge)
    mine = {a.item_id: a for a in Assignment.objects.filter(judge=judge)}
    Scorecard.objects.create(assignment=mine[unsaved.pk], status="draft", version=0)  # never saved: still to do
    Scorecard.objects.create(assignment=mine[draft.pk], status="draft", version=2)
    Scorecard.objects.create(assignment=mine[submitted.pk], status="submitted", version=1)
    named = dict(Organisation.objects.values_list("pk", "name_zh"))  # no English names: Chinese in both
    Organisation.objects.filter(pk=gone.subject_id).delete()
    client.force_login(judge)
    for language, texts in {
        "zh-hans": ("公开评审", "盲评", "待评", "草稿", "已提交"),
        "en": ("Open panel", "Blind panel", "To do", "Draft", "Submitted"),
    }.items():
        with translation.override(language):
            response = client.get(reverse("judging:dashboard"))
            rows = {a.pk: _dashboard_row(response, a) for a in mine.values()}
        title, blind_title, to_do, draft_text, submitted_text = texts
        content = response.content.decode()
        assert content.index(title) < content.index(blind_title)  # closing soonest first
        assert rows[mine[todo.pk].pk] == (named[todo.subject_id], to_do)
        assert rows[mine[unsaved.pk].pk] == (named[unsaved.subject_id], to_do)
        assert rows[mine[draft.pk].pk] == (named[draft.subject_id], draft_text)
        assert rows[mine[submitted.pk].pk] == (named[submitted.subject_id], submitted_text)
        gone_name = {"zh-hans": "机构", "en": "organisation"}[language]  # the model's name, in the page's language
        assert rows[mine[gone.pk].pk] == (f"{gone_name} #{gone.subject_id}", to_do)
        assert rows[mine[hidden.pk].pk] == (f"Subject {hidden.subject_id}", to_do)
        assert response.context["panels"][0].submitted == 1 and response.context["panels"][0].total == 5


def test_a_judge_reaches_only_own_active_assignments(client, panel, user):
    mine = Assignment.objects.filter(item__panel=panel).first()
    theirs = Assignment.objects.filter(item__panel=panel).exclude(judge=mine.judge).first()
    client.force_login(mine.judge)
    assert client.get(reverse("judging:scorecard", args=[mine.pk])).status_code == 200
    assert client.get(reverse("judging:scorecard", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("judging:scorecard", args=[theirs.pk]), _form(theirs)).status_code == 404
    assert client.get(reverse("judging:recuse", args=[theirs.pk])).status_code == 404
    client.force_login(user)
    assert client.get(reverse("judging:scorecard", args=[mine.pk])).status_code == 404


def test_save_submit_and_double_submit_through_the_page(client, panel):
    assignment = Assignment.objects.filter(item__panel=panel).first()
    url = reverse("judging:scorecard", args=[assignment.pk])
    client.force_login(assignment.judge)
    assert client.post(url, _form(assignment, save="1")).status_code == 302
    stale = client.post(url, _form(assignment, version=0, save="1", comment="另一台设备"))
    assert stale.status_code == 409
    assert "另一台设备" in stale.content.decode()  # the judge's input is kept
    assert client.post(url, _form(assignment, version=1, submit="1")).status_code == 302
    again = client.post(url, _form(assignment, version=1, submit="1"), follow=True)
    assert again.status_code == 200
    assert Scorecard.objects.get(assignment=assignment).is_submitted


def test_a_score_out_of_range_is_announced_above_the_scorecard(client, panel):
    # The field in error is a screen below the top on a phone: the form says so where it starts.
    assignment = Assignment.objects.filter(item__panel=panel).first()
    criterion = assignment.item.panel.rubric.criteria.first()
    client.force_login(assignment.judge)
    with translation.override("zh-hans"):
        url = reverse("judging:scorecard", args=[assignment.pk])
    response = client.post(url, _form(assignment, submit="1", **{f"score_{criterion.pk}": "11"}))
    assert response.status_code == 400  # as every member form answers invalid input
    html = response.content.decode()
    summary = html.split('class="form-errors" role="alert">', 1)[1]
    assert summary.index("请修正以下错误") < summary.index(f'name="score_{criterion.pk}"')
    assert not Scorecard.objects.filter(assignment=assignment, submitted_at__isnull=False).exists()


def test_a_saved_scorecard_is_confirmed_as_a_success(client, panel):
    # Green like every other save on the site, not the blue of a mere notice.
    assignment = Assignment.objects.filter(item__panel=panel).first()
    client.force_login(assignment.judge)
    url = reverse("judging:scorecard", args=[assignment.pk])
    response = client.post(url, _form(assignment, save="1"), follow=True)
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [("success", "草稿已保存。")]


def test_the_scorecard_names_its_subject_in_one_heading(client, panel):
    assignment = Assignment.objects.filter(item__panel=panel).first()
    client.force_login(assignment.judge)
    response = client.get(reverse("judging:scorecard", args=[assignment.pk]))
    body = response.content.decode().split("<main", 1)[1]
    assert body.count("<h1") == 1 and body.count(response.context["label"]) == 1


def test_the_scorecard_leads_back_to_the_assignments_without_a_stray_rule(client, panel):
    # .back-link is the closing paragraph's style (a rule above, a wide margin): on the header's
    # link it drew a line over "My assignments".
    assignment = Assignment.objects.filter(item__panel=panel).first()
    client.force_login(assignment.judge)
    html = client.get(reverse("judging:scorecard", args=[assignment.pk])).content.decode()
    assert f'<p><a href="{reverse("judging:dashboard")}"><span aria-hidden="true">← </span>' in html
    assert 'class="back-link"' not in html


def test_no_other_judges_scores_before_the_panel_closes(client, panel):
    item = panel.items.first()
    first, second = Assignment.objects.filter(item=item)
    services.submit_scorecard(judge=second.judge, assignment=second, version=0, scores=_scores(second, 9))
    client.force_login(first.judge)
    url = reverse("judging:scorecard", args=[first.pk]).replace("/zh-hans/", "/en/")
    assert "Other judges" not in client.get(url).content.decode()
    with time_machine.travel(panel.scoring_closes_at + datetime.timedelta(seconds=1), tick=False):
        closed = client.get(url).content.decode()
    assert "Other judges" in closed and "9.00" in closed
    # Each score named by its criterion ("—: 9.00 · 9.00" said which was which to nobody).
    for criterion in panel.rubric.criteria.all():
        assert f"{criterion.name_en} 9.00" in closed


def _scores(assignment, value):
    return {c.pk: (value, "") for c in assignment.item.panel.rubric.criteria.all()}


def test_recusal_through_the_page(client, panel):
    assignment = Assignment.objects.filter(item__panel=panel).first()
    client.force_login(assignment.judge)
    url = reverse("judging:recuse", args=[assignment.pk])
    assert client.post(url, {"reason": ""}).status_code == 400  # as every member form answers invalid input
    assert client.post(url, {"reason": "与该团队负责人是同门"}).status_code == 302
    assert client.get(reverse("judging:scorecard", args=[assignment.pk])).status_code == 404


def test_profile_expertise_and_conflicts(client, panel, organisation):
    judge = panel.judges.first().user
    client.force_login(judge)
    assert (
        client.post(reverse("judging:profile"), {"expertise": "EEG， Stroke,eeg", "public_bio": ""}).status_code == 302
    )
    assert judge.judge_profile.expertise == ["eeg", "stroke"]
    response = client.post(reverse("judging:declare_conflict"), {"organisation": organisation.pk, "note": "前雇主"})
    assert response.status_code == 302
    assert judge.conflict_declarations.get().organisation == organisation


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_expertise_page_says_expertise_once_for_its_form(client, panel, language):
    """The form's heading and its first field's label both said "Expertise"."""
    client.force_login(panel.judges.first().user)
    with translation.override(language):
        url = reverse("judging:profile")
        page = client.get(url).content.decode()
    form = page[page.index(f'action="{url}"') :]
    form = form[: form.index("</form>")]
    texts = [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<(?:h2|label)[^>]*>(.*?)</", form, re.S)]
    assert len(texts) == len(set(texts)), texts


def test_a_declared_ties_note_follows_a_colon_of_the_pages_language(client, panel, organisation):
    # The Chinese list read "<organisation>: 前雇主" with an English colon and space.
    judge = panel.judges.first().user
    services.declare_conflict(actor=judge, judge=judge, organisation=organisation, note="前雇主")
    client.force_login(judge)
    for language, colon in (("zh-hans", "："), ("en", ": ")):
        with translation.override(language):
            page = client.get(reverse("judging:profile")).content.decode()
            assert f"{organisation.name}{colon}前雇主" in page


def test_a_refused_declaration_keeps_the_judges_saved_expertise_in_its_form(client, panel):
    # The page shown again with the declaration's error showed the expertise form empty: saving it
    # then would have erased what the judge had declared.
    judge = panel.judges.first().user
    services.update_judge_profile(user=judge, expertise=["EEG", "卒中康复"], public_bio="神经内科教授。")
    client.force_login(judge)
    response = client.post(reverse("judging:declare_conflict"), {"organisation": "", "note": "前雇主"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form["expertise"].value() == "eeg, 卒中康复"
    assert form["public_bio"].value() == "神经内科教授。"
    assert response.context["conflict_form"]["note"].value() == "前雇主"


def test_a_judges_records_are_in_their_personal_data(panel):
    judge = panel.judges.first().user
    services.update_judge_profile(user=judge, expertise=["EEG"], public_bio="")
    data = personal_data(user=judge)
    assert data["judge_profile"] == [{"expertise": ["eeg"], "public_bio": "", "your_part": ["user"]}]
    assert len(data["judging_assignments"]) == Assignment.objects.filter(judge=judge).count() > 0


def test_the_organisations_to_declare_a_tie_with_are_in_the_pages_alphabetical_order(client, panel):
    # The menu lists every organisation of the portal; in English it followed the Chinese names.
    # In Chinese it is the pinyin order (PostgreSQL): 甲 (jiǎ) before 乙 (yǐ), which code points reverse.
    made = [
        Organisation.objects.create(name_zh=name_zh, name_en=name_en, slug=slug)
        for name_zh, name_en, slug in (("乙大学", "Zeta University", "tie-a"), ("甲医院", "alpha Hospital", "tie-b"))
    ]
    pinyin = connection.vendor == "postgresql"  # SQLite (the embedded demo) has no pinyin collation
    client.force_login(panel.judges.first().user)
    for language, expected in (
        ("en", ["tie-b", "tie-a"]),
        ("zh-hans", ["tie-b", "tie-a"] if pinyin else ["tie-a", "tie-b"]),
    ):
        with translation.override(language):
            html = client.get(reverse("judging:profile")).text
        menu = html.split('name="organisation"', 1)[1].split("</select>", 1)[0]
        shown = [int(pk) for pk in re.findall(r'<option value="(\d+)"', menu)]
        slugs = {o.pk: o.slug for o in made}
        assert [slugs[pk] for pk in shown if pk in slugs] == expected, language
