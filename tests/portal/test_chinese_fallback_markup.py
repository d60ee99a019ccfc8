"""A Chinese fallback (``portal.i18n.ChineseFallback``) marks itself ``lang="zh-Hans"`` in the page's
content and never breaks markup: on the English pages and admin screens of records written only in
Chinese, no ``<span lang>`` lands inside an attribute or a ``<title>``, nor shows as escaped text."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.catalog.factories import PublishedProductFactory
from tests.incubator.profiles.world import startup_profile

pytestmark = pytest.mark.django_db

NAMES = {"enterprise": "只写了中文的脑机公司", "startup": "只写了中文的初创公司"}
#: A span written into an attribute value, into a <title>, or escaped into the text.
BROKEN = (
    re.compile(r'="[^"<>]*<span lang'),
    re.compile(r"<title>[^<]*<span", re.S),
    re.compile(r"&lt;span lang"),
)


def _only_chinese(kind: str, slug: str):
    return factories.OrganisationFactory(
        kind=kind, slug=slug, name_zh=NAMES[kind], name_en="", description_zh="只有中文的简介。", description_en=""
    )


@pytest.fixture
def records():
    enterprise = _only_chinese("enterprise", "zh-only-enterprise")
    product = PublishedProductFactory(
        organisation=enterprise, name_zh="只有中文名的头环", name_en="", summary_zh="只有中文的摘要。", summary_en=""
    )
    startup = _only_chinese("startup", "zh-only-startup")
    blank = {f"{name}_en": "" for name in ("summary", "key_people", "use_of_funds", "traction", "ip_notes")}
    startup_profile(startup, tag="zh", with_deck=False, **blank)
    return {"enterprise": enterprise, "product": product, "startup": startup}


def _problems(html: str) -> list[str]:
    return [html[max(0, m.start() - 80) : m.end() + 40] for rx in BROKEN for m in rx.finditer(html)]


def test_the_english_public_pages_mark_the_fallback_and_keep_their_markup(client, records):
    with translation.override("en"):
        urls = [
            reverse("portal:organisation_detail", kwargs={"slug": "zh-only-enterprise"}),
            reverse("catalog:enterprise_detail", kwargs={"slug": "zh-only-enterprise"}),
            reverse("catalog:product_detail", kwargs={"pk": records["product"].pk}),
            reverse("catalog:product_list"),
            reverse("incubator:startup_detail", kwargs={"slug": "zh-only-startup"}),
            reverse("incubator:startup_list"),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not _problems(html), (url, _problems(html))
        assert re.search(r'<span lang="zh-Hans">(只写了中文的\w+公司|只有中文名的头环)</span>', html), url


def test_the_english_admin_screens_keep_their_markup(client, records):
    staff = factories.StaffFactory(is_superuser=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "test"})
    client.force_login(staff)
    pk = records["enterprise"].pk
    for url in (
        "/admin/organisations/",
        f"/admin/organisations/edit/{pk}/",
        f"/admin/organisations/inspect/{pk}/",
        f"/admin/organisations/delete/{pk}/",
        "/admin/",
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
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
