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


def upload(name: str, content: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
