"""Role × URL matrix for the recommended-catalogue editions.

Decisions recorded here:
* The list of editions, a published edition, an open call and a published edition's
  downloads are public; a draft edition or one under review is a 404 for everyone.
* Members' application pages look products and applications up among the user's own
  organisations': anyone else (staff included) gets a 404. Staff decide in the admin.
* In the admin, staff and project managers see editions and applications; only staff
  add editions, open/close/publish and accept/reject.
"""

import pytest
from django.urls import reverse

from tests.matrix import LOGIN, Row, add_editions, check_matrix, expect, world  # noqa: F401


def _pk(key):
    return lambda w: w.extra[key].pk


def _year(key):
    return lambda w: w.extra[key].year


def _url(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


MEMBERS_A = {"editor_a": 200, "owner_a": 200}
ADMIN_LOOK = expect(default=302, anonymous=LOGIN, project_manager=200, staff=200)
ADMIN_DECIDE = expect(default=302, anonymous=LOGIN, staff=200)

ROWS = [
    Row("edition list", _url("catalog:edition_list"), expect(default=200)),
    Row("published edition", _url("catalog:edition_detail", _year("published")), expect(default=200)),
    Row("open call", _url("catalog:edition_detail", _year("open")), expect(default=200)),
    Row("draft edition", _url("catalog:edition_detail", _year("draft")), expect(default=404)),
    Row("unknown edition", _url("catalog:edition_detail", 1999), expect(default=404)),
    Row("published edition CSV", _url("catalog:edition_download", _year("published"), "csv"), expect(default=200)),
    Row("open call download", _url("catalog:edition_download", _year("open"), "csv"), expect(default=404)),
    Row("unknown format", _url("catalog:edition_download", _year("published"), "exe"), expect(default=404)),
    Row("my applications", _url("catalog:my_edition_applications"), expect(default=200, anonymous=LOGIN)),
    Row(
        "apply product A to the open call (it has applied: sent to its applications)",
        _url("catalog:edition_apply", _pk("live_a"), _year("open")),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
    ),
    Row(
        "apply product of org B (IDOR; it has applied)",
        _url("catalog:edition_apply", _pk("live_b"), _year("open")),
        expect(default=404, anonymous=LOGIN, owner_b=302),
    ),
    Row(
        "apply product A to a draft edition",
        _url("catalog:edition_apply", _pk("live_a"), _year("draft")),
        expect(default=404, anonymous=LOGIN),
    ),
    Row(
        "withdraw application of org A (POST)",
        _url("catalog:edition_withdraw", _pk("application_a")),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
    ),
    Row("withdraw via GET", _url("catalog:edition_withdraw", _pk("application_a")), expect(default=405)),
    Row("admin editions", _url("editions:index"), ADMIN_LOOK),
    Row("admin edition inspect", _url("editions:inspect", _pk("open")), ADMIN_LOOK),
    Row("admin add edition", _url("editions:add"), ADMIN_DECIDE),
    Row("admin edit open edition", _url("editions:edit", _pk("open")), ADMIN_DECIDE),
    Row("admin edit published edition", _url("editions:edit", _pk("published")), expect(default=302, anonymous=LOGIN)),
    Row("admin close call", _url("editions:action", _pk("open"), "close"), ADMIN_DECIDE),
    Row(
        "admin close call (POST)",
        _url("editions:action", _pk("open"), "close"),
        expect(default=302, anonymous=LOGIN),
        method="post",
    ),
    Row("admin delete edition", _url("editions:delete", _pk("open")), expect(default=302, anonymous=LOGIN)),
    Row("admin applications", _url("edition_applications:index"), ADMIN_LOOK),
    Row("admin application inspect", _url("edition_applications:inspect", _pk("application_a")), ADMIN_LOOK),
    Row(
        "admin accept application",
        _url("edition_applications:decide", _pk("application_a"), "accept"),
        ADMIN_DECIDE,
    ),
    Row(
        "admin reject (POST without reason)",
        _url("edition_applications:decide", _pk("application_a"), "reject"),
        ADMIN_DECIDE,
        method="post",
    ),
    Row("admin edition's expert panel", _url("edition_panel", _pk("open")), ADMIN_LOOK),
    Row(
        "admin have the applications scored (POST without data, staff only)",
        _url("edition_panel_action", _pk("open"), "open"),
        expect(default=302, anonymous=LOGIN, staff=400),
        method="post",
    ),
]


_APPLY = {"proposed_category": "education", "statement": "干电极，佩戴方便。"}

#: Issue #11: both organisations' products and applications, GET and POST; the JSON API.
IDOR_ROWS = [
    Row(
        "apply product A (POST; another application is refused on the form)",
        _url("catalog:edition_apply", _pk("live_a"), _year("open")),
        expect(default=404, anonymous=LOGIN, editor_a=400, owner_a=400),
        method="post",
        data=lambda w: _APPLY,
    ),
    Row(
        "apply product of org B (POST, IDOR; another application is refused on the form)",
        _url("catalog:edition_apply", _pk("live_b"), _year("open")),
        expect(default=404, anonymous=LOGIN, owner_b=400),
        method="post",
        data=lambda w: _APPLY,
    ),
    Row(
        "withdraw B's application via GET", _url("catalog:edition_withdraw", _pk("application_b")), expect(default=405)
    ),
    Row(
        "withdraw application of org B (POST, IDOR)",
        _url("catalog:edition_withdraw", _pk("application_b")),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
    ),
    Row("API editions", lambda w: "/api/v1/editions/", expect(default=200)),
    Row("API editions (POST)", lambda w: "/api/v1/editions/", expect(default=405), method="post"),
    Row("API published edition", lambda w: f"/api/v1/editions/{w.extra['published'].year}/", expect(default=200)),
    Row("API open call", lambda w: f"/api/v1/editions/{w.extra['open'].year}/", expect(default=200)),
    Row("API draft edition", lambda w: f"/api/v1/editions/{w.extra['draft'].year}/", expect(default=404)),
    Row("API unknown edition", lambda w: "/api/v1/editions/1999/", expect(default=404)),
]


def _editions(w, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    add_editions(w)


@pytest.mark.django_db
def test_editions_role_url_matrix(client, world, settings, tmp_path):  # noqa: F811
    _editions(world, settings, tmp_path)
    check_matrix(client, world, ROWS + IDOR_ROWS)
