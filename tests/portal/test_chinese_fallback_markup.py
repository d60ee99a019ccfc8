"""A Chinese fallback (``portal.i18n.ChineseFallback``) marks itself ``lang="zh-Hans"`` in the page's
content and never breaks markup: on the English pages and admin screens of records written only in
Chinese, no ``<span lang>`` lands inside an attribute or a ``<title>``, nor shows as escaped text.
The mirror (``EnglishText``, ``lang="en"``) holds the same on the Chinese pages of records whose
Chinese fields are written in Latin letters."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.catalog.factories import PublishedProductFactory
from tests.incubator.profiles.world import startup_profile

pytestmark = pytest.mark.django_db

NAMES = {"enterprise": "只写了中文的脑机公司", "startup": "只写了中文的初创公司", "product": "只有中文名的头环"}
#: The mirror: records whose Chinese fields hold Latin letters only, on Chinese pages (``lang="en"``).
LATIN = {"enterprise": "NeuroBridge Technologies", "startup": "Pujiang Neurotech", "product": "NeuroLink EEG"}
#: A span written into an attribute value, into a <title>, or escaped into the text.
BROKEN = (
    re.compile(r'="[^"<>]*<span lang'),
    re.compile(r"<title>[^<]*<span", re.S),
    re.compile(r"&lt;span lang"),
)


def _one_language(names, kind: str, slug: str):
    text = "Only a Chinese-field description." if names is LATIN else "只有中文的简介。"
    return factories.OrganisationFactory(
        kind=kind, slug=slug, name_zh=names[kind], name_en="", description_zh=text, description_en=""
    )


def _records(names):
    enterprise = _one_language(names, "enterprise", "zh-only-enterprise")
    summary = "Only a Chinese-field summary." if names is LATIN else "只有中文的摘要。"
    product = PublishedProductFactory(
        organisation=enterprise, name_zh=names["product"], name_en="", summary_zh=summary, summary_en=""
    )
    startup = _one_language(names, "startup", "zh-only-startup")
    blank = {f"{name}_en": "" for name in ("summary", "key_people", "use_of_funds", "traction", "ip_notes")}
    startup_profile(startup, tag="zh", with_deck=False, **blank)
    return {"enterprise": enterprise, "product": product, "startup": startup}


@pytest.fixture
def records():
    return _records(NAMES)


@pytest.fixture
def latin_records():
    return _records(LATIN)


def _public_urls(product) -> list[str]:
    return [
        reverse("portal:organisation_detail", kwargs={"slug": "zh-only-enterprise"}),
        reverse("catalog:enterprise_detail", kwargs={"slug": "zh-only-enterprise"}),
        reverse("catalog:product_detail", kwargs={"pk": product.pk}),
        reverse("catalog:product_list"),
        reverse("incubator:startup_detail", kwargs={"slug": "zh-only-startup"}),
        reverse("incubator:startup_list"),
    ]


def _problems(html: str) -> list[str]:
    return [html[max(0, m.start() - 80) : m.end() + 40] for rx in BROKEN for m in rx.finditer(html)]


@pytest.mark.parametrize(
    ("language", "fixture", "names", "lang"),
    [
        ("en", "records", NAMES, "zh-Hans"),
        ("zh-hans", "latin_records", LATIN, "en"),
    ],
)
def test_the_public_pages_mark_text_in_the_other_language_and_keep_their_markup(
    client, request, language, fixture, names, lang
):
    records = request.getfixturevalue(fixture)
    with translation.override(language):
        urls = _public_urls(records["product"])
    marked = re.compile(rf'<span lang="{lang}">({"|".join(map(re.escape, names.values()))})</span>')
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not _problems(html), (url, _problems(html))
        assert marked.search(html), url


@pytest.mark.parametrize(("language", "fixture"), [("en", "records"), ("zh-hans", "latin_records")])
def test_the_admin_screens_keep_their_markup(client, request, language, fixture):
    records = request.getfixturevalue(fixture)
    staff = factories.StaffFactory(is_superuser=True)
    client.force_login(staff)
    pk = records["enterprise"].pk
    for url in (
        "/admin/organisations/",
        f"/admin/organisations/edit/{pk}/",
        f"/admin/organisations/inspect/{pk}/",
        f"/admin/organisations/delete/{pk}/",
        reverse("products:index"),
        reverse("products:inspect", args=[records["product"].pk]),
        "/admin/",
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not _problems(html), (url, _problems(html))


def test_a_membership_and_an_invitation_keep_the_mark_of_the_organisation_they_name(records):
    organisation = records["enterprise"]
    membership = factories.MembershipFactory(organisation=organisation, user__email="member@example.com")
    invitation = factories.InvitationFactory(organisation=organisation, email="invited@example.com")
    with translation.override("en"):
        page = Template("<p>{{ membership }}</p><p>{{ invitation }}</p>").render(
            Context({"membership": membership, "invitation": invitation})
        )
        assert str(invitation) == "invited@example.com → 只写了中文的脑机公司"  # plain text in e-mails and logs
        assert str(membership).startswith(f"{membership.user} · 只写了中文的脑机公司 (")
    assert f'<p>{membership.user} · <span lang="zh-Hans">只写了中文的脑机公司</span> (' in page
    assert '<p>invited@example.com → <span lang="zh-Hans">只写了中文的脑机公司</span></p>' in page
