"""A record's public page shows where it sits: breadcrumbs from the home page through its list.

A product's, a startup's, an investor's, a platform's and an organisation's page carry the same
breadcrumb trail as the case and editorial pages (``components/breadcrumbs.html``): a ``<nav>``
labelled "Breadcrumb", the home page and the list as links in the page's language, and the record
itself last, marked ``aria-current="page"``, not linked.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import InvestorProfile, PlatformProfile
from tests import factories
from tests.catalog.factories import PublishedProductFactory
from tests.incubator.profiles.world import startup_profile
from tests.portal.test_pages import tree  # noqa: F401 (a small bilingual tree, built once for the module)

pytestmark = pytest.mark.django_db

CRUMBS = re.compile(r'<nav class="breadcrumbs" aria-label="([^"]+)">\s*<ol>(.*?)</ol>\s*</nav>', re.S)
ITEM = re.compile(r"<li>\s*(.*?)\s*</li>", re.S)
LINK = re.compile(r'^<a href="([^"]+)">(.*?)</a>$', re.S)
CURRENT = re.compile(r'^<span aria-current="page">(.*?)</span>$', re.S)


def trail(html: str) -> tuple[str, list[tuple[str | None, str]]]:
    """The breadcrumbs' label and their (URL or None for the current page, text) steps."""
    found = CRUMBS.search(html)
    assert found, "no breadcrumbs"
    steps = []
    for item in ITEM.findall(found.group(2)):
        link, current = LINK.match(item), CURRENT.match(item)
        assert link or current, item
        if link:
            steps.append((link.group(1), unescape(re.sub(r"<[^>]+>", "", link.group(2)))))
        else:
            steps.append((None, unescape(re.sub(r"<[^>]+>", "", current.group(1)))))
    return found.group(1), steps


def _records():
    product = PublishedProductFactory(name_zh="脑电头环甲", name_en="EEG headband A")
    startup = factories.OrganisationFactory(kind="startup", name_zh="德尔塔神经", name_en="Delta Neuro")
    startup_profile(startup, tag="crumbs", with_deck=False)
    investor = factories.OrganisationFactory(kind="investor", name_zh="伽马资本", name_en="Gamma Capital")
    InvestorProfile.objects.create(organisation=investor, thesis_zh="早期投资", thesis_en="Early stage")
    platform = factories.OrganisationFactory(kind="incubator", name_zh="泽塔孵化器", name_en="Zeta Incubator")
    PlatformProfile.objects.create(organisation=platform, services=["incubation_space"])
    return {
        "product": (product.get_absolute_url, "catalog:product_list", ("产品目录", "Product catalogue"), product),
        "startup": (
            lambda: reverse("incubator:startup_detail", kwargs={"slug": startup.slug}),
            "incubator:startup_list",
            ("初创企业名录", "Startup directory"),
            startup,
        ),
        "investor": (
            lambda: reverse("incubator:investor_detail", kwargs={"slug": investor.slug}),
            "incubator:investor_list",
            ("投资机构", "Investors"),
            investor,
        ),
        "platform": (
            lambda: reverse("incubator:platform_detail", kwargs={"slug": platform.slug}),
            "incubator:platform_list",
            ("服务平台与孵化器", "Service platforms and incubators"),
            platform,
        ),
        "organisation": (
            lambda: reverse("portal:organisation_detail", kwargs={"slug": startup.slug}),
            None,
            None,
            startup,
        ),
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("kind", ["product", "startup", "investor", "platform", "organisation"])
def test_a_records_page_has_breadcrumbs_through_its_list(client, tree, language, kind):  # noqa: F811
    url_of, list_name, list_titles, record = _records()[kind]
    with translation.override(language):
        url = url_of()
        list_url = reverse(list_name) if list_name else None
        home_title, label = ("首页", "当前位置") if language == "zh-hans" else ("Home", "Breadcrumb")
        name = str(record.name)
    response = client.get(url)
    assert response.status_code == 200
    expected = [((tree.home if language == "zh-hans" else tree.home_en).url, home_title)]
    if list_url:
        expected.append((list_url, list_titles[0 if language == "zh-hans" else 1]))
    expected.append((None, name))
    assert trail(response.content.decode()) == (label, expected)
