"""Junk for forms and lists, and a probe that counts the server errors it draws.

Shared by the harnesses that send junk: ``tests/test_junk_input.py`` (every form and list of the
role × URL matrix) and ``tests/portal/test_admin_core_junk.py`` (the Wagtail admin's own areas).

* ``parse`` reads an answer's forms (their fields, the values shown, each input's kind), its
  links and its form errors;
* ``post_bodies`` yields the junk bodies for a form: an empty one, every field at once as each
  ``JUNK`` value, the shown form with one field at a time junk (by its kind: ``worst_for``), and
  unknown extra fields;
* ``stream_data`` writes a StreamField's value as Wagtail's editor posts it (the page's HTML has
  no field of it: the editor's script writes them);
* ``query_parameters`` and ``get_queries`` yield the junk query strings for a list;
* ``Probe.send`` sends one request (``tests.matrix.request_cell``: caches cleared, rolled back)
  and records every answer of 500 or more, with the exception and where it was raised.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from wagtail import blocks

from tests.matrix import request_cell

#: A string longer than any field of the site takes.
LONG = "脑机" * 5000
#: Field values no form expects. Lists are sent as repeated values.
JUNK = (
    LONG,
    ["1", "2"],
    '"',
    "AND (",
    "' OR 1=1 --",
    "a\x00b",
    "\ufffd\u200b😀\u202e",
    b"\xed\xa0\xbd\xf0\x9f\xa7\xa0\xff",  # a lone surrogate (as CESU-8), an emoji, a byte that is no UTF-8
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "999999999",
)
#: Extra fields a form never sends (some named as a model's own fields, which a form must not take).
UNKNOWN_FIELDS = ({"zzz_unknown": "x", "id": "1", "pk": "1"}, {"organisation": "1", "user": "1", "status": "approved"})
#: Query strings every list is asked (beside its own facets' junk).
JUNK_QUERIES = (
    {"page": "abc", "sort": "junk", "q": '"'},
    {"page": "-1", "q": "AND ("},
    {"page": "99999999999", "q": "' OR 1=1 --"},
    {"page": "1e309", "q": "a\x00b", "sort": "\x00"},
    {"page": "0", "q": "脑" * 2000},
    {"q": ["a", "b"], "page": ["1", "2"], "sort": ["junk", "newest"]},
    "q=%ED%A0%BD%F0%9F%A7%A0%FF&page=%FF",  # a lone surrogate (as CESU-8), an emoji, bytes that are no UTF-8
)
#: Query values a facet never takes.
FACET_JUNK = ("zzz-no-such-value", "\x00", "99999999999999999999", "-1")
#: Fields a browser's form sends that are not the member's input.
SKIPPED_FIELDS = ("csrfmiddlewaretoken",)
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Form:
    method: str
    action: str
    fields: dict = field(default_factory=dict)  # name -> list of values a browser sends as shown
    names: list = field(default_factory=list)  # every field name, in order (unchecked boxes too)
    kinds: dict = field(default_factory=dict)  # name -> its input's type ("select", "textarea", "number"...)


class FormsParser(HTMLParser):
    """The forms of a page (their fields and the values shown) and the query strings of its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.errors: list[str] = []
        self._form = None
        self._select = None
        self._first_option = None
        self._textarea = None
        self._error_depth = 0
        self._error_text = []

    def _add(self, name, value=None, kind=None):
        if self._form is None or not name or name in SKIPPED_FIELDS:
            return
        if name not in self._form.names:
            self._form.names.append(name)
            self._form.kinds[name] = kind
        if value is not None:
            self._form.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._error_depth:
            self._error_depth += tag not in ("br", "input", "img")
        elif tag == "ul" and "errorlist" in (a.get("class") or "").split():
            self._error_depth, self._error_text = 1, []
        if tag == "form":
            self._form = Form((a.get("method") or "get").lower(), a.get("action") or "")
            self.forms.append(self._form)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "input":
            # Wagtail's rich text editor keeps its content (Draftail's contentstate JSON) in a hidden input.
            kind = "richtext" if "data-draftail-input" in a else (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit" and a.get("name"):
                    self._add(a["name"])
                return
            if kind in ("checkbox", "radio"):
                self._add(a.get("name"), a.get("value", "on") if "checked" in a else None, kind)
            else:
                self._add(a.get("name"), a.get("value", ""), kind)
        elif tag == "button" and a.get("name"):
            self._add(a["name"])
        elif tag == "select":
            self._select, self._first_option = a.get("name"), None
            self._add(self._select, kind="select")
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._add(self._select, value)
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._add(self._textarea, kind="textarea")
            self._add(self._textarea, "")

    def handle_endtag(self, tag):
        if self._error_depth:
            self._error_depth -= 1
            if not self._error_depth:
                self.errors.append(" ".join("".join(self._error_text).split()))
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            if self._form is not None and self._select not in self._form.fields and self._first_option is not None:
                self._form.fields[self._select] = [self._first_option]
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._error_depth:
            self._error_text.append(data)
        if self._textarea and self._form is not None:
            self._form.fields[self._textarea][-1] += data.lstrip("\n")


def error_texts(response) -> list[str]:
    """The form errors an answer shows: its error lists (a page) or its ``errors`` (an autosave's JSON)."""
    if response.get("Content-Type", "").startswith("application/json"):
        errors = response.json().get("errors") if isinstance(response.json(), dict) else None
        if isinstance(errors, dict):
            return [error.get("message", "") for field_errors in errors.values() for error in field_errors]
        return []
    return parse(response).errors


def parse(response) -> FormsParser:
    parser = FormsParser()
    if "html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode(errors="replace"))
    return parser


#: What a field of each kind may let through to the database: a number no column holds, a text no
#: column takes, another organisation's object.
NUMBERS = ("99999999999999999999", "-1")
TEXTS = (LONG, "a\x00b")
DATES = ("2026-02-30", "99999-01-01")
#: What a rich text editor's field (Wagtail's Draftail: contentstate JSON) may be sent instead of
#: contentstate: plain text, JSON of another shape, broken JSON, nothing, an entity that is not there.
RICH_TEXTS = (
    "hello",
    '{"blocks": 1}',
    "[",
    "",
    '{"blocks": [{"key": "a", "text": "x", "type": "unstyled", "depth": 0, "inlineStyleRanges": [],'
    ' "entityRanges": [{"key": 7, "offset": 0, "length": 1}]}], "entityMap": {}}',
)


def worst_for(form: Form, name: str, others: list[str]) -> tuple:
    """The junk most likely to pass ``name``'s own check and fail further on, by what its input looks like."""
    kind, shown = form.kinds.get(name), (form.fields.get(name) or [""])[0]
    if kind == "richtext":
        return RICH_TEXTS
    if kind == "select" or (kind == "hidden" and shown.isdigit()):
        return ("999999999", NUMBERS[0], *others[:1])
    if kind == "number" or shown.lstrip("-").isdigit():
        return NUMBERS
    if kind == "date" or re.fullmatch(r"\d{4}-\d\d-\d\d.*", shown):
        return DATES
    if kind in ("text", "textarea", "email", "url", "search", None):
        return TEXTS
    return ()


def post_bodies(
    form: Form, others: list[str] = (), *, every: tuple = JUNK, values_for=None
) -> Iterator[tuple[str, dict]]:
    """``(label, body)``: the junk posted to ``form``; ``others`` are ids of objects the sender must not reach.

    ``every``: the values every field is set to at once. ``values_for(form, name, i)``: the values the
    ``i``-th field is sent in turn, the others as shown (by default a ``JUNK`` value in turn and
    ``worst_for``'s; none skips the field).
    """
    names, shown = form.names, form.fields
    yield "empty body", {}
    for value in every:
        yield f"every field = {value!r:.40}", dict.fromkeys(names, value)
    if others:
        yield "every field = B's ids", {name: others[i % len(others)] for i, name in enumerate(names)}
    for i, name in enumerate(names):
        values = values_for(form, name, i) if values_for else (JUNK[i % len(JUNK)], *worst_for(form, name, others))
        for value in values:
            yield f"{name} = {value!r:.40}", {**shown, name: value}
    for extra in UNKNOWN_FIELDS:
        yield f"unknown fields {sorted(extra)}", {**shown, **extra}


def stream_data(block, value, prefix: str) -> Iterator[tuple[str, list[str], str]]:
    """``(name, values, kind)``: what Wagtail's editor posts for ``value`` of ``block`` under ``prefix``.

    The editor's script writes a StreamField's blocks as fields of the form (the page's HTML has
    none of them): a stream or list has ``-count`` and, per item, ``-deleted``, ``-order``, ``-id``
    (and a stream's ``-type``); a struct block one field per child; a field block what its widget holds.
    """
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        children = list(value) if isinstance(block, blocks.StreamBlock) else list(value.bound_blocks)
        yield f"{prefix}-count", [str(len(children))], "number"
        for i, child in enumerate(children):
            item = f"{prefix}-{i}"
            yield f"{item}-deleted", [""], "hidden"
            yield f"{item}-order", [str(i)], "number"
            yield f"{item}-id", [child.id or ""], "hidden"
            if isinstance(block, blocks.StreamBlock):
                yield f"{item}-type", [child.block_type], "text"
            yield from stream_data(child.block, child.value, f"{item}-value")
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from stream_data(child, value.get(name), f"{prefix}-{name}")
    elif isinstance(block, blocks.ChooserBlock):
        yield prefix, [str(value.pk) if value is not None else ""], "select"
    else:
        state = block.get_form_state(value)
        values = (
            [str(item) for item in state] if isinstance(state, list | tuple) else ["" if state is None else str(state)]
        )
        kind = (
            "richtext"
            if isinstance(block, blocks.RichTextBlock)
            else "select"
            if isinstance(block, blocks.ChoiceBlock | blocks.MultipleChoiceBlock)
            else "text"
        )
        yield prefix, values, kind


def query_parameters(parser: FormsParser, path: str) -> dict:
    """The parameters the page at ``path`` reads, by its own GET forms and its links to itself, with a value shown."""
    params = {}
    for form in parser.forms:
        if form.method == "get" and urlsplit(urljoin(path, form.action)).path == path:
            for name in form.names:
                params.setdefault(name, (form.fields.get(name) or [""])[0])
    for link in parser.links:
        parts = urlsplit(urljoin(path, link))
        if parts.path == path:
            for name, value in parse_qsl(parts.query, keep_blank_values=True):
                params.setdefault(name, value)
    return params


def get_queries(params: dict, *, a_list: bool) -> Iterator[dict | str]:
    """Junk query strings for a page reading ``params``: the common ones, then its own parameters' junk.

    A page that is not seen to be a list (no parameter of its own: maybe a list whose one page has
    no links to others yet) is asked the common ones that say most at once.
    """
    yield from JUNK_QUERIES if a_list else JUNK_QUERIES[3:5]
    if params:
        for junk in FACET_JUNK:
            yield dict.fromkeys(params, junk)
        yield {name: [value, FACET_JUNK[0]] for name, value in params.items()}


@dataclass
class Probe:
    """The harness's answers: every server error, and every form error not in the page's language."""

    server_errors: list = field(default_factory=list)
    untranslated: list = field(default_factory=list)
    requests: int = 0
    forms: set = field(default_factory=set)
    lists: set = field(default_factory=set)

    def send(self, client, sessions, role, method, url, data) -> object:
        self.requests += 1
        response = request_cell(client, sessions[role], method, url, data)
        if response.status_code >= 500:
            self.server_errors.append(f"{method.upper()} {url} as {role} with {summary(data)}: {describe(response)}")
        return response

    def check_errors(self, response, url, role, label):
        if urlsplit(url).path.startswith("/zh-hans/") and response.status_code in (200, 400):
            english = [text for text in error_texts(response) if text and not CJK.search(text)]
            if english:
                self.untranslated.append(f"POST {url} as {role} with {label}: {english[:3]}")


def summary(data) -> str:
    text = urlencode(data, doseq=True) if isinstance(data, dict) else str(data)
    return text[:120] + ("…" if len(text) > 120 else "")


def describe(response) -> str:
    """The status, and for an exception its message, where it was raised and the project's last line it passed."""
    if not getattr(response, "exc_info", None):
        return str(response.status_code)
    error, frames = response.exc_info[1], traceback.extract_tb(response.exc_info[2])
    ours = [frame for frame in frames if "/site-packages/" not in frame.filename]
    where = [f"{frame.filename.split('/site-packages/')[-1]}:{frame.lineno}" for frame in (ours[-1:] + frames[-1:])]
    return f"{response.status_code} {type(error).__name__}: {str(error)[:160]} (at {' < '.join(reversed(where))})"
