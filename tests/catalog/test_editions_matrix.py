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

from catalog.edition_models import EditionStatus
from catalog.edition_urls import EDITION_URL_NAMES
from tests.catalog.edition_factories import ApplicationFactory, EditionFactory
from tests.catalog.factories import PublishedProductFactory
from tests.matrix import LOGIN, Row, check_matrix, expect, uncovered_url_names, world  # noqa: F401


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
        "apply product A to the open call",
        _url("catalog:edition_apply", _pk("product_a"), _year("open")),
        expect(default=404, anonymous=LOGIN, **MEMBERS_A),
    ),
    Row(
        "apply product of org B (IDOR)",
        _url("catalog:edition_apply", _pk("product_b"), _year("open")),
        expect(default=404, anonymous=LOGIN, owner_b=200),
    ),
    Row(
        "apply product A to a draft edition",
        _url("catalog:edition_apply", _pk("product_a"), _year("draft")),
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
]


def _editions(w, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    from catalog import edition_services as services

    w.extra["open"] = EditionFactory()
    w.extra["draft"] = EditionFactory(status=EditionStatus.DRAFT)
    w.extra["product_a"] = PublishedProductFactory(organisation=w.org_a)
    w.extra["product_b"] = PublishedProductFactory(organisation=w.org_b)
    w.extra["application_a"] = ApplicationFactory(edition=w.extra["open"], product=w.extra["product_a"])
    published = EditionFactory()
    staff = w.user("staff")
    accepted = ApplicationFactory(edition=published, product=PublishedProductFactory(organisation=w.org_a))
    services.accept(staff=staff, application=accepted, category="education", rationale_zh="好")
    services.close_call(staff=staff, edition=published)
    services.publish(staff=staff, edition=published)
    w.extra["published"] = published


@pytest.mark.django_db
def test_editions_role_url_matrix(client, world, settings, tmp_path):  # noqa: F811
    _editions(world, settings, tmp_path)
    check_matrix(client, world, ROWS)


@pytest.mark.django_db
def test_every_edition_url_has_a_matrix_row(world, settings, tmp_path):  # noqa: F811
    _editions(world, settings, tmp_path)
    assert uncovered_url_names(world, ROWS, "catalog") & EDITION_URL_NAMES == set()
