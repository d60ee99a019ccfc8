"""Entries: the deadline to the second in Asia/Shanghai, extensions, double submits, stale saves, withdraw."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from competition import services
from competition.forms import question_field
from competition.models import Entry, ResultsPublication, TrackField
from competition.vocabulary import EntryStatus
from tests.competition.factories import EntryFactory, TeamFactory, add_member, running_competition
from tests.factories import StaffFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: The submission deadline: 2026-11-20 18:00:00 in Shanghai, i.e. 10:00:00 UTC.
CLOSES = datetime(2026, 11, 20, 18, 0, 0, tzinfo=SHANGHAI)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_deadline():
    """The tests run a day before the deadline unless they travel elsewhere."""
    with time_machine.travel(CLOSES - timedelta(days=1), tick=False):
        yield


@pytest.fixture
def entry():
    competition = running_competition(submission_closes=CLOSES)
    return EntryFactory(team=TeamFactory(competition=competition))


def captain(entry):
    return entry.team.created_by


def test_the_deadline_is_stored_in_utc():
    competition = running_competition(submission_closes=CLOSES)
    assert competition.submission_deadline == datetime(2026, 11, 20, 10, 0, 0, tzinfo=ZoneInfo("UTC"))


def test_a_submit_one_second_before_the_deadline_is_accepted(entry):
    with time_machine.travel(CLOSES - timedelta(seconds=1), tick=False):
        submitted = services.submit_entry(actor=captain(entry), entry=entry, version=entry.version)
    assert submitted.status == EntryStatus.SUBMITTED


def test_a_submit_at_the_deadline_second_is_on_time(entry):
    with time_machine.travel(CLOSES, tick=False):
        assert services.submit_entry(actor=captain(entry), entry=entry, version=1).status == EntryStatus.SUBMITTED


def test_a_submit_one_second_after_the_deadline_is_refused_naming_it_in_shanghai(entry):
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False), pytest.raises(services.DeadlinePassed) as exc:
        services.submit_entry(actor=captain(entry), entry=entry, version=entry.version)
    assert "2026-11-20 18:00:00" in str(exc.value)
    assert "Asia/Shanghai" in str(exc.value)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT


def test_after_the_deadline_the_entry_is_read_only(entry, client):
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        with pytest.raises(services.DeadlinePassed):
            services.save_entry(actor=captain(entry), entry=entry, version=1, fields={"title": "迟到的修改"})
        with pytest.raises(services.DeadlinePassed):
            services.withdraw_entry(actor=captain(entry), entry=entry)
        client.force_login(captain(entry))
        response = client.get(reverse("competition:entry_edit", args=[entry.pk]))
        assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
        page = client.get(entry.get_absolute_url())
    assert "2026-11-20 18:00:00" in page.content.decode()
    assert reverse("competition:entry_withdraw", args=[entry.pk]) not in page.content.decode()


def test_the_deadline_follows_its_label_as_each_language_writes_it(entry, client):
    """截止时间：2026…, not 截止时间： 2026… (the full-width colon holds its own space); Deadline: 2026…."""
    client.force_login(captain(entry))
    for language, label in (("zh-hans", "截止时间：</strong><time"), ("en", "Deadline:</strong> <time")):
        with translation.override(language):
            for url in (entry.get_absolute_url(), reverse("competition:entry_edit", args=[entry.pk])):
                assert label in client.get(url).content.decode(), (language, url)


def test_the_form_sent_after_the_deadline_comes_back_as_typed_and_saves_nothing(entry, client):
    """A page left open past the deadline was sent: it redirected to the entry, "read-only now", and
    everything the team had typed was gone. It comes back as typed (409), with the deadline, that
    nothing was saved, and no button to save or submit it; a screened entry the same, with its status."""
    client.force_login(captain(entry))
    typed = {"version": 1, "title": entry.title, "summary": "截止前最后一刻写的摘要", "submit_entry": "1"}
    with translation.override("en"):
        url = reverse("competition:entry_edit", args=[entry.pk])
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        late = client.post(url, typed)
    page = late.content.decode()
    assert late.status_code == 409 and "截止前最后一刻写的摘要" in page
    assert "The deadline for this entry was 2026-11-20 18:00:00" in page
    assert "Nothing was saved. What you typed is kept below." in page
    assert 'name="submit_entry"' not in page and "data-autosave" not in page
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.ELIGIBLE)
    screened = client.post(url, typed).content.decode()
    assert "This entry is eligible and cannot be changed." in screened and "截止前最后一刻写的摘要" in screened
    entry.refresh_from_db()
    assert entry.summary != "截止前最后一刻写的摘要" and entry.version == 1


def test_an_extension_is_honoured_and_audited(entry):
    staff = StaffFactory()
    until = CLOSES + timedelta(days=2)
    with time_machine.travel(CLOSES - timedelta(hours=1), tick=False):
        services.extend_deadline(staff=staff, entry=entry, until=until, reason="上传故障，经核实")
    with time_machine.travel(CLOSES + timedelta(days=1), tick=False):
        entry.refresh_from_db()
        assert services.submit_entry(actor=captain(entry), entry=entry, version=entry.version).status == "submitted"
    log = ModelLogEntry.objects.get(action="competition.entry.extended")
    assert log.user == staff
    assert log.data["before"]["extended_until"] is None
    assert log.data["after"]["reason"] == "上传故障，经核实"
    assert log.data["note"] == "上传故障，经核实"


def test_an_extension_needs_staff_and_a_reason(entry):
    with pytest.raises(PermissionDenied):
        services.extend_deadline(staff=captain(entry), entry=entry, until=CLOSES + timedelta(days=1), reason="x")
    with pytest.raises(services.EntryError):
        services.extend_deadline(staff=StaffFactory(), entry=entry, until=CLOSES + timedelta(days=1), reason=" ")
    with pytest.raises(services.EntryError):
        services.extend_deadline(staff=StaffFactory(), entry=entry, until=CLOSES - timedelta(days=1), reason="早")


def test_a_double_submit_submits_once_and_mails_once(entry, django_capture_on_commit_callbacks):
    add_member(entry.team)
    with time_machine.travel(CLOSES - timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_entry(actor=captain(entry), entry=entry, version=1)
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_entry(actor=captain(entry), entry=entry, version=1)
    assert ModelLogEntry.objects.filter(action="competition.entry.submitted").count() == 1
    assert len(mail.outbox) == 2  # one message to each of the two members
    assert {m.to[0] for m in mail.outbox} == {m.user.email for m in entry.team.memberships.all()}


def test_a_double_create_makes_one_draft(client):
    team = TeamFactory(competition=running_competition())
    client.force_login(team.created_by)
    url = reverse("competition:entry_create", args=[team.pk])
    form = client.get(url).context["form"]
    token = form["creation_token"].value()
    data = {
        "track": team.competition.tracks.first().pk,
        "title": "脑控外骨骼",
        "creation_token": form.fields["creation_token"].prepare_value(token),
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Entry.objects.filter(team=team).count() == 1


def test_a_form_with_errors_is_a_400_with_the_input_kept(entry, client):
    """As every form of the portal: the page again, with why, answered 400 (not 200)."""
    client.force_login(captain(entry))
    url = reverse("competition:entry_create", args=[entry.team.pk])
    response = client.post(url, {"track": entry.track.pk, "title": ""})
    assert response.status_code == 400 and response.context["form"].errors["title"]
    assert client.get(url).status_code == 200
    edit = reverse("competition:entry_edit", args=[entry.pk])
    response = client.post(edit, {"version": 1, "title": "", "summary": "我写的摘要", "video_url": "not a link"})
    assert response.status_code == 400 and "我写的摘要" in response.content.decode()
    assert set(response.context["form"].errors) >= {"title", "video_url"}
    assert client.get(edit).status_code == 200


def test_a_stale_save_is_refused_and_the_input_kept(entry, client):
    services.save_entry(actor=captain(entry), entry=entry, version=1, fields={"title": "同伴先保存的标题"})
    client.force_login(captain(entry))
    response = client.post(
        reverse("competition:entry_edit", args=[entry.pk]),
        {"version": 1, "title": "我的新标题", "summary": "我写的摘要", "q_stage": "原型 / Prototype"},
    )
    assert response.status_code == 409
    assert "我写的摘要" in response.content.decode()
    entry.refresh_from_db()
    assert entry.title == "同伴先保存的标题"


def _edit_and_submit(entry, **changes) -> dict:
    """The edit form as the page sends it with "Submit the entry" (every required answer given)."""
    form = {"version": entry.version, "title": entry.title, "summary": entry.summary, "q_stage": "原型 / Prototype"}
    return {**form, "submit_entry": "1", **changes}


def test_submit_the_entry_saves_what_was_typed_since_the_last_save_first(entry, client):
    """ "Submit the entry" was a form of its own: what the member had typed since the last save (or
    autosave) was left behind, and the entry went in without it. It is the edit form's second button."""
    client.force_login(captain(entry))
    url = reverse("competition:entry_edit", args=[entry.pk])
    assert 'name="submit_entry"' in client.get(url).content.decode()
    response = client.post(url, _edit_and_submit(entry, summary="刚刚写完的摘要"))
    assert response.status_code == 302 and response.url == entry.get_absolute_url()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED and entry.summary == "刚刚写完的摘要"


def test_a_refused_submit_keeps_the_edit_it_saved(entry, client):
    client.force_login(captain(entry))
    with translation.override("en"):
        url = reverse("competition:entry_edit", args=[entry.pk])
        response = client.post(url, _edit_and_submit(entry, title="新标题", summary=""), follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert said == [
        "Complete the entry before submitting it. Missing: Summary.",
        ("Your changes are saved; the entry is not submitted yet."),
    ]
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT and entry.title == "新标题"


def test_a_double_click_on_save_or_submit_is_no_conflict(entry, client, django_capture_on_commit_callbacks):
    """The second of two identical posts found the version moved on by the first and answered 409
    "someone in your team saved this entry": the same edit again overwrites nothing."""
    client.force_login(captain(entry))
    url = reverse("competition:entry_edit", args=[entry.pk])
    save = {"version": 1, "title": "双击保存", "summary": entry.summary}
    assert [client.post(url, save).status_code for _ in range(2)] == [302, 302]
    entry.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post(url, _edit_and_submit(entry)) for _ in range(2)]
    assert [a.status_code for a in answers] == [302, 302] and {a.url for a in answers} == {entry.get_absolute_url()}
    assert ModelLogEntry.objects.filter(action="competition.entry.submitted").count() == 1
    assert len(mail.outbox) == 1
    stale_change = client.post(url, {**save, "title": "另一个标题"})
    assert stale_change.status_code == 409


def test_the_autosave_saves_with_the_version_and_refuses_a_stale_one(entry, client):
    client.force_login(captain(entry))
    url = reverse("competition:entry_autosave", args=[entry.pk])
    ok = client.post(url, {"version": 1, "title": "自动保存", "summary": "", "q_team_size": "5"})
    assert ok.json() == {"saved": True, "version": 2}
    stale = client.post(url, {"version": 1, "title": "旧页面", "summary": ""})
    assert stale.status_code == 409 and stale.json()["saved"] is False
    entry.refresh_from_db()
    assert (entry.title == "自动保存" and entry.answers["team_size"] == "5.0000") or entry.answers[
        "team_size"
    ].startswith("5")


def test_an_autosave_after_the_session_ended_says_so_in_json(entry, client):
    """Signed out in another tab, autosave was redirected to the sign-in page: the script could not read
    it and the page went on saying "Draft saved automatically" while nothing was saved."""
    url = reverse("competition:entry_autosave", args=[entry.pk])
    title = entry.title
    typed = {"version": 1, "title": "登出后写的标题", "summary": ""}
    response = client.post(url, typed, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401 and response.json()["saved"] is False
    assert "您已退出登录" in response.json()["error"]
    entry.refresh_from_db()
    assert entry.title == title and entry.version == 1


def test_the_entry_form_gives_its_autosave_a_translated_not_saved_message(entry, client):
    """A 413, a 500 or the network down: the script read no JSON, said nothing, and the last "Draft
    saved automatically" stayed on screen; the form carries what to say instead, in the page's language."""
    client.force_login(captain(entry))
    with translation.override("zh-hans"):
        page = client.get(reverse("competition:entry_edit", args=[entry.pk])).content.decode()
    assert 'data-unsaved-text="未能自动保存：请用下方的按钮保存本页。"' in page


def test_withdraw(entry, django_capture_on_commit_callbacks):
    with time_machine.travel(CLOSES - timedelta(days=1), tick=False):
        entry = services.submit_entry(actor=captain(entry), entry=entry, version=1)
        with django_capture_on_commit_callbacks(execute=True):
            withdrawn = services.withdraw_entry(actor=captain(entry), entry=entry)
    assert withdrawn.status == EntryStatus.WITHDRAWN
    assert ModelLogEntry.objects.filter(action="competition.entry.withdrawn").count() == 1
    with pytest.raises(services.EntryError):
        services.save_entry(actor=captain(entry), entry=withdrawn, version=withdrawn.version, fields={"title": "x"})


def test_the_withdraw_confirmation_does_not_promise_a_second_submission(entry, client):
    """Withdrawing asked "you can submit it again before the deadline", but a withdrawn entry is final
    (read-only, no submit button, refused by the service): the question says so, in both languages."""
    with time_machine.travel(CLOSES - timedelta(days=1), tick=False):
        services.submit_entry(actor=captain(entry), entry=entry, version=1)
        client.force_login(captain(entry))
        for language, final in (("zh-hans", "不能再次提交"), ("en", "cannot be submitted again")):
            with translation.override(language):
                html = client.get(entry.get_absolute_url()).content.decode()
            question = html.split('data-confirm="', 1)[1].split('"', 1)[0]
            assert final in question, question
        entry = services.withdraw_entry(actor=captain(entry), entry=entry)
        with pytest.raises(services.EntryError):
            services.submit_entry(actor=captain(entry), entry=entry, version=entry.version)


def test_another_user_cannot_touch_an_entry(entry):
    with pytest.raises(PermissionDenied):
        services.save_entry(actor=UserFactory(), entry=entry, version=1, fields={"title": "x"})


def test_submit_needs_the_required_answers(entry):
    entry.answers = {}
    entry.save()
    with time_machine.travel(CLOSES - timedelta(days=1), tick=False), pytest.raises(services.EntryError) as exc:
        services.submit_entry(actor=captain(entry), entry=entry, version=1)
    assert "研发阶段" in str(exc.value)


def test_the_missing_answers_are_listed_in_the_pages_language(entry):
    """An English page lists what is missing with English commas, not the Chinese 、."""
    entry.summary = ""
    entry.answers = {}
    entry.save()
    with translation.override("en"), pytest.raises(services.EntryError) as exc:
        services.submit_entry(actor=captain(entry), entry=entry, version=1)
    assert "Missing: Summary, " in str(exc.value)
    assert "、" not in str(exc.value)


def test_the_missing_summary_is_named_as_the_chinese_form_labels_it(entry, client):
    """The Chinese form's field is 概览; the list of what is missing and the refusal said 摘要, a field
    the team could not find on the page."""
    entry.summary = ""
    entry.save()
    client.force_login(captain(entry))
    with translation.override("zh-hans"):
        page = client.get(reverse("competition:entry_edit", args=[entry.pk])).content.decode()
        with pytest.raises(services.EntryError) as exc:
            services.submit_entry(actor=captain(entry), entry=entry, version=1)
    assert "<li>概览</li>" in page and "摘要" not in page
    assert "概览" in str(exc.value) and "摘要" not in str(exc.value)


def test_the_entry_form_lists_what_is_missing_as_its_fields_are_labelled(entry, client):
    """'Still missing' names the fields as the form labels them ("Summary"), not in lower case."""
    entry.summary = ""
    entry.save()
    client.force_login(captain(entry))
    with translation.override("en"):
        page = client.get(reverse("competition:entry_edit", args=[entry.pk])).content.decode()
    assert "<li>Summary</li>" in page and "<li>summary</li>" not in page


def test_a_questions_help_written_in_the_admin_is_escaped_in_the_entry_form():
    """Django prints a help text as HTML: a track question's help comes from the database, so it is escaped."""
    question = TrackField(key="q", label_zh="问题", help_zh='<img src=x onerror="alert(1)">说明', help_en="")
    with translation.override("en"):
        help_text = question_field(question).help_text
    assert help_text == '<span lang="zh-Hans">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;说明</span>'


def test_a_submitted_entry_cannot_be_emptied_of_what_submitting_required(entry, client):
    """Submitting refuses an entry without its summary or a required answer; saving it afterwards does too."""
    entry = services.submit_entry(actor=captain(entry), entry=entry, version=entry.version)
    with pytest.raises(services.EntryError):
        services.save_entry(
            actor=captain(entry), entry=entry, version=entry.version, fields={"summary": ""}, answers={"stage": ""}
        )
    client.force_login(captain(entry))
    url = reverse("competition:entry_autosave", args=[entry.pk])
    refused = client.post(url, {"version": entry.version, "title": entry.title, "summary": ""})
    assert refused.status_code == 409 and refused.json()["saved"] is False
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED and entry.summary and not services.missing_for_submit(entry)


def test_a_video_link_longer_than_the_column_is_refused_on_the_form(entry, client):
    client.force_login(captain(entry))
    data = {"version": entry.version, "title": entry.title, "summary": entry.summary}
    data["video_url"] = "https://video.example.cn/watch?v=" + "a" * 250
    autosave = client.post(reverse("competition:entry_autosave", args=[entry.pk]), data)
    assert autosave.status_code == 400 and "video_url" in autosave.json()["errors"]
    form = client.post(reverse("competition:entry_edit", args=[entry.pk]), data)
    assert form.status_code in (200, 400) and form.context["form"].errors["video_url"]


def test_after_a_saved_elsewhere_refusal_the_kept_input_saves_from_the_same_page(entry, client):
    """The page refused as stale keeps the member's input on the newer version: saving it again replaces that."""
    client.force_login(captain(entry))
    url = reverse("competition:entry_edit", args=[entry.pk])
    services.save_entry(actor=captain(entry), entry=entry, version=1, fields={"title": "队友的标题"})
    mine = {"version": 1, "title": "我的标题", "summary": entry.summary, "q_stage": "原型 / Prototype"}
    refused = client.post(url, mine)
    assert refused.status_code == 409
    kept = refused.context["form"]
    assert kept["title"].value() == "我的标题" and str(kept["version"].value()) == "2"
    assert client.post(url, {**mine, "version": kept["version"].value()}).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "我的标题"


def _next_step(client, entry, language="en") -> str:
    client.force_login(captain(entry))
    with translation.override(language):
        html = client.get(entry.get_absolute_url()).content.decode()
    return html.split('role="note">', 1)[1].split("</div>", 1)[0]


def test_the_entry_page_says_what_its_status_means_and_what_comes_next(entry, client):
    # The page showed a badge ("Draft", "Eligible") and nothing else: a captain could not tell that a
    # draft is never judged, nor what follows eligibility, nor where the results are.
    assert "Not submitted yet. The judges see the entry only once your team submits it" in _next_step(client, entry)
    with time_machine.travel(CLOSES + timedelta(seconds=1), tick=False):
        assert "not submitted before the deadline: it is not judged." in _next_step(client, entry)
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.SUBMITTED)
    assert "may still change or withdraw it until the deadline" in _next_step(client, entry)
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.ELIGIBLE)
    note = _next_step(client, entry, "zh-hans")
    assert "联盟已确认该作品符合参赛资格，现由评委评审。" in note and "成绩将在大赛成绩页面公布。" in note
    assert "/results/" not in note
    ResultsPublication.objects.create(competition=entry.competition)
    with translation.override("en"):
        results = reverse("competition:results", kwargs={"slug": entry.competition.slug})
    assert f'<a href="{results}">See the competition\'s results</a>' in _next_step(client, entry)


def test_a_withdrawn_entry_counts_down_to_nothing(entry, client):
    """A withdrawn entry is final, yet its page kept a deadline ticking down ("4 d 23:59:36"), as if
    the team still had something to do before it; the page says it is withdrawn, without the countdown."""
    services.submit_entry(actor=captain(entry), entry=entry, version=1)
    client.force_login(captain(entry))
    assert "data-countdown" in client.get(entry.get_absolute_url()).content.decode()
    services.withdraw_entry(actor=captain(entry), entry=entry)
    with translation.override("en"):
        page = client.get(entry.get_absolute_url()).content.decode()
    assert "data-countdown" not in page and "withdrew the entry" in page


def test_a_count_question_takes_whole_numbers_only(entry, client):
    """A team size of 2.5 was saved: every number question took four decimals. A question that counts
    (kind "whole number") refuses a fraction, or less than 0, with a translated error; other number
    questions still take decimals."""
    TrackField.objects.create(track=entry.track, key="budget", label_zh="预算（万元）", kind="number", sort_order=9)
    client.force_login(captain(entry))
    url = reverse("competition:entry_edit", args=[entry.pk])
    form = {"version": 1, "title": entry.title, "summary": entry.summary, "q_stage": "原型 / Prototype"}
    response = client.post(url, {**form, "q_team_size": "2.5", "q_budget": "12.5"})
    assert response.status_code == 400
    assert response.context["form"].errors["q_team_size"] == ["请输入整数，不带小数。"]
    assert "q_budget" not in response.context["form"].errors
    with translation.override("en"):
        response = client.post(reverse("competition:entry_edit", args=[entry.pk]), {**form, "q_team_size": "-1"})
        assert response.context["form"].errors["q_team_size"] == ["Enter 0 or more."]
    assert client.post(url, {**form, "q_team_size": "4", "q_budget": "12.5"}).status_code == 302
    entry.refresh_from_db()
    assert entry.answers["team_size"] == "4" and entry.answers["budget"] == "12.5"
