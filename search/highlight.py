"""Snippets with highlighted matches, the same for both engines.

The text is escaped; only the ``<mark>`` tags are markup. Matches are found with the
shared analyser, so what is highlighted is exactly what matched (外骨 marks 外骨 in
外骨骼, "ALS" never marks part of "signals").

The text is shown as written: normalisation (full-width to ASCII, case) is for matching
only, so "：" and "（" stay full-width and "ＢＣＩ" is marked where "bci" matched it. A snippet
is the best passage of the text: the window holding the most of the query's different
tokens (the first such window on a tie), so both engines show the same passage.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.analysis import display_tokens

SNIPPET_CHARS = 160
LEAD_CHARS = 30


#: Characters written without spaces between them: CJK ideographs and punctuation, kana, full-width forms.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
#: A line break between two of them (a paragraph's end and the next's start, "……虚构。）\n上海市"):
#: Chinese joins the lines directly, where one space would be a gap no Chinese text has.
_BREAK_BETWEEN_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\u3000]*[\r\n][\s]*(?=[{_WIDE}])")


def _clean(text: str) -> str:
    """Control characters out, a line break between Chinese characters out, and other runs of white
    space made one space; nothing else changes."""
    cleaned = " ".join(_BREAK_BETWEEN_WIDE.sub("", text or "").split())
    if cleaned.isprintable():  # the only control characters were white space (new lines, tabs)
        return cleaned
    return " ".join("".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in cleaned).split())


def _matches(text: str, wanted: set[str]) -> list[tuple[int, int, str]] | None:
    """``(start, end, token)`` of the tokens of ``text`` in ``wanted``; ``None`` if offsets cannot be mapped."""
    found = display_tokens(text)
    if found is None:
        return None
    return sorted((tok.start, tok.end, tok.text) for tok in found if tok.text in wanted)


def spans(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """Merged character spans of ``text`` (as written) whose tokens are in ``wanted``."""
    return _merged(_matches(text, wanted) or [])


def _merged(matches: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end, _token in matches:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def best_window(text: str, matches: list[tuple[int, int, str]], length: int) -> int:
    """The start of the ``length``-character window with the most different matched tokens.

    Candidates start ``LEAD_CHARS`` before each match (or at the text's start); on a tie the
    earliest wins. Without matches the text's start.
    """
    # Only the matches starting inside a window can be in it: found by bisection, each window
    # reads its own few matches (a long text with thousands of matches stays linear, not quadratic).
    ordered = sorted(matches)
    starts = [a for a, _b, _token in ordered]
    best, best_count = 0, -1
    for start, _end, _token in matches:
        begin = max(0, start - LEAD_CHARS)
        inside = ordered[bisect_left(starts, begin) : bisect_right(starts, begin + length)]
        count = len({token for _a, b, token in inside if b <= begin + length})
        if count > best_count:
            best, best_count = begin, count
    return best


def highlight(text: str, wanted: set[str], *, length: int | None = SNIPPET_CHARS) -> SafeString:
    """``text`` escaped, cut to its best window around the matches, matches in ``<mark>``."""
    text = _clean(text)
    matches = _matches(text, wanted) if wanted else []
    if matches is None:  # offsets would not line up; show it plain
        return mark_safe(escape(text[:length] if length else text))  # noqa: S308
    start, end = 0, len(text)
    if length and len(text) > length:
        start = best_window(text, matches, length)
        end = min(len(text), start + length)
    out, pos = [], start
    for a, b in _merged(matches):
        if b <= start or a >= end:
            continue
        a, b = max(a, start, pos), min(b, end)
        if a >= b:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308
