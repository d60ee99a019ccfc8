"""The edition's printable PDF: a cover with the alliance's logo, the contents, two entries a page.

The PDF embeds Noto Sans CJK (Simplified Chinese face of Debian's TrueType collection)
so Chinese renders everywhere; the path is ``PORTAL_EDITION_PDF_FONT`` and the face index
``PORTAL_EDITION_PDF_FONT_INDEX``. A missing font is logged and raised as
``ExportUnavailable`` (the view answers with a clear translated message, not a 500).
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from wagtail.images import get_image_model

from catalog.compare import MISSING, PRODUCT_SPECS, spec_table
from catalog.editions import queries
from catalog.media.cleanup import IMAGE_REF_PREFIX
from catalog.media.renditions import EDITION_PICTURE_SPEC

logger = logging.getLogger(__name__)


class ExportUnavailable(Exception):
    """The PDF cannot be built here (its CJK font is missing); ``str(exc)`` is translated."""


DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#: In Debian's NotoSansCJK-Regular.ttc, face 2 is "Noto Sans CJK SC" (0 JP, 1 KR, 3 TC, 4 HK).
DEFAULT_FONT_INDEX = 2
FONT_FAMILY = "NotoSansCJKsc"
#: Contents lines (7 mm each) that surely fit on one A4 page under the heading.
CONTENTS_LINES_PER_PAGE = 30


#: The site's logo (static/img/logo.svg), drawn as vectors: fpdf2's SVG support covers its rounded
#: rectangle, circles and path.
LOGO = Path(__file__).resolve().parents[2] / "static" / "img" / "logo.svg"
NAVY = (12, 45, 87)
TEAL = (79, 209, 197)
GREY = (95, 99, 104)
RULE = (205, 211, 219)
PANEL = (244, 247, 251)
#: The picture of an entry: its product's main image at publication (``EditionEntry.image_ref``),
#: a JPEG rendition (embedded as it is: small files) of at most 800 x 600 pixels.
PICTURE_SPEC = EDITION_PICTURE_SPEC
#: Page geometry (mm, A4): margins, the running footer, two entries a page.
MARGIN = 15
FOOTER = 12
PICTURE_SIZE = (56, 42)
COLUMN_GAP = 6


def font_path() -> str:
    return getattr(settings, "PORTAL_EDITION_PDF_FONT", DEFAULT_FONT)


def bold_font_path(path: str) -> str:
    """The bold face beside the regular one (Debian ships NotoSansCJK-Bold.ttc), else the regular."""
    bold = path.replace("Regular", "Bold")
    return bold if bold != path and os.path.exists(bold) else path


class CataloguePDF(FPDF):
    """A4 with a running footer (the edition and the page number) on every page but the cover."""

    running_title = ""

    def footer(self):
        if self.page_no() == 1:
            return
        self.set_y(-FOOTER)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.y - 2, self.w - self.r_margin, self.y - 2)
        self.set_font(FONT_FAMILY, size=8)
        self.set_text_color(*GREY)
        self.cell(self.epw / 2, 5, f"{settings.WAGTAIL_SITE_NAME} · {self.running_title}")
        self.cell(self.epw / 2, 5, str(self.page_no()), align="R")
        self.set_text_color(0, 0, 0)


def _pdf(edition):
    path = font_path()
    if not os.path.exists(path):
        logger.error(
            "edition PDF: CJK font %s is missing (install fonts-noto-cjk or set PORTAL_EDITION_PDF_FONT)", path
        )
        raise ExportUnavailable(_("The PDF cannot be generated right now. Please try again later or download XLSX."))
    pdf = CataloguePDF(format="A4")
    index = getattr(settings, "PORTAL_EDITION_PDF_FONT_INDEX", DEFAULT_FONT_INDEX)
    pdf.add_font(FONT_FAMILY, fname=path, collection_font_number=index)
    pdf.add_font(FONT_FAMILY, style="B", fname=bold_font_path(path), collection_font_number=index)
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.running_title = str(edition.title)
    pdf.set_title(str(edition.title))
    pdf.set_author(settings.WAGTAIL_SITE_NAME)
    pdf.set_lang(translation.get_language())
    pdf.set_creation_date(edition.published_at)
    pdf.set_auto_page_break(True, margin=MARGIN + FOOTER)
    return pdf


def pictures_of(entries) -> dict[str, bytes]:
    """``{image_ref: JPEG bytes}`` of the entries' frozen main images that still exist.

    Two queries for the images and their renditions whatever the number of entries (a missing
    rendition is made here, once: the PDF is built once per publication and language).
    """
    ids = {}
    for entry in entries:
        ref = entry.image_ref or ""
        if ref.startswith(IMAGE_REF_PREFIX) and ref.removeprefix(IMAGE_REF_PREFIX).isdigit():
            ids[int(ref.removeprefix(IMAGE_REF_PREFIX))] = ref
    if not ids:
        return {}
    image_model = get_image_model()
    renditions = image_model.get_rendition_model().objects.filter(filter_spec=PICTURE_SPEC)
    images = image_model.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions")
    )
    found = {}
    for image in images:
        try:
            rendition = image.get_rendition(PICTURE_SPEC)
            with rendition.file.open("rb") as stored:
                found[ids[image.pk]] = stored.read()
        except OSError:  # a missing file (Wagtail's SourceImageIOError), an unreadable image
            logger.warning("edition PDF: picture %s cannot be read", image.pk)
    return found


def build_pdf(edition, entries) -> bytes:
    """A cover, the contents (filled in once every entry's page is known), then two entries a page."""
    pdf = _pdf(edition)
    groups = queries.group_by_category(entries)
    pictures = pictures_of(entries)
    _render_cover(pdf, edition, count=len(entries), categories=[str(group["label"]) for group in groups])
    lines = 2 * len(groups) + len(entries)
    pdf.add_page()
    pdf.insert_toc_placeholder(_render_contents, pages=max(1, -(-(lines + 3) // CONTENTS_LINES_PER_PAGE)))
    # The placeholder leaves us on a fresh page: the first entry starts at its top.
    half = (pdf.h - 2 * MARGIN - FOOTER) / 2
    slots = (MARGIN, MARGIN + half)
    for group in groups:
        for position, entry in enumerate(group["entries"]):
            top = _next_slot(pdf, slots)
            if top != slots[0]:
                pdf.set_draw_color(*RULE)
                pdf.line(pdf.l_margin, top - 4, pdf.w - pdf.r_margin, top - 4)
            pdf.set_xy(pdf.l_margin, top)
            if position == 0:
                pdf.start_section(str(group["label"]), level=0)
            _render_entry(pdf, group, entry, pictures.get(entry.image_ref))
            pdf.ln(8)
    return bytes(pdf.output())


def _next_slot(pdf, slots) -> float:
    """The top of the first half page at or below the cursor (a new page when both are used)."""
    for top in slots:
        if pdf.y <= top + 0.5:
            return top
    pdf.add_page()
    return slots[0]


def _logo(pdf, *, x: float, y: float, size: float) -> None:
    pdf.image(str(LOGO), x=x, y=y, w=size, h=size, alt_text=settings.WAGTAIL_SITE_NAME)


def _render_cover(pdf, edition, *, count: int, categories: list[str]) -> None:
    width = pdf.epw
    pdf.add_page()
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, pdf.w, 150, style="F")
    pdf.set_fill_color(*TEAL)
    pdf.rect(0, 150, pdf.w, 2.5, style="F")
    _logo(pdf, x=(pdf.w - 34) / 2, y=26, size=34)
    pdf.set_text_color(255, 255, 255)
    pdf.set_y(70)
    pdf.set_font(FONT_FAMILY, size=13)
    pdf.multi_cell(width, 8, settings.WAGTAIL_SITE_NAME, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    title = str(edition.title)
    # One line when it fits at 22 pt or more (a Chinese title), else two lines at 28 pt.
    size = next((size for size in (28, 26, 24, 22) if _width_at(pdf, title, size) <= width), 28)
    pdf.set_font(FONT_FAMILY, style="B", size=size)
    pdf.multi_cell(width, size / 2, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(166)
    pdf.set_font(FONT_FAMILY, size=12)
    pdf.set_text_color(*NAVY)
    published = timezone.localtime(edition.published_at).date().isoformat()
    pdf.multi_cell(
        width,
        8,
        ngettext(
            "Published %(date)s · %(count)s recommended product",
            "Published %(date)s · %(count)s recommended products",
            count,
        )
        % {"date": published, "count": count},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(*GREY)
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.multi_cell(width, 6, " · ".join(categories), align="C", new_x="LMARGIN", new_y="NEXT")
    intro = " ".join(strip_tags(str(edition.intro)).split())
    if intro:
        pdf.ln(10)
        pdf.set_x(pdf.l_margin + 12)
        pdf.set_text_color(40, 40, 40)
        pdf.multi_cell(width - 24, 6.5, intro, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*GREY)
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.set_auto_page_break(False)
    pdf.set_y(pdf.h - MARGIN - 8)
    pdf.cell(width, 6, f"{settings.WAGTAIL_SITE_NAME} · {edition.year}", align="C")
    pdf.set_auto_page_break(True, margin=MARGIN + FOOTER)
    pdf.set_text_color(0, 0, 0)


def _width_at(pdf, text: str, size: float) -> float:
    pdf.set_font(FONT_FAMILY, style="B", size=size)
    return pdf.get_string_width(text)


def _render_entry(pdf, group, entry, picture: bytes | None) -> None:
    """One entry in half a page: heading; the picture and the contact beside the spec table; the rationale."""
    width = pdf.epw
    pdf.start_section(f"{entry.order}. {entry.name}", level=1)
    pdf.set_font(FONT_FAMILY, size=8)
    pdf.set_text_color(0, 128, 120)
    pdf.cell(width, 5, f"{group['label']} · {entry.order}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*NAVY)
    pdf.set_font(FONT_FAMILY, style="B", size=14)
    pdf.multi_cell(width, 7, str(entry.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*GREY)
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.multi_cell(width, 5, str(entry.enterprise), new_x="LMARGIN", new_y="NEXT")
    if entry.summary:
        pdf.set_text_color(40, 40, 40)
        pdf.multi_cell(width, 4.6, str(entry.summary), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2.5)
    top = pdf.y
    _picture(pdf, picture, x=pdf.l_margin, y=top)
    pdf.set_xy(pdf.l_margin, top + PICTURE_SIZE[1] + 2)
    left_bottom = _contact(pdf, entry)
    pdf.set_xy(pdf.l_margin, top)
    pdf.set_font(FONT_FAMILY, size=7.5)
    pdf.set_draw_color(*RULE)
    table_width = width - PICTURE_SIZE[0] - COLUMN_GAP
    with pdf.table(
        width=table_width,
        align="RIGHT",
        col_widths=(38, table_width - 38),
        text_align="LEFT",
        line_height=3.5,
        padding=(0.5, 1.2),
        first_row_as_headings=False,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for label, value in spec_table(entry, PRODUCT_SPECS):
            row = table.row()
            row.cell(label)
            row.cell(value)
    pdf.set_y(max(pdf.y, left_bottom) + 2.5)
    pdf.set_font(FONT_FAMILY, style="B", size=8.5)
    pdf.set_text_color(*NAVY)
    pdf.cell(width, 5, _("Reviewers' rationale"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=8.5)
    pdf.set_text_color(40, 40, 40)
    pdf.multi_cell(width, 4.4, str(entry.rationale), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)


def _contact(pdf, entry) -> float:
    """The entry's contact under its picture (how a reader of the catalogue reaches the enterprise); its bottom."""
    x, w = pdf.l_margin, PICTURE_SIZE[0]
    pdf.set_font(FONT_FAMILY, style="B", size=8)
    pdf.set_text_color(*NAVY)
    pdf.cell(w, 4.5, _("Contact"), new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=7.5)
    pdf.set_text_color(40, 40, 40)
    lines = [entry.contact, entry.contact_email, entry.contact_phone, entry.website]
    for line in [str(line) for line in lines if line] or [MISSING]:
        pdf.set_x(x)
        pdf.multi_cell(w, 3.6, line, new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    return pdf.y


def _picture(pdf, picture: bytes | None, *, x: float, y: float) -> None:
    """The product's picture fitted in its frame; the alliance's logo, faint, when it has none."""
    w, h = PICTURE_SIZE
    pdf.set_fill_color(*PANEL)
    pdf.set_draw_color(*RULE)
    pdf.rect(x, y, w, h, style="DF")
    if picture:
        pdf.image(io.BytesIO(picture), x=x + 1, y=y + 1, w=w - 2, h=h - 2, keep_aspect_ratio=True)
        return
    with pdf.local_context(fill_opacity=0.25, stroke_opacity=0.25):
        _logo(pdf, x=x + (w - 16) / 2, y=y + (h - 16) / 2 - 3, size=16)
    pdf.set_xy(x, y + h - 9)
    pdf.set_font(FONT_FAMILY, size=7)
    pdf.set_text_color(*GREY)
    pdf.cell(w, 5, _("No picture"), align="C")
    pdf.set_text_color(0, 0, 0)


def _render_contents(pdf, outline) -> None:
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.set_font(FONT_FAMILY, style="B", size=18)
    pdf.set_text_color(*NAVY)
    pdf.cell(pdf.epw, 12, _("Contents"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_fill_color(*TEAL)
    pdf.rect(pdf.l_margin, pdf.y, 24, 1.2, style="F")
    pdf.ln(6)
    for section in outline:
        link = pdf.add_link(page=section.page_number)
        if section.level == 0:
            pdf.ln(2)
            pdf.set_font(FONT_FAMILY, style="B", size=12)
            pdf.set_text_color(*NAVY)
            pdf.cell(pdf.epw, 8, section.name, link=link, new_x="LMARGIN", new_y="NEXT")
            pdf.set_draw_color(*RULE)
            pdf.line(pdf.l_margin, pdf.y, pdf.w - pdf.r_margin, pdf.y)
            pdf.ln(1)
            continue
        pdf.set_font(FONT_FAMILY, size=10)
        pdf.set_text_color(30, 30, 30)
        pdf.set_x(pdf.l_margin + 6)
        pdf.cell(pdf.epw - 6 - 14, 7, section.name, link=link)
        pdf.cell(14, 7, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT", link=link)
    pdf.set_text_color(0, 0, 0)
