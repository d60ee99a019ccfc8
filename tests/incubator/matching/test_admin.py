"""Staff tune the matchmaking weights in the admin; project managers look; nobody else gets in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

import incubator.matching.admin  # noqa: F401  (registers the admin view, as incubator.wagtail_hooks does)
from incubator.matching import scoring, services
from incubator.models import MatchWeight
from tests.matrix import INVESTOR, PROJECT_MANAGER, STAFF, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def url():
    return reverse("incubator_weights:index")


def form(**changes):
    data = {
        f"{kind}__{criterion}": str(weight)
        for kind, weights in scoring.DEFAULT_WEIGHTS.items()
        for criterion, weight in weights.items()
    }
    return data | changes


def test_staff_change_a_weight_and_saving_defaults_writes_nothing(client, world):
    client.force_login(world.user(STAFF))
    assert client.get(url()).status_code == 200
    assert client.post(url(), form()).status_code == 302
    assert not MatchWeight.objects.exists()
    assert client.post(url(), form(investor__region="4.5")).status_code == 302
    row = MatchWeight.objects.get()
    assert (row.kind, row.criterion, row.weight, row.updated_by) == (
        "investor",
        "region",
        Decimal("4.5"),
        world.user(STAFF),
    )
    response = client.get(url())
    assert response.context["form"]["investor__region"].initial == Decimal("4.5")


def test_a_weight_out_of_range_is_refused_beside_its_field_in_chinese(client, world):
    client.force_login(world.user(STAFF))
    with translation.override("zh-hans"):
        response = client.post(url(), form(platform__needs="11"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.context["form"].errors["platform__needs"]
    assert not MatchWeight.objects.exists()


def test_every_weight_of_a_kind_at_zero_is_refused_and_each_bound_is_said_once(client, world):
    """Five zeros were saved, and every suggestion then scored 0 / 100; "-1" read "确保该值大于或等于0。" twice."""
    client.force_login(world.user(STAFF))
    zeros = {f"investor__{criterion}": "0" for criterion in scoring.CRITERIA["investor"]}
    with translation.override("zh-hans"):
        response = client.post(url(), form(**zeros))
        kind = str(translation.gettext("Startup and investor"))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        f"请至少为“{kind}”的一个维度设置大于 0 的权重：若全部为 0，每条推荐的得分都将为 0，排序也就失去意义。"
    ]
    assert not MatchWeight.objects.exists()
    assert client.post(url(), form(**(zeros | {"investor__trl": "1"}))).status_code == 302  # one criterion is enough
    with translation.override("zh-hans"):
        refused = client.post(url(), form(investor__focus="-1", investor__stage="99999999999999999999"))
    assert refused.context["form"].errors["investor__focus"] == ["确保该值大于或等于0。"]
    assert refused.context["form"].errors["investor__stage"] == ["确保该值小于或等于10。"]


def _page_in_chinese(client, user) -> str:
    """The weights page as ``user`` reads it, their admin in Chinese."""
    user.preferred_language = "zh-hans"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    return client.get(url()).content.decode()


def test_each_weight_says_what_its_criterion_measures(client, world):
    """Staff tuned eight numbers whose help said only their default."""
    page = _page_in_chinese(client, world.user(STAFF))
    assert "1 除以该投资机构的投资阶段数：专注于该阶段的机构得分更高。 默认值 2.0。" in page
    assert "同一地区为 1，双方均在长三角为 0.5，否则为 0。" in page


def test_project_managers_look_but_do_not_change(client, world):
    client.force_login(world.user(PROJECT_MANAGER))
    response = client.get(url())
    assert response.status_code == 200 and b'<form method="post"' not in response.content
    assert client.post(url(), form(investor__trl="9")).status_code in (302, 403)  # the admin's refusal
    assert not MatchWeight.objects.exists()


def test_the_weights_column_says_weight_of_a_criterion_not_of_a_product(client, world):
    """The project managers' table headed its column 重量 (a product's weight, the catalogue's "Weight")."""
    page = _page_in_chinese(client, world.user(PROJECT_MANAGER))
    assert '<th scope="col">权重</th>' in page and "重量" not in page


def test_project_managers_read_what_each_criterion_measures(client, world):
    """The read-only table showed the criteria and their weights, not the help staff see on the form."""
    page = _page_in_chinese(client, world.user(PROJECT_MANAGER))
    assert "1 除以该投资机构的投资阶段数：专注于该阶段的机构得分更高。 默认值 2.0。" in page
    assert "同一地区为 1，双方均在长三角为 0.5，否则为 0。" in page


def test_members_are_kept_out(client, world):
    client.force_login(world.user(INVESTOR))
    assert client.get(url()).status_code in (302, 403)


def test_the_service_refuses_non_staff_and_unknown_criteria(world):
    with pytest.raises(services.MatchingError):
        services.set_weights(actor=world.user(PROJECT_MANAGER), weights={("investor", "trl"): Decimal(3)})
    with pytest.raises(services.MatchingError):
        services.set_weights(actor=world.user(STAFF), weights={("investor", "needs"): Decimal(3)})
    with pytest.raises(services.MatchingError):
        services.set_weights(actor=world.user(STAFF), weights={("investor", "trl"): Decimal(11)})
