"""The organisation page shows what the organisation has on the portal, through the panel kit.

``portal.panels.ORGANISATION`` is a slot the apps fill from their own ``panels.py``: the catalogue's
published products, the cases naming the organisation as an institution, its public incubator
profile. Only what an anonymous visitor may read, whoever asks; each panel in one query; each
app's writers invalidate their own tag, which the (publicly cached) page declares.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalog import services as catalog_services
from incubator.models import InvestorProfile, PlatformProfile, StartupProfile
from incubator.profiles import services as profile_services
from portal import panels
from tests import factories
from tests.cases.factories import build_case_site, make_case, translate_case
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.incubator.profiles.world import SECRET, startup_profile

pytestmark = pytest.mark.django_db


def _url(organisation, language="zh-hans"):
    with translation.override(language):
        return reverse("portal:organisation_detail", kwargs={"slug": organisation.slug})


def _page(client, organisation, language="zh-hans") -> str:
    response = client.get(_url(organisation, language))
    assert response.status_code == 200
    return response.text


def test_the_apps_declare_their_panels_and_the_page_declares_their_tags(client):
    assert [panel.template for panel in panels.ORGANISATION.panels()] == [
        "catalog/_organisation_products.html",
        "cases/_organisation_cases.html",
        "incubator/profiles/_organisation_profile.html",
    ]
    organisation = factories.OrganisationFactory()
    response = client.get(_url(organisation))
    assert response.public_cache_tags == (
        f"organisation:{organisation.pk}",
        "organisations",
        "catalog",
        "cases",
        "incubator-profiles",
        "chrome",
    )


@pytest.fixture
def enterprise(staff):
    """A demo-like enterprise: three published products, one case in both trees, and what is not public."""
    site = build_case_site()
    enterprise = factories.OrganisationFactory(name_zh="脑桥科技", name_en="NeuroBridge", slug="neurobridge")
    for n in (1, 2, 3):
        PublishedProductFactory(organisation=enterprise, name_zh=f"脑桥电极{n}", name_en=f"Bridge electrode {n}")
    ProductFactory(organisation=enterprise, name_zh="草稿头环", name_en="Draft headband")
    ProductFactory(
        organisation=enterprise, name_zh="审核中头环", name_en="Submitted headband", moderation_status="submitted"
    )
    offline = PublishedProductFactory(organisation=enterprise, name_zh="下架头环", name_en="Withdrawn headband")
    catalog_services.unpublish(staff=staff, product=offline)
    case = make_case(site.index, title="脑桥康复案例", institutions=[enterprise])
    translate_case(case, site.tree.en, title="NeuroBridge rehabilitation case")
    make_case(site.index, title="脑桥草稿案例", institutions=[enterprise], live=False)
    # Another organisation's products and case, published or not, are never this page's (IDOR).
    other = factories.OrganisationFactory(slug="other-co")
    ProductFactory(organisation=other, name_zh="他家草稿", name_en="Other draft")
    PublishedProductFactory(organisation=other, name_zh="他家产品", name_en="Other product")
    make_case(site.index, title="他家案例", institutions=[other])
    return enterprise


def test_an_enterprise_page_shows_its_products_and_cases_in_chinese(client, enterprise):
    html = _page(client, enterprise)
    assert '<section class="stack" aria-labelledby="organisation-products-heading">' in html
    assert '<h2 id="organisation-products-heading">产品目录中的产品</h2>' in html
    assert "已发布产品 3 款" in html
    assert all(f"脑桥电极{n}" in html for n in (1, 2, 3))
    assert 'href="/zh-hans/products/enterprises/neurobridge/">脑桥科技的全部产品</a>' in html
    assert '<h2 id="organisation-cases-heading">典型应用案例</h2>' in html and "脑桥康复案例" in html
    for hidden in ("草稿头环", "审核中头环", "下架头环", "他家草稿", "他家产品", "脑桥草稿案例", "他家案例"):
        assert hidden not in html


def test_an_enterprise_page_shows_its_products_and_cases_in_english(client, enterprise):
    html = _page(client, enterprise, "en")
    assert '<h2 id="organisation-products-heading">Products in the catalogue</h2>' in html
    assert "3 published products" in html and "Bridge electrode 2" in html
    assert 'href="/en/products/enterprises/neurobridge/">All products of NeuroBridge</a>' in html
    assert "NeuroBridge rehabilitation case" in html and "脑桥康复案例" not in html  # the English tree's
    for hidden in ("Draft headband", "Submitted headband", "Withdrawn headband", "Other draft", "Other product"):
        assert hidden not in html


def test_an_organisation_with_nothing_public_shows_no_panel(client):
    site = build_case_site()
    hospital = factories.OrganisationFactory(kind="hospital")
    make_case(site.index, title="医院草稿案例", institutions=[hospital], live=False)
    html = _page(client, hospital)
    assert "医院草稿案例" not in html
    assert not any(f"organisation-{panel}-heading" in html for panel in ("products", "cases", "incubator"))


def test_the_members_of_an_unverified_organisation_see_none_of_its_records_as_public(client):
    pending = factories.OrganisationFactory(kind="startup", verification_status="pending", slug="pending-start")
    startup_profile(pending, tag="P", with_deck=False)
    client.force_login(factories.MembershipFactory(organisation=pending, role="owner").user)
    html = _page(client, pending, "en")
    assert "This page is not public" in html  # its members may open it before verification
    # Its profile page shows the profile to its members; this page shows what anyone may see.
    assert "organisation-incubator-heading" not in html and "/en/startups/pending-start/" not in html


def test_a_startup_page_links_its_public_profile_and_nothing_it_keeps_from_visitors(client):
    startup = factories.OrganisationFactory(kind="startup", name_en="Delta Neuro", slug="delta-neuro")
    startup_profile(
        startup,
        tag="A",
        with_deck=False,
        team_visibility="investors",
        funding_visibility="matched",
        traction_visibility="investors",
        ip_visibility="matched",
    )
    chinese, english = _page(client, startup), _page(client, startup, "en")
    assert '<h2 id="organisation-incubator-heading">孵化档案</h2>' in chinese
    assert '<a href="/zh-hans/startups/delta-neuro/">初创企业档案</a>' in chinese
    assert "面向脑卒中康复训练的脑控外骨骼 A" in chinese
    assert '<a href="/en/startups/delta-neuro/">Startup profile</a>' in english
    assert "Brain-controlled exoskeleton for stroke rehabilitation A" in english
    for html in (chinese, english):
        assert not any(secret in html for secret in SECRET.values())
        assert not any(f"{group}-secret-A" in html for group in ("team", "funding", "traction", "ip"))
        assert "2000万" not in html and "20M" not in html  # the ask, kept to matched investors


def test_an_unlisted_startup_profile_is_not_linked(client):
    startup = factories.OrganisationFactory(kind="startup", slug="quiet-start")
    startup_profile(startup, tag="Q", with_deck=False, listed=False)
    html = _page(client, startup)
    assert "/zh-hans/startups/quiet-start/" not in html and "面向脑卒中康复训练的脑控外骨骼 Q" not in html


def test_a_profile_of_another_kind_than_the_organisation_is_not_linked(client):
    # An enterprise that once was a startup keeps its profile row; the directory no longer shows it.
    enterprise = factories.OrganisationFactory(kind="enterprise", slug="was-a-startup")
    startup_profile(enterprise, tag="K", with_deck=False)
    assert "/zh-hans/startups/was-a-startup/" not in _page(client, enterprise)


def test_investor_and_platform_pages_link_their_profiles(client):
    investor = factories.OrganisationFactory(kind="investor", slug="gamma-capital")
    InvestorProfile.objects.create(
        organisation=investor, thesis_zh="投资早期脑机接口企业", thesis_en="Early BCI companies"
    )
    platform = factories.OrganisationFactory(kind="incubator", slug="zeta-incubator")
    PlatformProfile.objects.create(organisation=platform, capacity_zh="洁净室与动物实验平台", capacity_en="Clean rooms")
    assert '<a href="/en/investors/gamma-capital/">Investor profile</a>' in _page(client, investor, "en")
    assert "投资早期脑机接口企业" in _page(client, investor)
    platform_page = _page(client, platform)
    assert '<a href="/zh-hans/platforms/zeta-incubator/">服务平台档案</a>' in platform_page
    assert "洁净室与动物实验平台" in platform_page


@pytest.mark.parametrize("kind", ["enterprise", "startup"])
def test_each_panel_reads_in_one_query_however_much_it_shows(client, kind, monkeypatch, django_assert_max_num_queries):
    site = build_case_site()
    organisation = factories.OrganisationFactory(kind=kind)
    if kind == "startup":
        startup_profile(organisation, tag="S", with_deck=False)
    client.cookies["sessionid"] = "x"  # rendered every time, not served from the page cache
    url = _url(organisation, "en")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    def add(count: int) -> None:
        for _n in range(count):
            if kind == "enterprise":
                PublishedProductFactory(organisation=organisation)
            translate_case(make_case(site.index, institutions=[organisation]), site.tree.en)

    add(1)
    queries()  # the chrome and the site are remembered from the first request on
    few = queries()
    with monkeypatch.context() as bare:
        bare.setattr(panels.Slot, "panels", lambda self: [])
        without_panels = queries()
    # Two panels with something to read (products and cases, or cases and the profile); the third
    # knows from the organisation's kind that it has nothing to show, and asks nothing.
    assert few - without_panels == 2
    add(6)
    queries()  # publishing the cases made the chrome and the site read afresh once
    with django_assert_max_num_queries(few):
        html = client.get(url).text
    # Six cases named, the seventh in the case library's list of the organisation's cases.
    assert html.count('href="/en/cases/') == 7 and html.count(f'href="/en/cases/?institution={organisation.slug}"') == 1


def test_the_cases_panel_names_the_latest_and_links_to_all_of_them_in_the_case_library(client):
    """A hospital of many trials: the latest six, then the case library filtered to the hospital."""
    site = build_case_site()
    hospital = factories.OrganisationFactory(kind="hospital", slug="many-trials")
    for n in range(8):
        make_case(site.index, title=f"多中心试验{n}", institutions=[hospital], start_date=datetime.date(2020 + n, 1, 1))
    html = _page(client, hospital)
    assert [n for n in range(8) if f"多中心试验{n}</a>" in html] == [2, 3, 4, 5, 6, 7]
    link = re.search(r'<a href="([^"]+)">案例库中的全部 8 个案例</a>', html)
    assert link and link.group(1) == "/zh-hans/cases/?institution=many-trials"
    listing = client.get(link.group(1))
    assert listing.status_code == 200 and listing.context["listing"]["page_obj"].paginator.count == 8
    # Six or fewer: all of them, no link.
    few = factories.OrganisationFactory(kind="hospital", slug="few-trials")
    make_case(site.index, title="单中心试验", institutions=[few])
    assert "案例库中的全部" not in _page(client, few)


def test_the_products_panel_names_a_few_and_counts_them_all(client):
    enterprise = factories.OrganisationFactory(slug="many-products")
    for n in range(7):
        PublishedProductFactory(organisation=enterprise, name_zh=f"多产品{n}", name_en=f"Product {n:02}")
    html = _page(client, enterprise, "en")
    assert "7 published products" in html
    assert [n for n in range(7) if f"Product {n:02}" in html] == [0, 1, 2, 3, 4]  # by name, the first five
    assert 'href="/en/products/enterprises/many-products/"' in html


def test_publishing_a_product_reaches_the_cached_organisation_page(client, staff):
    enterprise = factories.OrganisationFactory()
    url = _url(enterprise)
    assert client.get(url)["X-Public-Cache"] == "miss" and client.get(url)["X-Public-Cache"] == "hit"
    product = ProductFactory(organisation=enterprise, name_zh="新上架电极", moderation_status="submitted")
    assert client.get(url)["X-Public-Cache"] == "hit"  # a draft changes nothing a visitor sees
    catalog_services.approve(staff=staff, product=product)  # invalidates "catalog" only
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss" and "新上架电极" in response.text
    catalog_services.unpublish(staff=staff, product=product)
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss" and "新上架电极" not in response.text


def test_a_published_case_and_a_saved_profile_reach_the_cached_organisation_page(client):
    site = build_case_site()
    startup = factories.OrganisationFactory(kind="startup", slug="cached-start")
    profile = startup_profile(startup, tag="C", with_deck=False, listed=False)
    url = _url(startup)
    assert client.get(url)["X-Public-Cache"] == "miss" and client.get(url)["X-Public-Cache"] == "hit"
    make_case(site.index, title="新发布的机构案例", institutions=[startup])  # published: invalidates "cases"
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss" and "新发布的机构案例" in response.text
    owner = factories.MembershipFactory(organisation=startup, role="owner").user
    profile_services.save_profile(
        actor=owner, organisation=startup, kind="startup", version=profile.version, fields={"listed": True}
    )
    response = client.get(url)
    assert response["X-Public-Cache"] == "miss" and "/zh-hans/startups/cached-start/" in response.text
    assert StartupProfile.objects.get(pk=profile.pk).listed
