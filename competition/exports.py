"""Staff's spreadsheets of a competition: entries, scores (raw and normalised, per judge and
aggregated), results; and the audit trail (XLSX or CSV).

Formula injection: teams and judges write the text that lands in these cells. As in
``catalog.editions.exports`` (the project's XLSX writer), every text cell is typed as a string,
so ``=HYPERLINK(…)`` is shown, never evaluated; numbers stay numbers. The CSV uses the
catalogue's ``csv_text`` (the apostrophe Excel hides) and a byte-order mark for Excel.
"""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from catalog.editions.exports import csv_text, xlsx_text
from competition.models import Award, Entry
from competition.results import queries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float):
        return round(value, 4) if isinstance(value, float) else value
    return xlsx_text(value)


def add_sheet(workbook: Workbook, title: str, header: list, rows) -> None:
    """A sheet of ``header`` and ``rows``, every text cell typed as a string (inert, shown as written)."""
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(label) for label in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"


def to_bytes(workbook: Workbook, title: str) -> bytes:
    workbook.properties.title = title
    workbook.properties.creator = settings.WAGTAIL_SITE_NAME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def entry_rows(competition):
    entries = Entry.objects.filter(competition=competition).select_related("track", "team__organisation")
    for entry in entries.order_by("track__sort_order", "pk"):
        organisation = entry.team.organisation
        yield [
            entry.pk,
            entry.track.name,
            entry.title,
            entry.team.name,
            organisation.name if organisation else "",
            entry.get_status_display(),
            entry.submitted_at.isoformat() if entry.submitted_at else "",
            entry.summary,
        ]


def score_rows(competition):
    """Per round: each entry's aggregate, and each judge's total and z-score on it."""
    aggregated, per_judge = [], []
    for judging_round in queries.rounds(competition):
        found = queries.ranking(judging_round, method="raw")
        judges = {d.judge.pk: str(d.judge) for d in found["distributions"]}
        for row in found["rows"]:
            title = row.entry.title if row.entry else row.label
            round_name = str(judging_round)
            aggregated.append(
                [round_name, row.item.subject_id, title, row.raw_mean, row.rank_raw, row.normalised_mean]
                + [row.rank_normalised, row.count, row.spread, row.disagreement]
            )
            for judge_id, total, z in row.totals:
                per_judge.append([round_name, row.item.subject_id, title, judges.get(judge_id, judge_id), total, z])
    return aggregated, per_judge


def award_rows(competition):
    awards = Award.objects.filter(competition=competition).select_related("track", "entry__team")
    for award in awards.order_by("track__sort_order", "rank", "pk"):
        yield [award.track.name, award.rank, award.prize, award.entry.pk, award.entry.title, award.entry.team.name]


def competition_xlsx(competition) -> bytes:
    """Entries, aggregated scores, each judge's scores and the awards of ``competition``, one sheet each."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    entry_header = [_("No."), _("Track"), _("Title"), _("Team"), _("Organisation"), _("Status"), _("Submitted at")]
    add_sheet(workbook, _("Entries"), [*entry_header, _("Summary")], entry_rows(competition))
    aggregated, per_judge = score_rows(competition)
    add_sheet(
        workbook,
        _("Scores"),
        [_("Round"), _("No."), _("Title"), _("Raw mean"), _("Raw rank"), _("Normalised mean")]
        + [_("Normalised rank"), _("Scores"), _("Spread (s.d.)"), _("Disagreement")],
        aggregated,
    )
    add_sheet(
        workbook,
        _("Scores per judge"),
        [_("Round"), _("No."), _("Title"), _("Judge"), _("Total (0–100)"), _("z-score")],
        per_judge,
    )
    add_sheet(
        workbook,
        _("Results"),
        [_("Track"), _("Place"), _("Prize"), _("No."), _("Title"), _("Team")],
        award_rows(competition),
    )
    return to_bytes(workbook, str(competition))


# --- the audit trail --------------------------------------------------------------------------


def trail_header() -> list:
    return [_("Time"), _("Actor"), _("Action"), _("Object"), _("Before"), _("After"), _("Note")]


def trail_rows(entries) -> list[list]:
    rows = []
    for log in entries:
        data = log.data or {}
        rows.append(
            [
                timezone.localtime(log.timestamp).isoformat(),
                str(log.user) if log.user_id else _("system"),
                str(log.message),
                f"{log.content_type.name} · {log.label}",
                _json(data.get("before")),
                _json(data.get("after")),
                data.get("note", ""),
            ]
        )
    return rows


def _json(value) -> str:
    if not value:
        return ""
    return ", ".join(f"{key}: {item}" for key, item in value.items()) if isinstance(value, dict) else str(value)


def trail_xlsx(entries, title: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_sheet(workbook, _("Audit trail"), trail_header(), trail_rows(entries))
    return to_bytes(workbook, title)


def trail_csv(entries) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(trail_header())
    writer.writerows([csv_text(value) for value in row] for row in trail_rows(entries))
    return buffer.getvalue().encode("utf-8-sig")
