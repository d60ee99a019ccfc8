"""``clean_image``: a picture judged by its content, then re-encoded (see the package's docstring)."""

from __future__ import annotations

import io
import math
import re
import struct
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.uploads.files import CleanImage, _read_limited, display_name, safe_filename
from portal.uploads.limits import image_max_bytes, image_max_pixels, image_max_side, image_min_side, stored_max_side
from portal.uploads.scope import current_scope

#: Pillow format → (stored extension, MIME type). GIF is re-encoded as PNG (first frame).
IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
GIF = "GIF"
#: Pillow calls a JPEG holding several pictures (an MPF index: the gain map of a phone's HDR photo, a
#: depth map, a stereo pair) "MPO". It is a JPEG: its first picture is the photo, and only that is kept.
MPO = "MPO"


#: Leading bytes that mark a text/markup file (after whitespace and a UTF-8 BOM).
MARKUP_PREFIXES = (b"<", b"<?", b"<!")


def _looks_like_markup(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    lowered = head.lower()
    return head.startswith(MARKUP_PREFIXES) or any(
        marker in lowered for marker in (b"<svg", b"<script", b"<?php", b"<html", b"<!doctype")
    )


#: What makes bytes an HTML page or a script to a browser that sniffs them (case-insensitive).
HIDDEN_MARKUP = re.compile(
    rb"<(?:script|html|body|iframe|object|embed|svg|!doctype|\?php)[\s/>]|javascript:", re.IGNORECASE
)
#: A JPEG marker after entropy-coded data: 0xFF followed by anything but stuffing (00), a restart (D0-D7) or fill (FF).
JPEG_MARKER = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")


def _hidden_markup(data: bytes, image_format: str) -> bool:
    """Whether markup hides where a picture carries no pixels: metadata, comments or bytes after its end.

    A JPEG with an HTML page in a comment or after its end marker is a picture to Pillow and
    a page to a browser that sniffs it (a polyglot). Pixel data is not searched: compressed,
    it holds such bytes by chance, and re-encoding would drop them anyway. Formats this does
    not parse (GIF) are searched whole.
    """
    regions = {"JPEG": _jpeg_regions, "PNG": _png_regions, "WEBP": _webp_regions}.get(image_format)
    parts = regions(data) if regions else [data]
    return any(HIDDEN_MARKUP.search(part) for part in parts)


def _jpeg_regions(data: bytes) -> list[bytes]:
    """APPn and comment segments of each image in ``data`` (an MPF file holds several), and what trails the last."""
    regions, pos, size = [], 2, len(data)
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            regions.append(data[pos:])  # not a marker where one must be: what follows is not the picture
            break
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
        elif marker == 0xD9:  # end of image: another image (MPF) or trailing bytes follow
            pos += 2
            if not data.startswith(b"\xff\xd8", pos):
                regions.append(data[pos:])
                break
            pos += 2
        elif 0xD0 <= marker <= 0xD8 or marker == 0x01:
            pos += 2
        else:
            length = int.from_bytes(data[pos + 2 : pos + 4], "big")
            if 0xE0 <= marker <= 0xEF or marker == 0xFE:
                regions.append(data[pos + 4 : pos + 2 + length])
            pos += 2 + length
            if marker == 0xDA:  # start of scan: skip the entropy-coded data to the next marker
                found = JPEG_MARKER.search(data, pos)
                pos = found.start() if found else size
    return regions


def _png_regions(data: bytes) -> list[bytes]:
    """Every chunk but the pixel data (text and private chunks), and what trails the end chunk."""
    regions, pos, size = [], 8, len(data)
    while pos + 8 <= size:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind not in (b"IDAT", b"fdAT"):
            regions.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
        if kind == b"IEND":
            break
    regions.append(data[pos:])
    return regions


def _webp_regions(data: bytes) -> list[bytes]:
    """Metadata and unknown chunks of a WebP (RIFF) file, and what trails the RIFF length."""
    end = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    regions, pos = [data[end:]], 12
    while pos + 8 <= end:
        kind = data[pos : pos + 4]
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            regions.append(data[pos + 8 : pos + 8 + length])
        pos += 8 + length + (length & 1)
    return regions


# --- images ---------------------------------------------------------------------------


def _image_formats_message(allow_gif: bool):
    if allow_gif:
        return _("This file is not a JPEG, PNG, WebP or GIF image.")
    return _("This file is not a JPEG, PNG or WebP image.")


def clean_image(
    upload,
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
    min_side: int | None = None,
    max_side: int | None = None,
    allow_gif: bool = False,
) -> CleanImage:
    """Validate ``upload`` (a Django ``UploadedFile`` or any file object) and re-encode it."""
    limits = _Limits(
        max_pixels=max_pixels or image_max_pixels(),
        min_side=min_side or image_min_side(),
        max_side=max_side or image_max_side(),
    )
    scope = current_scope()
    if scope is not None:
        scope.charge_file()
    name = getattr(upload, "name", "") or ""
    data = _read_limited(upload, max_bytes or image_max_bytes())
    if _looks_like_markup(data):
        raise _markup_refusal()
    with warnings.catch_warnings():
        # Pillow warns (DecompressionBombWarning) or raises (…Error) above its own limit.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image_format = _probe(data, allow_gif, limits)
            with Image.open(io.BytesIO(data)) as picture:
                _decode_no_larger_than_stored(picture, stored_max_side())
                if scope is not None:
                    scope.charge_pixels(picture.width * picture.height)
                picture.load()
                encoded, mime_type, extension, (width, height) = _reencode(picture, image_format)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(limits.max_pixels) from None
        except UnidentifiedImageError:
            raise ValidationError(_image_formats_message(allow_gif), code="invalid_image") from None
        except (OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError, struct.error):
            raise ValidationError(
                _("This image is damaged or incomplete and cannot be read. Export it again and upload the new file."),
                code="corrupt_image",
            ) from None
    file = ContentFile(encoded, name=safe_filename(name, extension, fallback="image"))
    return CleanImage(file=file, width=width, height=height, mime_type=mime_type, original_name=display_name(name))


@dataclass(frozen=True)
class _Limits:
    max_pixels: int
    min_side: int
    max_side: int


def _probe(data: bytes, allow_gif: bool, limits: _Limits) -> str:
    """The picture's format, once its header says it is an accepted image of accepted size and no polyglot."""
    allowed = {*IMAGE_FORMATS, *([GIF] if allow_gif else [])}
    with Image.open(io.BytesIO(data)) as probe:
        image_format = "JPEG" if probe.format == MPO else probe.format
        width, height = probe.size
        if image_format not in allowed:
            # ``format``: what it is (GIF, BMP, TIFF…), for a field that names it in its own refusal.
            raise ValidationError(
                _image_formats_message(allow_gif), code="invalid_image_format", params={"format": image_format}
            )
        _check_dimensions(width, height, limits)
        if _hidden_markup(data, image_format):
            raise _markup_refusal()  # a polyglot: also an HTML page (or a script) for whoever sniffs it
        probe.verify()
    return image_format


def _markup_refusal() -> ValidationError:
    return ValidationError(
        _("Images containing markup (SVG, HTML or scripts) are not accepted. Upload a JPEG, PNG or WebP image."),
        code="markup",
    )


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        _("This image is too large in pixels; images up to %(limit)s megapixels are accepted."),
        code="too_many_pixels",
        params={"limit": f"{max_pixels / 1_000_000:g}"},
    )


def _check_dimensions(width: int, height: int, limits: _Limits) -> None:
    min_side, max_side = limits.min_side, limits.max_side
    if width * height > limits.max_pixels:
        raise _too_many_pixels(limits.max_pixels)
    if width > max_side or height > max_side:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels; neither side may exceed %(limit)s pixels."),
            code="image_too_wide",
            params={"width": width, "height": height, "limit": max_side},
        )
    if width < min_side or height < min_side:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels; each side must be at least %(limit)s pixels."),
            code="image_too_small",
            params={"width": width, "height": height, "limit": min_side},
        )


def _decode_no_larger_than_stored(picture: Image.Image, largest: int) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 of its size when the result still covers what is stored.

    libjpeg scales while it decodes (Pillow's ``draft``), so a 6,300 × 6,300 photo stored at
    2,000 px is decoded as 3,150 × 3,150: a quarter of the pixels, of the memory and of the
    time. Other formats decode at full size (their pixel count is limited per file and per
    request). ``picture.size`` is the size that will be decoded afterwards.
    """
    if picture.format not in ("JPEG", MPO) or max(picture.size) <= largest:
        return
    ratio = largest / max(picture.size)
    picture.draft(None, (math.ceil(picture.width * ratio), math.ceil(picture.height * ratio)))


def _reencode(picture: Image.Image, image_format: str) -> tuple[bytes, str, str, tuple[int, int]]:
    """Fresh bytes of ``picture`` and their size: orientation applied, no larger than stored, no metadata, ICC kept."""
    icc_profile = picture.info.get("icc_profile")
    if image_format == GIF:
        image_format = "PNG"
    picture = ImageOps.exif_transpose(picture) or picture
    if picture.mode.startswith("I"):
        # 16-bit greyscale (a PNG's "I;16", as scans and measurements are saved): Pillow converts it to
        # 8 bits by clipping each value to 255, which turns all but the darkest pixels white. Scaled first.
        picture = picture.convert("I").point(lambda value: value / 256).convert("L")
    if image_format == "JPEG":
        picture = picture.convert("RGB") if picture.mode != "L" else picture
        if picture.mode == "RGB" and icc_profile and _icc_colour_space(icc_profile) != "RGB":
            icc_profile = None  # a CMYK profile does not describe the converted RGB pixels
        options = {"quality": 88, "optimize": True, "progressive": True}
    elif image_format == "PNG":
        if picture.mode not in ("RGB", "RGBA", "L", "LA"):
            picture = picture.convert("RGBA")
        # zlib level 3: about a third of the default's time on photographs, no larger (level 9 is 4x slower).
        options = {"compress_level": 3}
    else:
        if picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA")
        # method 2: half the time of method 4 for the same size on photographs.
        options = {"quality": 85, "method": 2}
    largest = stored_max_side()
    if max(picture.size) > largest:
        picture.thumbnail((largest, largest))  # a copy already (exif_transpose, convert): resized in place
    # A new image from the pixels alone: nothing of the original's info dict travels along.
    fresh = Image.new(picture.mode, picture.size)
    fresh.paste(picture)
    if icc_profile:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    fresh.save(out, format=image_format, **options)
    extension, mime_type = IMAGE_FORMATS[image_format]
    return out.getvalue(), mime_type, extension, fresh.size


def _icc_colour_space(icc_profile: bytes) -> str:
    # Bytes 16-19 of an ICC header name the data colour space ('RGB ', 'CMYK', 'GRAY').
    return icc_profile[16:20].decode("ascii", "replace").strip() if len(icc_profile) >= 20 else ""
