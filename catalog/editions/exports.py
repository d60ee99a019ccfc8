"""Downloads of a published edition: a printable PDF, XLSX and CSV, in zh-hans or English.

The files are built from the entries' frozen snapshots, so they never change after
publication; each is built once (by ``catalog.tasks.build_edition_exports`` on publish,
or on the first request when missing) and kept in default storage under a name that
holds the edition, the language and the publication time.

The PDF is ``catalog.editions.pdf``; a format that cannot be built here raises
``ExportUnavailable`` (the view answers with a clear translated message, not a 500).
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from catalog.compare import MISSING, PRODUCT_SPECS, spec_table
from catalog.editions import queries
from catalog.editions.pdf import ExportUnavailable, build_pdf

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str


FORMATS = {
    "pdf": Format("pdf", "application/pdf"),
    "xlsx": Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": Format("csv", "text/csv; charset=utf-8"),
}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def storage_name(edition, language: str, fmt: str) -> str:
    stamp = edition.published_at.strftime("%Y%m%dT%H%M%S%f")
    return f"editions/{edition.year}/{stamp}/{language}/catalogue-{edition.year}-{language}.{FORMATS[fmt].extension}"


def download_filename(edition, fmt: str) -> str:
    """A readable file name in the active language, e.g. 2025年度推荐目录.pdf (sent RFC 5987-encoded)."""
    return f"{edition.title}.{FORMATS[fmt].extension}".replace("/", "-")


def get_or_build(edition, *, language: str, fmt: str) -> str:
    """The storage name of the file, building and storing it first if needed."""
    if not edition.is_published:
        raise ValueError("only a published edition is exported")
    name = storage_name(edition, language, fmt)
    if not default_storage.exists(name):
        content = build(edition, language=language, fmt=fmt)
        if not default_storage.exists(name):  # another worker may have stored it meanwhile
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:
                logger.warning("edition export stored as %s instead of %s", saved, name)
                return saved
    return name


def build_all(edition) -> None:
    for language in languages():
        for fmt in FORMATS:
            try:
                get_or_build(edition, language=language, fmt=fmt)
            except ExportUnavailable:
                logger.exception("edition %s: %s export in %s unavailable", edition.pk, fmt, language)


def build(edition, *, language: str, fmt: str) -> bytes:
    with translation.override(language):
        entries = queries.entries_of(edition)
        if fmt == "pdf":
            return build_pdf(edition, entries)
        if fmt == "xlsx":
            return build_xlsx(edition, entries)
        if fmt == "csv":
            return build_csv(edition, entries)
    raise ValueError(fmt)


# --- rows shared by the spreadsheet formats --------------------------------------------


def spec_rows(entry) -> list[tuple[str, str]]:
    """The entry's specification table as (label, value) in the active language (the compare page's rows)."""

    contact = " ".join(part for part in (entry.contact, entry.contact_email, entry.contact_phone) if part)
    return [
        (_("Enterprise"), str(entry.enterprise)),
        *spec_table(entry, PRODUCT_SPECS),
        (_("Website"), entry.website or MISSING),
        (_("Contact"), contact or MISSING),
    ]


#: A CSV cell starting with one of these is a formula to a spreadsheet opening it: CSV/formula injection.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value) -> str:
    """``value`` as CSV text a spreadsheet shows as text: enterprise-written names never run as formulas.

    CSV has no cell types, so the only way to keep ``=…`` from being evaluated is the
    apostrophe Excel hides. XLSX cells are typed instead (``build_xlsx``) and need no prefix.
    """
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def xlsx_text(value) -> str:
    """``value`` as XLSX cell text: without the control characters XML cannot hold (a vertical tab
    pasted from a word processor, an escape), which openpyxl refuses (``IllegalCharacterError``)."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def table_rows(entries) -> tuple[list[str], list[list[str]]]:
    """The spreadsheet header and one row per entry (category, number, product, specs, rationale), as text."""
    header = [_("Category"), _("No."), _("Product")]
    rows = []
    for entry in entries:
        specs = spec_rows(entry)
        values = [
            entry.get_category_display(),
            entry.order,
            entry.name,
            *[value for _l, value in specs],
            entry.rationale,
        ]
        rows.append([str(value) for value in values])
    spec_labels = [label for label, _value in spec_rows(entries[0])] if entries else []
    return [*header, *spec_labels, _("Reviewers' rationale")], rows


def build_csv(edition, entries) -> bytes:
    header, rows = table_rows(entries)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([csv_text(value) for value in row] for row in rows)
    # UTF-8 with a byte-order mark: Excel then opens the Chinese text correctly.
    return buffer.getvalue().encode("utf-8-sig")


def build_xlsx(edition, entries) -> bytes:

    header, rows = table_rows(entries)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(edition.year)
    sheet.append([xlsx_text(edition.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_text(value) for value in row])
        # openpyxl types a string starting with "=" as a formula (and "#REF!" as an error):
        # typed as a string, the cell is inert and shows the text exactly, no apostrophe needed.
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
    for column in sheet.iter_cols(min_row=3):
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width * 1.6), 60)
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "D4"
    workbook.properties.title = str(edition.title)
    workbook.properties.creator = settings.WAGTAIL_SITE_NAME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = ["FORMATS", "ExportUnavailable", "build", "build_all", "get_or_build", "spec_rows"]
