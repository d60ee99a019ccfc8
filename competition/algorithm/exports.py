"""Staff's spreadsheet of a task: every submission with its team, status and scores on both subsets.

Team names and file names are the teams' text: every text cell is typed as a string
(``competition.exports.add_sheet``), so ``=HYPERLINK(…)`` is shown, never evaluated.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from competition import deadlines
from competition.algorithm import scoring
from competition.exports import add_sheet, to_bytes
from competition.models import Submission


def submissions_xlsx(task) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    header = [_("Submission"), _("Team"), _("File name"), _("Submitted at"), _("Status"), _("Final")]
    header += [f"{_('Public')} {name}" for name in scoring.METRICS]
    header += [f"{_('Private')} {name}" for name in scoring.METRICS]
    header += [_("Why scoring failed")]
    rows = (
        [s.pk, s.team.name, s.original_name, deadlines.display(s.created_at), s.get_status_display(), s.is_final]
        + [s.public_metrics.get(name) for name in scoring.METRICS]
        + [s.private_metrics.get(name) for name in scoring.METRICS]
        + [s.failure_reason]
        for s in Submission.objects.filter(task=task).select_related("team").order_by("created_at", "pk")
    )
    add_sheet(workbook, _("Submissions"), header, rows)
    return to_bytes(workbook, f"{task.title} · {timezone.now():%Y-%m-%d}")
