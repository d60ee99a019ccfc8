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
``/zh-hans/`` each error is Chinese. The junk, the forms' parser and the probe are ``tests/junk.py``'s,
shared with ``tests/portal/test_admin_core_junk.py`` (the Wagtail admin's own areas).
"""

from __future__ import annotations

import zlib
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.junk import Form, Probe, get_queries, parse, post_bodies, query_parameters
from tests.matrix import (
    ALL_ROLES,
    ANONYMOUS,
    World,
    matrix_rows,
    sign_in_every_role,
)

pytestmark = pytest.mark.django_db


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
    others = _other_organisation_ids(w)

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
        for label, body in post_bodies(form, others):
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
