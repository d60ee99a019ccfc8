"""Junk sent to every form and list of the site: a clear answer, never a server error.

The product's rule: bad input gets a translated error and loses nothing, never a 500. The targeted
tests (``tests/portal/test_form_input.py``, ``test_path_integers.py``, ``test_hostile_uploads.py``,
``test_double_submit.py``) try one form each; this module sends junk to *every* form and list the
role × URL matrix knows, as a role the matrix lets use it, against the matrix's world (both
organisations' objects, ``tests.matrix.everything``):

* every row that answers a role 200 (GET) is fetched as that role; each POST form on the page is
  posted to (as a browser would, from the values it shows) and the page itself is requested with
  junk query strings when it reads any (a GET form of its own, links to itself with a query, the
  JSON API's lists);
* every POST row that answers a role 200 or 302 is posted to, its fields read from the row's data
  and from the form of the same address;
* the bodies: an empty one; every field set at once to each junk value (``JUNK``); the shown form
  with one field at a time set to a junk value (rotating through them); unknown extra fields;
  other organisations' ids;
* the queries: ``page`` as a word, negative, huge; ``q`` as ``"``, ``AND (``, SQL, a NUL, 2,000
  characters; ``sort`` and every facet the page reads as junk, a NUL, a huge number, repeated.

Each address is tried once per method (the first row and role that may use it), in its row's
language. Every answer must be below 500; a form page sent back with errors shows them, and under
``/zh-hans/`` each error is Chinese.
"""

from __future__ import annotations

import re
import traceback
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.matrix import (
    ALL_ROLES,
    ANONYMOUS,
    World,
    matrix_rows,
    request_cell,
    sign_in_every_role,
)

pytestmark = pytest.mark.django_db

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
            kind = (a.get("type") or "text").lower()
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


# --- what to try ------------------------------------------------------------------------------


def _usable(expected) -> bool:
    return expected in (200, 302)


def _pattern_key(path: str):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    language = path.lstrip("/").split("/", 1)[0]
    return (match.route, language)


def _other_organisation_ids(w: World) -> list[str]:
    return sorted({value for (_kind, value), owner in w.owned.items() if owner == "B" and value.isdigit()})


#: What a field of each kind may let through to the database: a number no column holds, a text no
#: column takes, another organisation's object.
NUMBERS = ("99999999999999999999", "-1")
TEXTS = (LONG, "a\x00b")
DATES = ("2026-02-30", "99999-01-01")


def _worst_for(form: Form, name: str, others: list[str]) -> tuple:
    """The junk most likely to pass ``name``'s own check and fail further on, by what its input looks like."""
    kind, shown = form.kinds.get(name), (form.fields.get(name) or [""])[0]
    if kind == "select" or (kind == "hidden" and shown.isdigit()):
        return ("999999999", NUMBERS[0], *others[:1])
    if kind == "number" or shown.lstrip("-").isdigit():
        return NUMBERS
    if kind == "date" or re.fullmatch(r"\d{4}-\d\d-\d\d.*", shown):
        return DATES
    if kind in ("text", "textarea", "email", "url", "search", None):
        return TEXTS
    return ()


def post_bodies(w: World, form: Form) -> Iterator[tuple[str, dict]]:
    """``(label, body)``: the junk posted to ``form``."""
    names, shown = form.names, form.fields
    yield "empty body", {}
    for value in JUNK:
        yield f"every field = {value!r:.40}", dict.fromkeys(names, value)
    others = _other_organisation_ids(w)
    if others:
        yield "every field = B's ids", {name: others[i % len(others)] for i, name in enumerate(names)}
    for i, name in enumerate(names):
        for value in (JUNK[i % len(JUNK)], *_worst_for(form, name, others)):
            yield f"{name} = {value!r:.40}", {**shown, name: value}
    for extra in UNKNOWN_FIELDS:
        yield f"unknown fields {sorted(extra)}", {**shown, **extra}


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
            self.server_errors.append(f"{method.upper()} {url} as {role} with {_summary(data)}: {_describe(response)}")
        return response

    def check_errors(self, response, url, role, label):
        if urlsplit(url).path.startswith("/zh-hans/") and response.status_code in (200, 400):
            english = [text for text in error_texts(response) if text and not CJK.search(text)]
            if english:
                self.untranslated.append(f"POST {url} as {role} with {label}: {english[:3]}")


def _summary(data) -> str:
    text = urlencode(data, doseq=True) if isinstance(data, dict) else str(data)
    return text[:120] + ("…" if len(text) > 120 else "")


def _describe(response) -> str:
    """The status, and for an exception its message, where it was raised and the project's last line it passed."""
    if not getattr(response, "exc_info", None):
        return str(response.status_code)
    error, frames = response.exc_info[1], traceback.extract_tb(response.exc_info[2])
    ours = [frame for frame in frames if "/site-packages/" not in frame.filename]
    where = [f"{frame.filename.split('/site-packages/')[-1]}:{frame.lineno}" for frame in (ours[-1:] + frames[-1:])]
    return f"{response.status_code} {type(error).__name__}: {str(error)[:160]} (at {' < '.join(reversed(where))})"


def _usable_roles(row) -> list[str]:
    """Who tries the row: the first role it lets in and the first signed-in one (pages show members more forms)."""
    roles = [role for role in ALL_ROLES if _usable(row.expected[role])]
    return list(dict.fromkeys(roles[:1] + [role for role in roles if role != ANONYMOUS][:1]))


#: The harness runs in this many parts, each a test of its own, so the test workers share them (the
#: whole took 80 to 210 s in one process). A row belongs to the part of its URL pattern.
PARTS = 4


def _part_of(path: str) -> int:
    """The part of ``path``'s pattern: a hash stable across processes (each worker runs its own parts)."""
    key = _pattern_key(path)
    return zlib.crc32(repr(key).encode()) % PARTS


def run_harness(client, w: World, part: int | None = None) -> Probe:
    """Junk to the rows of the matrix (those of pattern part ``part``; ``None``: all)."""
    probe = Probe()
    sessions = sign_in_every_role(client, w)
    client.raise_request_exception = False
    tried = set()

    def first_time(path, method) -> bool:
        key = (_pattern_key(path), method)
        if key[0] is None or key in tried:
            return False
        tried.add(key)
        return True

    def junk_form(role, form: Form, page_url):
        action = urlsplit(urljoin(page_url, form.action)).path
        if not first_time(action, "post"):
            return
        probe.forms.add(action)
        for label, body in post_bodies(w, form):
            response = probe.send(client, sessions, role, "post", action, body)
            probe.check_errors(response, action, role, label)

    def junk_list(role, params, path, *, a_list):
        if a_list:
            probe.lists.add(path)
        for query in get_queries(params, a_list=a_list):
            if isinstance(query, str):
                probe.send(client, sessions, role, "get", f"{path}?{query}", {})
            else:
                probe.send(client, sessions, role, "get", path, query)

    for row in matrix_rows():
        url = row.url(w)
        path = urlsplit(url).path
        if part is not None and _part_of(path) != part:
            continue
        for role in _usable_roles(row):
            if row.method == "get":
                response = probe.send(client, sessions, role, "get", url, {})
                if response.status_code != 200:
                    continue
                parser = parse(response)
                for form in parser.forms:
                    if form.method == "post":
                        junk_form(role, form, url)
                params = query_parameters(parser, path)
                is_json = response.get("Content-Type", "").startswith("application/json")
                if first_time(path, "get"):
                    junk_list(role, params, path, a_list=bool(params) or is_json or "?" in url)
            elif row.method == "post":
                shown = parse(probe.send(client, sessions, role, "get", url, {}))
                same = [f for f in shown.forms if f.method == "post" and urlsplit(urljoin(url, f.action)).path == path]
                form = same[0] if same else Form("post", url)
                for name, value in (row.data(w) if row.data else {}).items():
                    form.fields[name] = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
                    if name not in form.names:
                        form.names.append(name)
                junk_form(role, form, url)
    return probe


@pytest.mark.parametrize("part", range(PARTS))
def test_no_junk_is_a_server_error_and_errors_speak_chinese(client, everything, part):
    probe = run_harness(client, everything, part)
    print(f"junk harness: {probe.requests} requests, {len(probe.forms)} forms, {len(probe.lists)} lists")
    assert probe.forms and probe.lists
    assert not probe.server_errors, f"{len(probe.server_errors)} server errors:\n" + "\n".join(probe.server_errors)
    assert not probe.untranslated, "form errors in English on Chinese pages:\n" + "\n".join(probe.untranslated)
