"""The JSON API of the directories: anonymous, public groups only, the same filters as the pages."""

from __future__ import annotations

import pytest

from tests.incubator.profiles.world import add_incubator_profiles
from tests.matrix import world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_startup_list_shows_public_groups_only(client, world, django_assert_max_num_queries):  # noqa: F811
    add_incubator_profiles(world)
    client.force_login(world.user("investor"))  # the API answers as to anyone: no investor view
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/startups/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    by_slug = {row["slug"]: row for row in data["results"]}
    assert set(by_slug) == {"delta-neuro", "epsilon-bci"}
    a, b = by_slug["delta-neuro"], by_slug["epsilon-bci"]
    # A: team public; funding, traction, IP not. B: traction public only.
    assert a["team"]["key_people_zh"].endswith("-A") and a["funding"] is None
    assert a["traction"] is None and a["ip"] is None
    assert b["team"] is None and b["funding"] is None and b["ip"] is None
    assert b["traction"]["traction_zh"].endswith("-B")
    body = response.content.decode()
    assert "资金用途秘密" not in body and "20000000" not in body and "专利秘密说明" not in body
    assert "ask" not in [facet["param"] for facet in data["facets"]]
    assert a["indications"] == [{"value": "stroke", "label": a["indications"][0]["label"]}]


def test_startup_filters_and_detail(client, world):  # noqa: F811
    add_incubator_profiles(world)
    assert [row["slug"] for row in client.get("/api/v1/startups/?stage=clinical_trial").json()["results"]] == [
        "epsilon-bci"
    ]
    assert client.get("/api/v1/startups/?q=康复").json()["count"] == 2
    assert client.get("/api/v1/startups/?ask=20m_50m").json()["count"] == 2  # no such filter here
    assert client.get("/api/v1/startups/?page=0").status_code == 422
    detail = client.get("/api/v1/startups/delta-neuro/")
    assert detail.status_code == 200 and detail.json()["funding"] is None
    assert client.get("/api/v1/startups/eta-pending/").status_code == 404
    assert client.get("/api/v1/startups/gamma-capital/").status_code == 404
    assert client.get("/api/v1/startups/Not%20A%20Slug!/").status_code == 422


def test_platform_list(client, world):  # noqa: F811
    add_incubator_profiles(world)
    data = client.get("/api/v1/platforms/?service=financing").json()
    assert [row["slug"] for row in data["results"]] == ["zeta-incubator"]
    assert data["results"][0]["kind"]["value"] == "incubator"
    assert client.get("/api/v1/platforms/?service=glp_animal").json()["count"] == 0
    assert client.get("/api/v1/platforms/?page=x").status_code == 422


def test_openapi_document_lists_the_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/startups/", "/api/v1/startups/{slug}/", "/api/v1/platforms/"} <= set(paths)
