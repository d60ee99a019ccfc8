"""Reading ``trial_id,label`` CSV files (hidden labels and teams' predictions), streaming.

One reader for both: UTF-8 (a byte-order mark is allowed, CRLF or LF line ends), a header row
``trial_id,label``, one trial per row, labels the integers ``1`` … ``N`` (as BCI Competition IV's
class codes). Anything else is refused with the first problem found, named precisely (the line,
the value) and translated, as a ``ValidationError``: the file is read once, line by line, never
whole into memory, and never beyond the size limit.

Values echoed in a message are what the sender wrote (shortened), never a hidden label.
"""

from __future__ import annotations

import codecs
import csv
import io
import time

import numpy as np
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

HEADER = ("trial_id", "label")
#: The longest trial ID accepted.
MAX_ID_LENGTH = 64
#: How many missing IDs a message names.
NAMED = 5


class ScoringTimeout(Exception):
    """Reading took longer than the scorer's time limit."""


def _short(value: str) -> str:
    value = value.replace("\r", " ").replace("\n", " ")
    return value if len(value) <= 40 else value[:39] + "…"


class _Limited(io.RawIOBase):
    """The file's bytes up to ``limit``; one byte more is an error (a file whose size was not known)."""

    def __init__(self, raw, limit: int):
        self.raw, self.left, self.limit = raw, limit, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(min(len(buffer), self.left + 1))
        if len(data) > self.left:
            raise _too_large(self.limit)
        self.left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(limit)s."), code="size", params={"limit": filesizeformat(limit)}
    )


def _not_utf8(upload, max_bytes: int) -> ValidationError:
    """The refusal of a file that is not UTF-8, naming the line whose bytes are not.

    The text reader decodes ahead of the CSV reader (a whole small file at once), so the line the CSV
    reader had reached says nothing; the file is read again, line by line, on this error path only.
    """
    line = None
    if hasattr(upload, "seek"):
        upload.seek(0)
        for number, raw in enumerate(io.BufferedReader(_Limited(upload, max_bytes)), start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                line = number
                break
    if line is None:
        return ValidationError(
            _("The file is not valid UTF-8 (Excel on a Chinese system saves “CSV” in GBK): save it as “CSV UTF-8”."),
            code="encoding",
        )
    return ValidationError(
        _(
            "Line %(line)s is not valid UTF-8 (Excel on a Chinese system saves “CSV” in GBK): "
            "save the file as “CSV UTF-8”."
        ),
        params={"line": line},
        code="encoding",
    )


def _check_start(head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ValidationError(
            _("The file is in UTF-16 or UTF-32: save it as CSV in UTF-8 (Excel: “CSV UTF-8”)."), code="encoding"
        )
    if b"\x00" in head:
        raise ValidationError(_("This is not a CSV text file (it contains binary data)."), code="binary")
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValidationError(_("This is a spreadsheet, not a CSV file: save it as CSV (UTF-8)."), code="binary")


def _check_header(header: list[str] | None) -> None:
    if header is None:
        raise ValidationError(_("The file is empty."), code="empty")
    if tuple(cell.strip().lower() for cell in header) != HEADER:
        raise ValidationError(
            _("The first line must be the header “trial_id,label”; it is “%(found)s”."),
            params={"found": _short(",".join(header))},
            code="header",
        )


def rows(upload, *, max_bytes: int, deadline: float | None = None):
    """Yield ``(line number, trial_id, label text)`` for every data row of ``upload`` (checked header).

    ``deadline`` (a ``time.monotonic()`` instant) bounds the time spent (``ScoringTimeout``).
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    raw = io.BufferedReader(_Limited(upload, max_bytes), buffer_size=64 * 1024)
    _check_start(raw.peek(4096)[:4096])
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text, strict=True)
    line = 0
    try:
        _check_header(next(reader, None))
        line = 1
        for cells in reader:
            line = reader.line_num
            if deadline is not None and line % 10000 == 0 and time.monotonic() > deadline:
                raise ScoringTimeout
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) != 2:
                raise ValidationError(
                    _("Line %(line)s has %(count)s columns; each line needs two: trial_id,label."),
                    params={"line": line, "count": len(cells)},
                    code="columns",
                )
            trial_id, label = cells[0].strip(), cells[1].strip()
            if not trial_id or len(trial_id) > MAX_ID_LENGTH:
                raise ValidationError(
                    _("Line %(line)s: the trial ID is empty or longer than %(max)s characters."),
                    params={"line": line, "max": MAX_ID_LENGTH},
                    code="trial_id",
                )
            yield line, trial_id, label
    except UnicodeDecodeError:
        raise _not_utf8(upload, max_bytes) from None
    except csv.Error as exc:
        if "NUL" in str(exc):
            raise ValidationError(_("This is not a CSV text file (it contains binary data)."), code="binary") from None
        raise ValidationError(
            _("Line %(line)s is not valid CSV (an unclosed quote or a line too long)."),
            params={"line": line + 1},
            code="csv",
        ) from None


def _label(line: int, text: str, n_classes: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not 1 <= value <= n_classes:
        raise ValidationError(
            _("Line %(line)s: the label “%(label)s” is not a class; labels are whole numbers from 1 to %(n)s."),
            params={"line": line, "label": _short(text), "n": n_classes},
            code="label",
        )
    return value


def read_answer_key(upload, *, n_classes: int, max_bytes: int) -> tuple[list[str], list[int]]:
    """The hidden labels: trial IDs in file order and their labels (``1`` … ``n_classes``)."""
    ids, labels, seen = [], [], set()
    for line, trial_id, text in rows(upload, max_bytes=max_bytes):
        if trial_id in seen:
            raise ValidationError(
                _("Line %(line)s: trial %(id)s appears twice."),
                params={"line": line, "id": _short(trial_id)},
                code="duplicate",
            )
        seen.add(trial_id)
        ids.append(trial_id)
        labels.append(_label(line, text, n_classes))
    if len(ids) < 2:
        raise ValidationError(_("The file needs at least two trials."), code="empty")
    return ids, labels


def read_predictions(
    upload, *, trial_ids: list[str], n_classes: int, max_bytes: int, deadline: float | None = None
) -> np.ndarray:
    """A team's predictions as an array aligned with ``trial_ids`` (one label per trial, every trial once)."""
    position = {trial_id: index for index, trial_id in enumerate(trial_ids)}
    predicted = np.zeros(len(trial_ids), dtype=np.int16)
    for line, trial_id, text in rows(upload, max_bytes=max_bytes, deadline=deadline):
        index = position.get(trial_id)
        if index is None:
            raise ValidationError(
                _("Line %(line)s: trial %(id)s is not a trial of this task."),
                params={"line": line, "id": _short(trial_id)},
                code="unknown",
            )
        if predicted[index]:
            raise ValidationError(
                _("Line %(line)s: trial %(id)s appears twice."),
                params={"line": line, "id": _short(trial_id)},
                code="duplicate",
            )
        predicted[index] = _label(line, text, n_classes)
    missing = np.flatnonzero(predicted == 0)
    if missing.size:
        # The first missing by trial ID, not in the hidden labels' order: refused files are free,
        # and naming them in that order would tell, upload by upload, how the answer key is sorted.
        named = ", ".join(sorted(trial_ids[i] for i in missing)[:NAMED])
        raise ValidationError(
            _("%(count)s trials have no prediction (for example %(ids)s); every trial needs one."),
            params={"count": missing.size, "ids": named},
            code="missing",
        )
    return predicted
