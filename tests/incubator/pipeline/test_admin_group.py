"""Every admin URL of the incubator (the pipeline, the read-only record listings) as every role, with
real objects behind the URLs: anonymous visitors sent to sign in, members of organisations refused,
staff and project managers never a server error (as ``tests/test_url_coverage.py`` checks the whole
admin, here with the pipeline's and the profiles' objects present)."""

from __future__ import annotations

import re

from django.urls import reverse

from incubator.models import InvestorProfile, PlatformProfile, StartupProfile
from tests.incubator.pipeline.world import add_incubator_pipeline
from tests.matrix import Row, check_matrix, url_patterns, world  # noqa: F401
from tests.test_url_coverage import ADMIN, _view_model


def _rows(w) -> list[Row]:
    rows = []
    for pattern in url_patterns():
        if not (pattern.name or "").startswith("incubator_"):
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", pattern.route)
        model = _view_model(pattern)
        first = model._default_manager.order_by("pk").first() if model is not None else None
        kwargs = dict.fromkeys(names, first.pk if first is not None else 1)
        url = reverse(pattern.name, kwargs=kwargs)
        rows.append(Row(f"admin {pattern.name}", lambda _w, url=url: url, ADMIN))
        if pattern.route.endswith(("move/", "notes/", "tasks/", "support/", "manager/", "done/", "discover/")):
            rows.append(
                Row(f"admin {pattern.name} POST", lambda _w, url=url: url, ADMIN, method="post", data=lambda _w: {})
            )
    return rows


def test_the_incubator_admin_as_a_group(client, world):  # noqa: F811
    add_incubator_pipeline(world)
    StartupProfile.objects.create(organisation=world.extra["org_startup"], summary_zh="矩阵初创")
    InvestorProfile.objects.create(organisation=world.extra["org_investor"])
    PlatformProfile.objects.create(organisation=world.extra["org_platform"])
    rows = _rows(world)
    assert len(rows) > 30
    check_matrix(client, world, rows)
