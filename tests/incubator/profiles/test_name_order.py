"""The startup, investor and platform directories by name: a Chinese page in pinyin order, an
English page by the English names A to Z (portal.db.by_name). PostgreSQL's: SQLite has no ICU
collation (code point order, the embedded demo only)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import InvestorProfile, PlatformProfile
from tests import factories
from tests.incubator.profiles.world import startup_profile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_service")]

#: (Chinese name, English name): in code point order 上海 北京 安徽 重庆; the English names' order is neither.
NAMES = (
    ("上海脑机", "Nova Shanghai"),
    ("北京脑机", "ångström Beijing"),
    ("安徽脑机", "Zenith Anhui"),
    ("重庆脑机", "Meridian Chongqing"),
)
PINYIN = ["安徽脑机", "北京脑机", "重庆脑机", "上海脑机"]
ALPHABETICAL = ["ångström Beijing", "Meridian Chongqing", "Nova Shanghai", "Zenith Anhui"]


def _organisations(kind: str, suffix: tuple[str, str] = ("", "")) -> list:
    """Organisations of ``kind`` named ``NAMES`` with ``suffix`` (the names are unique across kinds)."""
    return [
        factories.OrganisationFactory(kind=kind, name_zh=zh + suffix[0], name_en=en + suffix[1], slug=f"{kind}-{n}")
        for n, (zh, en) in enumerate(NAMES)
    ]


def _shown(client, name: str, language: str, rows: str, **params) -> list[str]:
    """The organisations' names in the order the directory ``name`` lists them."""
    with translation.override(language):
        response = client.get(reverse(name), params)
        assert response.status_code == 200
        return [profile.organisation.name for profile in rows_of(response, rows)]


def rows_of(response, rows: str) -> list:
    if rows == "rows":  # the startup directory: (profile, the groups the visitor sees)
        return [profile for profile, _groups in response.context["rows"]]
    return list(response.context["profiles"])


def test_the_startup_directory_is_in_pinyin_order_in_chinese_and_a_to_z_in_english(client):
    for n, organisation in enumerate(_organisations("startup")):
        startup_profile(organisation, tag=f"S{n}", with_deck=False, trl=5)
    assert _shown(client, "incubator:startup_list", "zh-hans", "rows") == PINYIN
    assert _shown(client, "incubator:startup_list", "en", "rows") == ALPHABETICAL
    # Among startups of one readiness level too.
    assert _shown(client, "incubator:startup_list", "zh-hans", "rows", sort="trl") == PINYIN


def test_the_investor_and_platform_directories_too(client):
    for organisation in _organisations("investor", ("资本", " Capital")):
        InvestorProfile.objects.create(organisation=organisation, thesis_zh="早期脑机接口", thesis_en="Early BCI")
    for organisation in _organisations("service_platform", ("平台", " Platform")):
        PlatformProfile.objects.create(organisation=organisation, services=["financing"])
    for name, (zh, en) in (("investor_list", ("资本", " Capital")), ("platform_list", ("平台", " Platform"))):
        assert _shown(client, f"incubator:{name}", "zh-hans", "profiles") == [n + zh for n in PINYIN]
        assert _shown(client, f"incubator:{name}", "en", "profiles") == [n + en for n in ALPHABETICAL]
