"""Snippets with highlighted matches, the same for both engines.

The text is escaped; only the ``<mark>`` tags are markup. Matches are found with the
shared analyser, so what is highlighted is exactly what matched (外骨 marks 外骨 in
外骨骼, "ALS" never marks part of "signals").
"""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.analysis import tokens

SNIPPET_CHARS = 160
LEAD_CHARS = 30


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return " ".join("".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text).split())


def spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Merged character spans of ``text`` whose tokens are in ``wanted``."""
    found = sorted((tok.start, tok.end) for tok in tokens(text) if tok.text in wanted)
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def highlight(text: str, wanted: set[str], *, length: int | None = SNIPPET_CHARS) -> SafeString:
    """``text`` escaped, cut to a window around the first match, matches in ``<mark>``."""
    text = _clean(text)
    if len(text.lower()) != len(text):  # offsets would not line up; show it plain
        return mark_safe(escape(text[:length] if length else text))  # noqa: S308
    marks = spans(text, wanted) if wanted else []
    start, end = 0, len(text)
    if length and len(text) > length:
        start = max(0, marks[0][0] - LEAD_CHARS) if marks else 0
        end = min(len(text), start + length)
    out, pos = [], start
    for a, b in marks:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308
