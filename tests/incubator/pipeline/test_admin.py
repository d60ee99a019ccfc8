"""The pipeline's admin pages: the board (its query count), a card's page and forms, the export, the dashboard panel."""

from __future__ import annotations

import datetime
import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from incubator.models import PipelineCard, PipelineTask
from incubator.pipeline import services
from incubator.pipeline.forms import ScreeningForm
from incubator.vocabulary import PipelineSource, PipelineStage
from portal.organisations.models import OrganisationKind
from portal.roles import ensure_role_groups
from tests.factories import OrganisationFactory
from tests.matrix import creation_token


@pytest.fixture(autouse=True)
def _roles(db):
    ensure_role_groups()


_numbers = itertools.count(1)


def _cards(pm, count, *, stage=PipelineStage.SCREENING):
    made = []
    for _ in range(count):
        n = next(_numbers)
        startup = OrganisationFactory(kind=OrganisationKind.STARTUP, name_zh=f"批量初创{n}")
        card = services.discover(actor=pm, startup=startup, source=PipelineSource.SEARCH, project_manager=pm)
        if stage != PipelineStage.DISCOVERED:
            services.move(actor=pm, card=card, to_stage=stage, version=1)
        services.add_task(
            actor=pm, card=card, title=f"逾期任务{n}", due_on=timezone.localdate() - datetime.timedelta(days=1)
        )
        made.append(card)
    return made


def _board_queries(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("incubator_pipeline:board"))
    assert response.status_code == 200
    return response


def test_the_board_costs_the_same_queries_for_3_cards_or_30(client, pm, django_assert_max_num_queries):
    client.force_login(pm)
    _cards(pm, 3)
    client.get(reverse("incubator_pipeline:board"))  # warm the admin's per-process caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("incubator_pipeline:board"))
    _cards(pm, 27)
    response = _board_queries(client, django_assert_max_num_queries, len(few))
    assert response.content.decode().count('class="pipeline-card"') == 30


def test_the_board_shows_each_card_with_its_manager_days_and_tasks_and_filters_mine(client, pm, pm2, startup):
    card = services.discover(actor=pm, startup=startup, source=PipelineSource.REFERRAL, project_manager=pm2)
    PipelineCard.objects.filter(pk=card.pk).update(stage_changed_at=timezone.now() - datetime.timedelta(days=12))
    services.add_task(actor=pm, card=card, title="逾期", due_on=timezone.localdate() - datetime.timedelta(days=2))
    services.add_task(actor=pm, card=card, title="未到期")
    client.force_login(pm)
    page = client.get(reverse("incubator_pipeline:board")).content.decode()
    assert "脑语科技" in page and str(pm2) in page
    assert "<dd>12</dd>" in page  # days in stage
    assert "<dd>2 ·" in page  # two open tasks, one overdue
    mine = client.get(reverse("incubator_pipeline:board") + "?mine=1").content.decode()
    assert "脑语科技" not in mine
    client.force_login(pm2)
    assert "脑语科技" in client.get(reverse("incubator_pipeline:board") + "?mine=1").content.decode()


def test_the_boards_columns_count_their_cards_in_chinese_brackets(client, pm, startup):
    """A column's heading read "发现 (1)", half-width brackets in the Chinese admin."""
    services.discover(actor=pm, startup=startup, source=PipelineSource.REFERRAL)
    client.force_login(pm)
    page = client.get(reverse("incubator_pipeline:board")).content.decode()
    assert '<h2 id="stage-discovered">发现（1）</h2>' in page and '<h2 id="stage-screening">甄别（0）</h2>' in page


def test_the_card_page_offers_only_the_allowed_moves_and_refuses_a_stale_one(client, card, pm):
    client.force_login(pm)
    url = reverse("incubator_pipeline:card", args=[card.pk])
    page = client.get(url).content.decode()
    assert 'value="screening"' in page and 'value="dropped"' in page and 'value="graduated"' not in page
    moved = client.post(reverse("incubator_pipeline:move", args=[card.pk]), {"to_stage": "screening", "version": 1})
    assert moved.status_code == 302
    stale = client.post(reverse("incubator_pipeline:move", args=[card.pk]), {"to_stage": "dropped", "version": 1})
    assert stale.status_code == 400
    assert list(stale.context["move_form"].errors) == ["to_stage"]  # the message beside the stage, nothing lost
    card.refresh_from_db()
    assert card.stage == "screening"


def test_a_second_click_on_move_is_told_the_stage_the_startup_is_in_now(client, card, pm):
    """The same move sent twice (a double click, or two tabs): the second read "选择一个有效的选项。 screening
    不在可用的选项中。", the stage's code and no word of what happened, since screening is no move from screening."""
    client.force_login(pm)
    move = reverse("incubator_pipeline:move", args=[card.pk])
    assert client.post(move, {"to_stage": "screening", "version": 1}).status_code == 302
    again = client.post(move, {"to_stage": "screening", "version": 1})
    assert again.status_code == 400
    assert again.context["move_form"].errors["to_stage"] == [
        "在您查看期间，有人已更改该初创企业的阶段（现为“甄别”）。本次未做任何更改：请确认新阶段，如仍需移动请重新操作。"
    ]
    # A stage the startup cannot move to from where it is, on the page's version: the service says so.
    graduated = client.post(move, {"to_stage": "graduated", "version": 2})
    assert graduated.context["move_form"].errors["to_stage"] == ["处于“甄别”阶段的初创企业不能移至“已毕业”。"]
    card.refresh_from_db()
    assert (card.stage, card.version) == ("screening", 2)


def test_dropping_a_startup_takes_a_reason_and_a_confirmation_and_the_history_keeps_the_reason(client, card, pm):
    """Dropped was one click away, with no reason and no question asked."""
    client.force_login(pm)
    move = reverse("incubator_pipeline:move", args=[card.pk])
    bare = client.post(move, {"to_stage": "dropped", "version": 1, "note": "  "})
    assert bare.status_code == 400
    assert bare.context["move_form"].errors["note"] == ["请说明终止该初创企业的原因：阶段历史会保留该原因。"]
    assert bare.context["move_form"]["to_stage"].value() == "dropped"  # what was chosen stays chosen
    reason = {"to_stage": "dropped", "version": 1, "note": "方向与联盟重点不符"}
    asked = client.post(move, reason)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "方向与联盟重点不符" in page and 'name="confirmed" value="True"' in page and f'action="{move}"' in page
    card.refresh_from_db()
    assert (card.stage, card.version) == ("discovered", 1)  # nothing happens before the confirmation
    confirmed = client.post(move, {**reason, "confirmed": "True"})
    assert confirmed.status_code == 302
    card.refresh_from_db()
    assert card.stage == "dropped" and card.history.get(to_stage="dropped").note == "方向与联盟重点不符"
    log = ModelLogEntry.objects.for_instance(card).filter(action="incubator.pipeline.moved").get()
    assert log.data["note"] == "方向与联盟重点不符"
    page = client.get(reverse("incubator_pipeline:card", args=[card.pk])).content.decode()
    assert page.count("方向与联盟重点不符") == 2  # in the stage history and in the log
    # Any other move goes at once, a reason or none.
    assert client.post(move, {"to_stage": "discovered", "version": 2}).status_code == 302


def test_the_card_page_names_its_notes_and_kinds_of_support_in_chinese(client, card, pm):
    """The note's field said 注意 ("watch out", allauth's word), the notes 说明, and the kind of support
    机构类型 (an organisation's kind)."""
    client.force_login(pm)
    assert client.post(reverse("incubator_pipeline:note", args=[card.pk]), {"text": "技术团队扎实"}).status_code == 302
    page = client.get(reverse("incubator_pipeline:card", args=[card.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.wsgi_request.LANGUAGE_CODE == "zh-hans"
    assert '<h2 id="card-notes">备注</h2>' in html and ">备注<" in html.split('id="card-notes"', 1)[1]
    assert "支持类型" in html
    assert "注意" not in html and "机构类型" not in html


def test_the_card_forms_add_a_note_a_task_and_support(client, card, pm, pm2, platform):
    client.force_login(pm)
    assert client.post(reverse("incubator_pipeline:note", args=[card.pk]), {"text": "技术团队扎实"}).status_code == 302
    task = client.post(
        reverse("incubator_pipeline:task", args=[card.pk]),
        {"title": "安排实地考察", "due_on": "2026-12-20", "assignee": pm2.pk},
    )
    assert task.status_code == 302
    support = client.post(
        reverse("incubator_pipeline:support", args=[card.pk]),
        {
            "kind": "platform_booking",
            "description_zh": "GMP 流片",
            "on": "2026-11-02",
            "platform": platform.pk,
            "amount_cny": "120000",
        },
    )
    assert support.status_code == 302
    page = client.get(reverse("incubator_pipeline:card", args=[card.pk])).content.decode()
    assert "技术团队扎实" in page and "安排实地考察" in page and "GMP 流片" in page
    assert "<td>12万元</td>" in page  # the amount as every page writes it (incubator.money), not 120000
    assert '<th scope="col">金额</th>' in page  # headed 金额（元） above 12万元; the form's input keeps its unit
    done = client.post(reverse("incubator_pipeline:task_done", args=[PipelineTask.objects.get().pk]))
    assert done.status_code == 302
    assert PipelineTask.objects.get().done_at is not None


def test_discover_form(client, pm, startup):
    client.force_login(pm)
    response = client.post(
        reverse("incubator_pipeline:discover"), {"startup": startup.pk, "source": "referral", "note": "路演认识"}
    )
    card = PipelineCard.objects.get()
    assert response["Location"] == reverse("incubator_pipeline:card", args=[card.pk])
    assert card.source_note == "路演认识"


def test_the_export_is_staffs_and_keeps_formulas_inert(client, pm, staff_user, startup):
    card = services.discover(actor=pm, startup=startup, source=PipelineSource.SEARCH, note='=HYPERLINK("http://x","y")')
    services.add_note(actor=pm, card=card, text="+cmd|' /C calc'!A0")
    client.force_login(pm)
    refused = client.get(reverse("incubator_pipeline:export"))
    assert refused.status_code in (302, 403) and "Content-Disposition" not in refused
    client.force_login(staff_user)
    response = client.get(reverse("incubator_pipeline:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = list(sheet[2])
    note = row[6]
    assert note.value == '=HYPERLINK("http://x","y")' and note.data_type == "s"
    assert row[1].value == "脑语科技"
    assert len(header) == 11
    assert [ws.title for ws in workbook.worksheets][:1] and workbook.worksheets[1].max_row == 2  # one stage change


def test_a_project_manager_is_refused_the_export_and_other_areas_in_written_chinese(client, pm):
    """The admin's refusal (Wagtail's) read "对不起， 你没有权限访问。": a space after the full-width comma."""
    client.force_login(pm)
    for url in (reverse("incubator_pipeline:export"), reverse("wagtailusers_users:index")):
        response = client.get(url, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
        assert [str(message).strip() for message in response.context["messages"]] == ["抱歉，您没有权限访问此区域。"]


def test_the_dashboard_panel_counts_cards_per_stage(client, pm, member):
    _cards(pm, 2)
    _cards(pm, 1, stage=PipelineStage.DISCOVERED)
    client.force_login(pm)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="pipeline-stage-data"' in page
    assert "portal/charts.js" in page and 'data-chart="count-bar"' in page and "echarts.min.js" in page
    assert '"values": [1, 2, 0, 0, 0, 0]' in page


def test_a_project_manager_opens_a_screening_panel_and_runs_it(client, pm, pm2):
    from incubator.pipeline import judging

    _cards(pm, 2)
    rubric, _created = judging.ensure_screening_rubric()
    client.force_login(pm)
    board = client.get(reverse("incubator_pipeline:board")).content.decode()
    assert reverse("incubator_pipeline:screening") in board
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = {
        "title_zh": "2026 冬季甄别",
        "rubric": rubric.pk,
        "judges": [pm.pk, pm2.pk],
        "judges_per_item": 2,
        "opens_at": now.strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now + datetime.timedelta(days=14)).strftime("%Y-%m-%d %H:%M"),
    } | creation_token(ScreeningForm)
    # Sent twice (a double click): one panel, and the second answer tells the same (it opened two).
    opened, again = (client.post(reverse("incubator_pipeline:screening"), form, follow=True) for _ in range(2))
    assert opened.redirect_chain[0][1] == again.redirect_chain[0][1] == 302, opened.content.decode()[:2000]
    panel = judging.screening_panels().get()
    said = [str(m) for m in again.context["messages"]]
    assert said == ["甄别评审组已开启：2 位项目经理，4 项评分分配。"], said
    opened = opened.redirect_chain[0]
    assert opened[0] == reverse("judging_admin:panel", args=[panel.pk])
    assert client.get(reverse("judging_admin:assign_automatically", args=[panel.pk])).status_code == 200
