"""The public profile pages: what each viewer sees of a startup, per field group; the directory's facets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import DataRoomAccess, InvestorProfile, NdaVersion, PlatformProfile
from incubator.profiles import permissions
from tests import factories
from tests.incubator.profiles.world import SECRET, add_incubator_profiles, startup_profile
from tests.matrix import world  # noqa: F401

pytestmark = pytest.mark.django_db

GROUPS = ("team", "funding", "traction", "ip", "deck")


def _viewers(w) -> dict:
    """The visibility matrix's viewers (None: anonymous)."""
    unverified = factories.MembershipFactory(
        organisation=factories.OrganisationFactory(kind="investor", verification_status="pending"), role="owner"
    ).user
    return {
        "anonymous": None,
        "other_startup": w.user("other_startup"),
        "unverified_investor": unverified,
        "investor": w.user("investor"),  # verified, matched with A (accepted meeting), not with B
        "own": w.user("startup"),
        "staff": w.user("staff"),
        "project_manager": w.user("project_manager"),
    }


#: Profile A (delta-neuro): team public, funding investors, traction matched, ip investors, deck matched.
EXPECTED_A = {
    "anonymous": {"team"},
    "other_startup": {"team"},
    "unverified_investor": {"team"},
    "investor": {"team", "funding", "traction", "ip", "deck"},
    "own": set(GROUPS),
    "staff": {"team", "funding", "ip"},
    "project_manager": {"team", "funding", "ip"},
}
#: Profile B (epsilon-bci): team investors, funding matched, traction public, ip matched, deck investors.
EXPECTED_B = {
    "anonymous": {"traction"},
    "other_startup": set(GROUPS),  # epsilon-bci's own owner
    "unverified_investor": {"traction"},
    "investor": {"traction", "team", "deck"},
    "own": {"traction"},  # delta-neuro's owner sees B as the public does
    "staff": {"traction", "team", "deck"},
    "project_manager": {"traction", "team", "deck"},
}


def test_visible_groups_matrix(world):  # noqa: F811
    add_incubator_profiles(world)
    viewers = _viewers(world)
    for profile, expected in (
        (world.extra["startup_profile_a"], EXPECTED_A),
        (world.extra["startup_profile_b"], EXPECTED_B),
    ):
        got = {name: permissions.visible_groups(profile, user) for name, user in viewers.items()}
        assert got == expected, profile


def _login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def _secret_shown(html: str, group: str, tag: str) -> bool:
    if group == "deck":
        return "pitch-deck/" in html
    return f"{SECRET[group]}-{tag}" in html


@pytest.mark.parametrize("which", ["A", "B"])
def test_detail_page_shows_exactly_the_visible_groups(client, world, which):  # noqa: F811
    add_incubator_profiles(world)
    profile = world.extra[f"startup_profile_{which.lower()}"]
    expected = EXPECTED_A if which == "A" else EXPECTED_B
    for name, user in _viewers(world).items():
        _login(client, user)
        response = client.get(profile.get_absolute_url())
        assert response.status_code == 200, name
        html = response.content.decode()
        assert profile.summary_zh in html
        for group in ("team", "funding", "traction", "ip", "deck"):
            assert _secret_shown(html, group, which) == (group in expected[name]), (name, group)
        # The funding ask is funding data: shown only with the group.
        assert ("2000万–3000万元" in html or "6000万–8000万元" in html) == ("funding" in expected[name]), name


def test_detail_hint_for_anonymous(client, world):  # noqa: F811
    add_incubator_profiles(world)
    html = client.get(world.extra["startup_profile_a"].get_absolute_url()).content.decode()
    assert "验证的投资机构" in html or "verified investor" in html


def test_directory_hides_funding_and_the_ask_facet_from_non_investors(client, world):  # noqa: F811
    add_incubator_profiles(world)
    url = reverse("incubator:startup_list")
    viewers = _viewers(world)
    for name in ("anonymous", "other_startup", "unverified_investor"):
        _login(client, viewers[name])
        response = client.get(url)
        html = response.content.decode()
        assert "delta-neuro" in html and "epsilon-bci" in html
        assert "eta-pending" not in html
        assert "2000万–3000万元" not in html, name  # A shows its funding to verified investors only
        # B's owner sees B's own ask; nobody else here sees any.
        assert ("6000万–8000万元" in html) == (name == "other_startup"), name
        assert "ask=" not in html, name
        assert client.get(url, {"ask": "20m_50m"}).context["page_obj"].paginator.count == 2  # ignored


def test_directory_ask_facet_for_investors_counts_only_what_investors_may_see(client, world):  # noqa: F811
    add_incubator_profiles(world)
    client.force_login(world.user("investor"))
    url = reverse("incubator:startup_list")
    response = client.get(url)
    ask = next(row for row in response.context["facets"] if row["facet"].param == "ask")
    counts = {option["value"]: option["count"] for option in ask["options"]}
    # A asks 20-30 million and shows its funding to investors; B keeps it to matched investors.
    assert counts == {"under_5m": 0, "5m_20m": 0, "20m_50m": 1, "50m_100m": 0, "over_100m": 0}
    found = client.get(url, {"ask": "20m_50m"}).context["page_obj"]
    assert [profile.organisation.slug for profile in found.object_list] == ["delta-neuro"]
    assert client.get(url, {"ask": "50m_100m"}).context["page_obj"].paginator.count == 0
    html = response.content.decode()
    assert "2000万–3000万元" in html  # A's ask: funding visible to investors
    assert "6000万–8000万元" not in html  # B's: matched only


def test_a_directory_cards_label_and_value_are_spaced_as_the_language_writes_them(client, world):  # noqa: F811
    # The Chinese card read "需求： 投资…": a space after the full-width colon.
    add_incubator_profiles(world)
    client.force_login(world.user("investor"))
    for language, gap, amount in (("zh-hans", "", "2000万–3000万元"), ("en", " ", "CNY 20M–30M")):
        with translation.override(language):
            html = client.get(reverse("incubator:startup_list")).content.decode()
            needs, ask = translation.gettext("Needs:"), translation.gettext("Funding ask:")
        assert f"<strong>{needs}</strong>{gap}" in html and f"<strong>{needs}</strong>{gap} " not in html
        assert f"<strong>{ask}</strong>{gap}{amount}" in html


def test_directory_facets_and_text(client, world):  # noqa: F811
    add_incubator_profiles(world)
    url = reverse("incubator:startup_list")

    def slugs(**params):
        page = client.get(url, params).context["page_obj"]
        return sorted(profile.organisation.slug for profile in page.object_list)

    assert slugs() == ["delta-neuro", "epsilon-bci"]
    assert slugs(stage="clinical_trial") == ["epsilon-bci"]
    assert slugs(trl="5") == ["delta-neuro"]
    assert slugs(trl="5", stage="clinical_trial") == []
    assert slugs(type="invasive") == ["epsilon-bci"]
    assert slugs(field="rehabilitation") == ["delta-neuro"]
    assert slugs(need="fabrication") == ["epsilon-bci"]
    assert slugs(indication="stroke") == ["delta-neuro"]
    assert slugs(q="康复") == ["delta-neuro", "epsilon-bci"]
    assert slugs(q="脑控") == ["delta-neuro", "epsilon-bci"]
    assert slugs(q="丁神经") == ["delta-neuro"]
    assert slugs(q="Epsilon") == ["epsilon-bci"]
    # Hidden text is not searchable: traction is matched-only for A.
    assert slugs(q="牵引力秘密数据-A") == []
    assert slugs(trl="x", stage="nope") == ["delta-neuro", "epsilon-bci"]


def test_an_empty_directory_page_offers_to_clear_its_filters(client, world):  # noqa: F811
    add_incubator_profiles(world)
    with translation.override("en"):
        startups, investors = reverse("incubator:startup_list"), reverse("incubator:investor_list")
    filtered = client.get(startups, {"trl": "5", "stage": "clinical_trial"}).text
    assert "No startup matches these filters." in filtered and '<a href="?">Clear all filters</a>' in filtered
    both = client.get(startups, {"q": "zzzqqq", "stage": "idea"}).text
    assert "No startup matches this search and these filters." in both
    assert '<a href="?q=zzzqqq">Clear all filters</a>' in both
    text_only = client.get(investors, {"q": "zzzqqq"}).text
    assert "No investor matches this search." in text_only and "Clear all filters" not in text_only


def test_unlisted_and_unverified_profiles_are_404_except_for_members(client, world):  # noqa: F811
    add_incubator_profiles(world)
    pending = world.extra["pending_startup"]
    url = reverse("incubator:startup_detail", kwargs={"slug": pending.slug})
    assert client.get(url).status_code == 404
    client.force_login(world.user("investor"))
    assert client.get(url).status_code == 404
    client.force_login(pending.memberships.get().user)
    assert client.get(url).status_code == 200
    profile = world.extra["startup_profile_a"]
    profile.listed = False
    profile.save()
    client.logout()
    assert client.get(profile.get_absolute_url()).status_code == 404
    assert "delta-neuro" not in client.get(reverse("incubator:startup_list")).content.decode()


def test_data_room_access_with_nda_matches(world):  # noqa: F811
    add_incubator_profiles(world)
    profile_b = world.extra["startup_profile_b"]
    investor = world.user("investor")
    nda = NdaVersion.objects.create(version=1, text_zh="保密", text_en="NDA")
    access = DataRoomAccess.objects.create(startup=profile_b.organisation, investor=world.extra["org_investor"])
    assert "funding" not in permissions.visible_groups(profile_b, investor)
    access.status = "approved"
    access.save()
    del investor._incubator_viewer
    assert "funding" not in permissions.visible_groups(profile_b, investor)  # NDA not accepted yet
    access.nda_version, access.nda_accepted_at = nda, access.requested_at
    access.save()
    del investor._incubator_viewer
    assert {"funding", "ip"} <= permissions.visible_groups(profile_b, investor)


def test_pending_meeting_does_not_match(world):  # noqa: F811
    add_incubator_profiles(world)
    meeting = world.extra["meeting_investor_a"]
    meeting.status = "pending"
    meeting.save()
    assert "traction" not in permissions.visible_groups(world.extra["startup_profile_a"], world.user("investor"))


def test_investor_of_a_suspended_organisation_is_no_investor(world):  # noqa: F811
    add_incubator_profiles(world)
    org = world.extra["org_investor"]
    org.verification_status = "suspended"
    org.save()
    assert permissions.visible_groups(world.extra["startup_profile_a"], world.user("investor")) == {"team"}


def test_pitch_deck_download(client, world):  # noqa: F811
    add_incubator_profiles(world)
    url = reverse("incubator:startup_pitch_deck", kwargs={"slug": "delta-neuro"})
    assert client.get(url).status_code == 404
    client.force_login(world.user("investor"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="delta-neuro-pitch-deck.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(world.user("other_startup"))
    assert client.get(url).status_code == 404


def test_investor_and_platform_pages(client, world):  # noqa: F811
    add_incubator_profiles(world)
    html = client.get(reverse("incubator:investor_list")).content.decode()
    assert "丙脑科学投资基金" in html
    assert (
        client.get(reverse("incubator:investor_list"), {"region": "international"}).context["page_obj"].paginator.count
        == 0
    )
    detail = client.get(reverse("incubator:investor_detail", kwargs={"slug": "gamma-capital"}))
    assert "投资早期脑机接口康复企业" in detail.content.decode()
    assert client.get(reverse("incubator:investor_detail", kwargs={"slug": "delta-neuro"})).status_code == 404
    platforms = client.get(reverse("incubator:platform_list"), {"service": "financing"})
    assert platforms.context["page_obj"].paginator.count == 1
    assert client.get(reverse("incubator:platform_detail", kwargs={"slug": "zeta-incubator"})).status_code == 200
    assert client.get(reverse("incubator:platform_detail", kwargs={"slug": "gamma-capital"})).status_code == 404


def test_an_investors_member_sees_their_own_profile_as_theirs_with_a_link_to_edit_it(client, world):  # noqa: F811
    """As on a startup's own profile: the note that the page is theirs, and the editor's link."""
    add_incubator_profiles(world)
    with translation.override("en"):
        detail = reverse("incubator:investor_detail", kwargs={"slug": "gamma-capital"})
        edit = reverse("incubator:profile_edit", kwargs={"organisation_pk": world.extra["org_investor"].pk})
    client.force_login(world.user("investor"))
    html = client.get(detail).content.decode()
    assert "This is your organisation's investor profile, as startups and visitors see it." in html
    assert f'href="{edit}">Edit the profile</a>' in html
    client.force_login(world.user("startup"))  # a startup's member: someone else's profile
    html = client.get(detail).content.decode()
    assert edit not in html and 'role="note"' not in html
    client.logout()
    assert edit not in client.get(detail).content.decode()


NOT_PUBLIC_YET = (
    "This page is not public yet: only your organisation's members see it until the alliance verifies your "
    "organisation."
)


def _profile_of(organisation):
    """A profile of ``organisation``'s kind, and its page's URL name."""
    if organisation.kind == "startup":
        return startup_profile(organisation, tag="unverified", with_deck=False), "incubator:startup_detail"
    if organisation.kind == "investor":
        InvestorProfile.objects.create(organisation=organisation, thesis_zh="未认证投资论点", thesis_en="Thesis")
        return organisation, "incubator:investor_detail"
    PlatformProfile.objects.create(organisation=organisation, capacity_zh="未认证服务能力", capacity_en="Capacity")
    return organisation, "incubator:platform_detail"


@pytest.mark.parametrize("status", ["pending", "suspended"])
@pytest.mark.parametrize("kind", ["investor", "service_platform", "incubator", "startup"])
def test_an_unverified_organisations_members_see_its_profile_and_nobody_else_does(client, kind, status):
    """The rule of a startup's profile, for investors' and platforms' too (``permissions.may_see_profile``):
    its own members open it (from the editor's "View the profile") with a note that it is not public
    yet; the public, other organisations' members and alliance staff get a 404, as if it did not exist.
    The member's page is never declared public: the anonymous page cache neither keeps nor serves it."""
    organisation = factories.OrganisationFactory(kind=kind, slug="not-verified-yet", verification_status=status)
    _profile, route = _profile_of(organisation)
    owner = factories.MembershipFactory(organisation=organisation, role="owner").user
    editor = factories.MembershipFactory(organisation=organisation, role="editor").user
    stranger = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind=kind), role="owner").user
    url = reverse(route, kwargs={"slug": organisation.slug})

    for member in (owner, editor):
        client.force_login(member)
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        with translation.override("zh-hans"):  # the site's first language
            assert translation.gettext(NOT_PUBLIC_YET) in html
        assert reverse("incubator:profile_edit", kwargs={"organisation_pk": organisation.pk}) in html
        assert not hasattr(response, "public_cache_tags") and "X-Public-Cache" not in response.headers
    with translation.override("en"):
        english = client.get(reverse(route, kwargs={"slug": organisation.slug})).content.decode()
    assert NOT_PUBLIC_YET in english

    for other in (stranger, factories.StaffFactory()):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    for _twice in range(2):  # nothing the members saw was kept for the public
        response = client.get(url)
        assert response.status_code == 404 and "X-Public-Cache" not in response.headers


def test_a_verified_organisations_own_profile_has_no_such_note_and_is_public(client, world):  # noqa: F811
    add_incubator_profiles(world)
    client.force_login(world.user("investor"))
    with translation.override("en"):
        url = reverse("incubator:investor_detail", kwargs={"slug": world.extra["org_investor"].slug})
    response = client.get(url)
    assert response.status_code == 200 and NOT_PUBLIC_YET not in response.content.decode()
    assert response.public_cache_tags  # a public page, cached for anonymous visitors
    client.logout()
    assert client.get(url).status_code == 200
    assert client.get(url).headers["X-Public-Cache"] == "hit"


def test_pages_in_english(client, world):  # noqa: F811
    add_incubator_profiles(world)
    html = client.get("/en/startups/").content.decode()
    assert "Startup directory" in html and "Delta Neuro" in html and "Prototype" in html
    detail = client.get("/en/startups/delta-neuro/").content.decode()
    assert "Brain-controlled exoskeleton for stroke rehabilitation" in detail
    assert "Not shown to you: the funding, the traction, the intellectual property, the pitch deck." in detail


def test_the_profile_form_calls_the_pitch_deck_what_the_rest_of_the_portal_calls_it(client, world):  # noqa: F811
    # The Chinese form offered "路演材料（PDF）" for the upload, "演示文稿可见范围" for who sees it and
    # "删除商业计划书" to remove it: three names for one file, which the profile page calls 商业计划书.
    add_incubator_profiles(world)
    client.force_login(world.user("startup"))
    url = reverse("incubator:profile_edit", kwargs={"organisation_pk": world.extra["org_startup"].pk})
    html = client.get(url).content.decode()
    assert "商业计划书（PDF）" in html and "商业计划书可见范围" in html and "删除商业计划书" in html
    assert "路演材料" not in html and "演示文稿" not in html
