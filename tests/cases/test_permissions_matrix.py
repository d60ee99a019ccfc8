"""Role × URL matrix for cases.

Decisions recorded here:
* The case index, a selection page and a published case are open to all; a draft case page
  is a 404 for everyone on its public URL.
* A submission is seen only by its organisation's members and alliance staff (read-only);
  everyone else, project managers included, gets a 404 — never a 403 — for another
  organisation's submission or attachment. Only members edit (staff review in the admin).
* Only alliance staff take review decisions in the admin; project managers may look.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cases.models import CaseSubmissionAttachment
from tests.cases.factories import SelectionFactory, SubmissionFactory, build_case_site, make_case
from tests.matrix import LOGIN, Row, check_matrix, expect, uncovered_url_names, world  # noqa: F401


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
        _url("cases:submission_detail", _pk("draft_a")),
        expect(default=404, anonymous=LOGIN, staff=200, **MEMBERS_A),
    ),
    Row(
        "submission B (IDOR)",
        _url("cases:submission_detail", _pk("draft_b")),
        expect(default=404, anonymous=LOGIN, owner_b=200, staff=200),
    ),
    Row(
        "edit submission A",
        _step("draft_a", "basics"),
        expect(default=404, anonymous=LOGIN, **MEMBERS_A),
    ),
    Row("edit submission A, unknown step", _step("draft_a", "nope"), expect(default=404, anonymous=LOGIN)),
    Row(
        "edit submission B (IDOR)",
        _step("draft_b", "outcomes"),
        expect(default=404, anonymous=LOGIN, owner_b=200),
    ),
    Row(
        "save a step of submission A (POST, stale version)",
        _step("draft_a", "clinical"),
        expect(default=404, anonymous=LOGIN, editor_a=409, owner_a=409),
        method="post",
        data=lambda w: {"version": 99, "enrolment_type": "actual"},
    ),
    Row(
        "submit submission B (POST, IDOR)",
        _step("draft_b", "submit"),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
        data=lambda w: {"version": w.extra["draft_b"].version, "consent_confirmed": "on"},
    ),
    Row(
        "autosave submission A (POST)",
        _url("cases:submission_autosave", _pk("draft_a"), "basics"),
        expect(default=404, anonymous=LOGIN, **MEMBERS_A),
        method="post",
        data=lambda w: {"version": w.extra["draft_a"].version, "title": "自动保存"},
    ),
    Row(
        "autosave submission B (POST, IDOR)",
        _url("cases:submission_autosave", _pk("draft_b"), "basics"),
        expect(default=404, anonymous=LOGIN, owner_b=200),
        method="post",
        data=lambda w: {"version": w.extra["draft_b"].version, "title": "自动保存"},
    ),
    Row("autosave via GET", _url("cases:submission_autosave", _pk("draft_a"), "basics"), expect(default=405)),
    Row(
        "attachment of submission A",
        _url("cases:attachment_download", _pk("draft_a"), _pk("attachment_a")),
        expect(default=404, anonymous=LOGIN, staff=200, **MEMBERS_A),
    ),
    Row(
        "attachment of A through submission B's URL",
        _url("cases:attachment_download", _pk("draft_b"), _pk("attachment_a")),
        expect(default=404, anonymous=LOGIN),
    ),
    Row(
        "admin submissions list",
        _url("case_submissions:index"),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin submission inspect",
        _url("case_submissions:inspect", _pk("submitted_a")),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin request changes (staff only)",
        _url("case_submissions:review", _pk("submitted_a"), "request_changes"),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
    Row(
        "admin accept (POST, staff only)",
        _url("case_submissions:review", _pk("submitted_a"), "accept"),
        expect(default=302, anonymous=LOGIN),
        method="post",
    ),
    Row(
        "admin edit form (no editing in the admin)",
        _url("case_submissions:edit", _pk("submitted_a")),
        expect(default=302, anonymous=LOGIN),
    ),
    Row(
        "admin selections",
        _url("wagtailsnippets_cases_typicalcaseselection:list"),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
]


def _cases(w):
    w.extra["site"] = site = build_case_site()
    SelectionFactory(slug="typical-2026")
    w.extra["live_case"] = make_case(site.index, institutions=[w.org_a])
    make_case(site.index, slug="draft-case", live=False)
    w.extra["draft_a"] = SubmissionFactory(organisation=w.org_a, created_by=w.user("editor_a"))
    w.extra["draft_b"] = SubmissionFactory(organisation=w.org_b, created_by=w.user("owner_b"))
    w.extra["submitted_a"] = SubmissionFactory(organisation=w.org_a, status="submitted")
    w.extra["attachment_a"] = CaseSubmissionAttachment.objects.create(
        submission=w.extra["draft_a"], file=ContentFile(b"%PDF-1.4 test", name="ethics.pdf"), name="ethics.pdf"
    )


@pytest.mark.django_db
def test_cases_role_url_matrix(client, world):  # noqa: F811
    _cases(world)
    check_matrix(client, world, PAGE_ROWS + ROWS)


@pytest.mark.django_db
def test_every_cases_url_has_a_matrix_row(world):  # noqa: F811
    _cases(world)
    assert uncovered_url_names(world, ROWS, "cases") == set()
