"""Downloads of a published edition: a printable PDF, XLSX and CSV, in zh-hans or English.

The files are built from the entries' frozen snapshots, so they never change after
publication; each is built once (by ``catalog.tasks.build_edition_exports`` on publish,
or on the first request when missing) and kept in default storage under a name that
holds the edition, the language and the publication time.

The PDF embeds Noto Sans CJK (Simplified Chinese face of Debian's TrueType collection)
so Chinese renders everywhere; the path is ``PORTAL_EDITION_PDF_FONT`` and the face index
``PORTAL_EDITION_PDF_FONT_INDEX``. A missing font is logged and raised as
``ExportUnavailable`` (the view answers with a clear translated message, not a 500).
"""

from __future__ import annotations

import csv
import io
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from catalog.compare import MISSING, PRODUCT_SPECS, spec_table
from catalog.editions import queries

logger = logging.getLogger(__name__)

DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#: In Debian's NotoSansCJK-Regular.ttc, face 2 is "Noto Sans CJK SC" (0 JP, 1 KR, 3 TC, 4 HK).
DEFAULT_FONT_INDEX = 2
FONT_FAMILY = "NotoSansCJKsc"
#: Contents lines (7 mm each) that surely fit on one A4 page under the heading.
CONTENTS_LINES_PER_PAGE = 30


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str


FORMATS = {
    "pdf": Format("pdf", "application/pdf"),
    "xlsx": Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": Format("csv", "text/csv; charset=utf-8"),
}


class ExportUnavailable(Exception):
    """The file cannot be built here (e.g. the CJK font is missing); ``str(exc)`` is translated."""


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


# --- rows shared by the spreadsheet formats and the PDF's spec tables -----------------


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
    sheet.append([str(edition.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
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


# --- PDF -------------------------------------------------------------------------------


def font_path() -> str:
    return getattr(settings, "PORTAL_EDITION_PDF_FONT", DEFAULT_FONT)


def _pdf(edition):
    path = font_path()
    if not os.path.exists(path):
        logger.error(
            "edition PDF: CJK font %s is missing (install fonts-noto-cjk or set PORTAL_EDITION_PDF_FONT)", path
        )
        raise ExportUnavailable(_("The PDF cannot be generated right now. Please try again later or download XLSX."))
    pdf = FPDF(format="A4")
    pdf.add_font(
        FONT_FAMILY,
        fname=path,
        collection_font_number=getattr(settings, "PORTAL_EDITION_PDF_FONT_INDEX", DEFAULT_FONT_INDEX),
    )
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.set_title(str(edition.title))
    pdf.set_author(settings.WAGTAIL_SITE_NAME)
    pdf.set_lang(translation.get_language())
    pdf.set_creation_date(edition.published_at)
    pdf.set_auto_page_break(True, margin=18)
    return pdf


def build_pdf(edition, entries) -> bytes:
    """A cover, the contents (filled in once every entry's page is known), then one page per entry."""
    pdf = _pdf(edition)
    _render_cover(pdf, edition, count=len(entries))
    groups = queries.group_by_category(entries)
    lines = len(groups) + len(entries)
    pdf.add_page()
    pdf.insert_toc_placeholder(_render_contents, pages=max(1, -(-(lines + 3) // CONTENTS_LINES_PER_PAGE)))
    # The placeholder leaves us on a fresh page: the first entry starts there.
    first = True
    for group in groups:
        for position, entry in enumerate(group["entries"]):
            if not first:
                pdf.add_page()
            first = False
            if position == 0:
                pdf.start_section(str(group["label"]), level=0)
            _render_entry(pdf, edition, group, entry)
    return bytes(pdf.output())


def _render_cover(pdf, edition, *, count: int) -> None:
    width = pdf.epw
    pdf.add_page()
    pdf.set_y(70)
    pdf.set_font(size=12)
    pdf.multi_cell(width, 8, settings.WAGTAIL_SITE_NAME, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(size=24)
    pdf.multi_cell(width, 13, str(edition.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(size=12)
    published = timezone.localtime(edition.published_at).date().isoformat()
    pdf.multi_cell(
        width,
        8,
        _("Published %(date)s · %(count)s recommended products") % {"date": published, "count": count},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    intro = " ".join(strip_tags(str(edition.intro)).split())
    if intro:
        pdf.ln(12)
        pdf.set_font(size=10)
        pdf.multi_cell(width, 6, intro, new_x="LMARGIN", new_y="NEXT")


def _render_entry(pdf, edition, group, entry) -> None:
    width = pdf.epw
    pdf.start_section(f"{entry.order}. {entry.name}", level=1)
    pdf.set_font(size=9)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(width, 6, f"{edition.title} · {group['label']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.set_font(size=17)
    pdf.multi_cell(width, 9, f"{entry.order}. {entry.name}", new_x="LMARGIN", new_y="NEXT")
    if entry.summary:
        pdf.ln(1)
        pdf.set_font(size=10)
        pdf.multi_cell(width, 6, entry.summary, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(size=10)
    with pdf.table(col_widths=(38, 92), text_align="LEFT", line_height=6.5, first_row_as_headings=False) as table:
        for label, value in spec_rows(entry):
            row = table.row()
            row.cell(label)
            row.cell(value)
    pdf.ln(5)
    pdf.set_font(size=12)
    pdf.cell(width, 8, _("Reviewers' rationale"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=10)
    pdf.multi_cell(width, 6, entry.rationale, new_x="LMARGIN", new_y="NEXT")


def _render_contents(pdf, outline) -> None:
    pdf.set_font(size=18)
    pdf.cell(pdf.epw, 12, _("Contents"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for section in outline:
        indent = 8 * section.level
        pdf.set_font(size=12 if section.level == 0 else 10)
        pdf.set_x(pdf.l_margin + indent)
        link = pdf.add_link(page=section.page_number)
        pdf.cell(pdf.epw - indent - 14, 7, section.name, link=link)
        pdf.cell(14, 7, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT", link=link)
