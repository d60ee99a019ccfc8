"""Role × URL matrix for cases.

Decisions recorded here:
* The case index, a selection page and a published case are open to all; a draft case page
  is a 404 for everyone on its public URL.
* A submission is seen only by its organisation's members and alliance staff (read-only);
  everyone else, project managers included, gets a 404 — never a 403 — for another
  organisation's submission or attachment. Only members edit (staff review in the admin).
* Only alliance staff take review decisions in the admin; project managers may look.
  The same for a selection's expert panel: project managers see the ranking, staff act.
"""

import pytest
from django.urls import reverse

from tests.matrix import (  # noqa: F401
    LOGIN,
    Row,
    add_cases,
    check_matrix,
    creation_token,
    expect,
    form_data,
    world,
)


def _pk(key):
    return lambda w: w.extra[key].pk


def _url(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def _step(key, step):
    return lambda w: reverse("cases:submission_step", args=[w.extra[key].pk, step])


MEMBERS_A = {"editor_a": 200, "owner_a": 200}

#: Wagtail pages (not named URLs of the namespace).
PAGE_ROWS = [
    Row("case index", lambda w: w.extra["site"].index.url, expect(default=200)),
    Row(
        "case index with facets",
        lambda w: w.extra["site"].index.url + "?indication=paralysis&sort=oldest",
        expect(default=200),
    ),
    Row("case index en", lambda w: w.extra["site"].index_en.url, expect(default=200)),
    Row("selection page", lambda w: w.extra["site"].index.url + "selections/typical-2026/", expect(default=200)),
    Row("unknown selection", lambda w: w.extra["site"].index.url + "selections/nope/", expect(default=404)),
    Row("published case", lambda w: w.extra["live_case"].url, expect(default=200)),
    Row("draft case page (public URL)", lambda w: w.extra["site"].index.url + "draft-case/", expect(default=404)),
]

ROWS = [
    Row("my cases", _url("cases:my_cases"), expect(default=200, anonymous=LOGIN)),
    Row(
        "new case for org A",
        _url("cases:submission_create", lambda w: w.org_a.pk),
        expect(default=404, anonymous=LOGIN, **MEMBERS_A),
    ),
    Row(
        "new case for org B (IDOR for A's people)",
        _url("cases:submission_create", lambda w: w.org_b.pk),
        expect(default=404, anonymous=LOGIN, owner_b=200),
    ),
    Row(
        "submission A",
        _url("cases:submission_detail", _pk("case_draft_a")),
        expect(default=404, anonymous=LOGIN, staff=200, **MEMBERS_A),
    ),
    Row(
        "submission B (IDOR)",
        _url("cases:submission_detail", _pk("case_draft_b")),
        expect(default=404, anonymous=LOGIN, owner_b=200, staff=200),
    ),
    Row(
        "edit submission A",
        _step("case_draft_a", "basics"),
        expect(default=404, anonymous=LOGIN, **MEMBERS_A),
    ),
    Row("edit submission A, unknown step", _step("case_draft_a", "nope"), expect(default=404, anonymous=LOGIN)),
    Row(
        "edit submission B (IDOR)",
        _step("case_draft_b", "outcomes"),
        expect(default=404, anonymous=LOGIN, owner_b=200),
    ),
    Row(
        "save a step of submission A (POST, stale version)",
        _step("case_draft_a", "clinical"),
        expect(default=404, anonymous=LOGIN, editor_a=409, owner_a=409),
        method="post",
        data=lambda w: {"version": 99, "enrolment_type": "actual"},
    ),
    Row(
        "submit submission B (POST, IDOR)",
        _step("case_draft_b", "submit"),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
        data=lambda w: {"version": w.extra["case_draft_b"].version, "consent_confirmed": "on"},
    ),
    Row(
        "autosave submission A (POST)",
        _url("cases:submission_autosave", _pk("case_draft_a"), "basics"),
        expect(default=404, anonymous=401, **MEMBERS_A),  # signed out: said in JSON (the script reads it)
        method="post",
        data=lambda w: {"version": w.extra["case_draft_a"].version, "title": "自动保存"},
    ),
    Row(
        "autosave submission B (POST, IDOR)",
        _url("cases:submission_autosave", _pk("case_draft_b"), "basics"),
        expect(default=404, anonymous=401, owner_b=200),
        method="post",
        data=lambda w: {"version": w.extra["case_draft_b"].version, "title": "自动保存"},
    ),
    Row("autosave via GET", _url("cases:submission_autosave", _pk("case_draft_a"), "basics"), expect(default=405)),
    Row(
        "attachment of submission A",
        _url("cases:attachment_download", _pk("case_draft_a"), _pk("attachment_a")),
        expect(default=404, anonymous=LOGIN, staff=200, **MEMBERS_A),
    ),
    Row(
        "attachment of A through submission B's URL",
        _url("cases:attachment_download", _pk("case_draft_b"), _pk("attachment_a")),
        expect(default=404, anonymous=LOGIN),
    ),
    Row(
        "admin submissions list",
        _url("case_submissions:index"),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin submission inspect",
        _url("case_submissions:inspect", _pk("case_submitted_a")),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin request changes (staff only)",
        _url("case_submissions:review", _pk("case_submitted_a"), "request_changes"),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
    Row(
        "admin accept (POST, staff only)",
        _url("case_submissions:review", _pk("case_submitted_a"), "accept"),
        expect(default=302, anonymous=LOGIN),
        method="post",
    ),
    Row(
        "admin edit form (no editing in the admin)",
        _url("case_submissions:edit", _pk("case_submitted_a")),
        expect(default=302, anonymous=LOGIN),
    ),
    Row(
        "admin selections",
        _url("wagtailsnippets_cases_typicalcaseselection:list"),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
    Row(
        "admin selection's expert panel",
        _url("typical_case_selection_panel", _pk("selection")),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin open the selection's panel (POST without data, staff only)",
        _url("typical_case_selection_panel_action", _pk("selection"), "open"),
        expect(default=302, anonymous=LOGIN, staff=400),
        method="post",
    ),
    Row(
        "admin selection panel, unknown action",
        _url("typical_case_selection_panel_action", _pk("selection"), "nope"),
        expect(default=302, anonymous=LOGIN, project_manager=404, staff=404),
        method="post",
    ),
]


def _new_case(key):
    """Step 1 of a new case (the fields of ``key``, another title) with its one-time token."""

    def data(w):
        from cases.forms import BasicsForm

        fields = form_data(BasicsForm(instance=w.extra[key], initial={"version": 1}))
        return fields | {"title": "新的典型案例"} | creation_token(BasicsForm)

    return data


def _attachment(submission, attachment):
    return _url("cases:attachment_download", _pk(submission), _pk(attachment))


def _remove(submission, attachment):
    return _url("cases:attachment_remove", _pk(submission), _pk(attachment))


#: Taking a file off a case: its organisation's writers only (staff review, they do not edit), by POST.
REMOVAL_ROWS = [
    Row(
        "remove attachment of submission A",
        _remove("case_draft_a", "attachment_a"),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
    ),
    Row(
        "remove attachment of submission B (IDOR)",
        _remove("case_draft_b", "attachment_b"),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
    ),
    Row(
        "remove attachment of A through B's URL",
        _remove("case_draft_b", "attachment_a"),
        expect(default=404, anonymous=LOGIN),
        method="post",
    ),
    # Taking a case back to edit: a draft is refused with a message (the case page), by its writers only.
    Row(
        "take back submission A (POST)",
        _url("cases:submission_take_back", _pk("case_draft_a")),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
    ),
    Row(
        "take back submission B (POST, IDOR)",
        _url("cases:submission_take_back", _pk("case_draft_b")),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
    ),
    Row("take back submission A via GET", _url("cases:submission_take_back", _pk("case_draft_a")), expect(default=405)),
    Row("take back submission B via GET", _url("cases:submission_take_back", _pk("case_draft_b")), expect(default=405)),
    Row("remove attachment via GET", _remove("case_draft_a", "attachment_a"), expect(default=405)),
    Row("remove attachment B via GET", _remove("case_draft_b", "attachment_b"), expect(default=405)),
]


#: Issue #11: both organisations' submissions and attachments, GET and POST (views without a
#: method restriction answer a POST as a GET); the JSON API (published cases only).
IDOR_ROWS = [
    Row(
        "new case for org A (POST)",
        _url("cases:submission_create", lambda w: w.org_a.pk),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
        data=_new_case("case_draft_a"),
    ),
    Row(
        "new case for org B (POST, IDOR)",
        _url("cases:submission_create", lambda w: w.org_b.pk),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
        data=_new_case("case_draft_b"),
    ),
    Row(
        "submission A (POST)",
        _url("cases:submission_detail", _pk("case_draft_a")),
        expect(default=404, anonymous=LOGIN, staff=200, **MEMBERS_A),
        method="post",
    ),
    Row(
        "submission B (POST, IDOR)",
        _url("cases:submission_detail", _pk("case_draft_b")),
        expect(default=404, anonymous=LOGIN, owner_b=200, staff=200),
        method="post",
    ),
    Row("autosave B via GET", _url("cases:submission_autosave", _pk("case_draft_b"), "basics"), expect(default=405)),
    Row(
        "attachment of submission B (IDOR)",
        _attachment("case_draft_b", "attachment_b"),
        expect(default=404, anonymous=LOGIN, owner_b=200, staff=200),
    ),
    Row(
        "attachment of submission A (POST)",
        _attachment("case_draft_a", "attachment_a"),
        expect(default=404, anonymous=LOGIN, staff=200, **MEMBERS_A),
        method="post",
    ),
    Row(
        "attachment of submission B (POST, IDOR)",
        _attachment("case_draft_b", "attachment_b"),
        expect(default=404, anonymous=LOGIN, owner_b=200, staff=200),
        method="post",
    ),
    Row(
        "attachment of B through submission A's URL",
        _attachment("case_draft_a", "attachment_b"),
        expect(default=404, anonymous=LOGIN),
    ),
    Row("API cases", lambda w: "/api/v1/cases/", expect(default=200)),
    Row("API cases (filtered)", lambda w: "/api/v1/cases/?indication=paralysis&lang=en", expect(default=200)),
    Row("API cases (POST)", lambda w: "/api/v1/cases/", expect(default=405), method="post"),
    Row("API published case", lambda w: f"/api/v1/cases/{w.extra['live_case'].pk}/", expect(default=200)),
    Row("API draft case", lambda w: f"/api/v1/cases/{w.extra['draft_case'].pk}/", expect(default=404)),
    Row("API case index (not a case)", lambda w: f"/api/v1/cases/{w.extra['site'].index.pk}/", expect(default=404)),
]


@pytest.mark.django_db
def test_cases_role_url_matrix(client, world):  # noqa: F811
    add_cases(world)
    check_matrix(client, world, PAGE_ROWS + ROWS + IDOR_ROWS + REMOVAL_ROWS)
