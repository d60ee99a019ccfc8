"""Staff's spreadsheet of the pipeline: the cards, the stage history, the tasks, the support records.

Startups, project managers and staff write the text that lands in these cells; every text cell is
typed as a string by the project's XLSX writer (``competition.exports.add_sheet``), so
``=HYPERLINK(…)`` is shown, never evaluated; numbers stay numbers.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from competition.exports import XLSX, add_sheet, to_bytes
from incubator.models import PipelineTask, StageChange, SupportRecord
from incubator.pipeline import queries
from portal.db import by_name

__all__ = ["XLSX", "pipeline_xlsx"]


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _person(user) -> str:
    return str(user) if user is not None else ""


def card_rows():
    now = timezone.now()
    for card in queries.cards().order_by("stage", by_name("startup__name_zh"), "pk"):
        yield [
            card.pk,
            card.startup.name_zh,
            card.startup.name_en,
            card.get_stage_display(),
            max(0, (now - card.stage_changed_at).days),
            card.get_source_display(),
            card.source_note,
            _person(card.project_manager),
            card.open_tasks,
            card.overdue_tasks,
            _date(card.created_at),
        ]


def _card_records(records, cells):
    """A sheet of the cards' records: each row the card, its startup, then ``cells(record)``."""
    for record in records:
        yield [record.card_id, record.card.startup.name_zh, *cells(record)]


def _change_cells(change) -> list:
    return [
        change.get_from_stage_display() if change.from_stage else "",
        change.get_to_stage_display(),
        _date(change.at),
        _person(change.by),
        change.note,
    ]


def _task_cells(task) -> list:
    return [task.title, _date(task.due_on), _person(task.assignee), _date(task.done_at)]


def _support_cells(record) -> list:
    return [
        record.get_kind_display(),
        record.description_zh,
        record.description_en,
        record.platform.name_zh if record.platform else "",
        record.amount_cny,
        _date(record.on),
    ]


def history_rows():
    changes = StageChange.objects.select_related("card__startup", "by").order_by("card_id", "at", "pk")
    return _card_records(changes, _change_cells)


def task_rows():
    tasks = PipelineTask.objects.select_related("card__startup", "assignee").order_by("card_id", "pk")
    return _card_records(tasks, _task_cells)


def support_rows():
    records = SupportRecord.objects.select_related("card__startup", "platform").order_by("card_id", "on", "pk")
    return _card_records(records, _support_cells)


def pipeline_xlsx() -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sheet(
        workbook,
        _("Pipeline"),
        [
            _("Card"),
            _("Startup (Chinese)"),
            _("Startup (English)"),
            _("Stage"),
            _("Days in stage"),
            _("Source"),
            _("Source details"),
            _("Project manager"),
            _("Open tasks"),
            _("Overdue tasks"),
            _("Discovered at"),
        ],
        card_rows(),
    )
    add_sheet(
        workbook,
        _("Stage history"),
        [_("Card"), _("Startup"), _("From"), _("To"), _("When"), _("By"), _("Note")],
        history_rows(),
    )
    add_sheet(
        workbook,
        _("Tasks"),
        [_("Card"), _("Startup"), _("Task"), _("Due on"), _("Assignee"), _("Done at")],
        task_rows(),
    )
    add_sheet(
        workbook,
        _("Support records"),
        [
            _("Card"),
            _("Startup"),
            _("Kind of support"),
            _("Description (Chinese)"),
            _("Description (English)"),
            _("Platform or incubator"),
            _("Amount (CNY)"),
            _("Date"),
        ],
        support_rows(),
    )
    return to_bytes(workbook, _("Pipeline"))
