"""The profiles' objects in the shared matrix world (``tests.matrix``): ``add_incubator_profiles(world)``.

``extra``:

* ``startup_profile_a`` — delta-neuro's profile ("A"): team public, funding and IP to verified
  investors, traction and the pitch deck only to matched investors; a pitch deck on file;
* ``startup_profile_b`` — epsilon-bci's ("B"): traction public, team and the deck to verified
  investors, funding and IP only to matched investors; a pitch deck on file;
* ``investor_profile`` (gamma-capital), ``platform_profile`` (zeta-incubator);
* ``pending_startup`` — a startup awaiting verification ("eta-pending"), with a listed profile
  (``pending_startup_profile``) that nobody but its members sees;
* ``saved_search`` — the investor's (gamma-capital's owner's) saved directory search;
* ``meeting_investor_a`` — an accepted meeting of gamma-capital with delta-neuro: gamma's members
  are *matched* with A (not with B).

delta-neuro's objects are recorded as "A", epsilon-bci's as "B" (``world.own``).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from incubator.models import InvestorProfile, MeetingRequest, PlatformProfile, SavedSearch, StartupProfile
from incubator.profiles import services
from portal import uploads
from tests import factories
from tests import upload_samples as samples

SECRET = {
    "team": "团队秘密成员",
    "funding": "资金用途秘密",
    "traction": "牵引力秘密数据",
    "ip": "专利秘密说明",
}


def deck():
    return uploads.clean_pdf(samples.upload("deck.pdf", samples.pdf_bytes())).file


def startup_profile(organisation, *, tag: str, with_deck: bool = True, **overrides) -> StartupProfile:
    """A full profile whose secret texts carry ``tag`` (``<SECRET[group]>-<tag>``), so tests can look for them."""
    fields = {
        "summary_zh": f"面向脑卒中康复训练的脑控外骨骼 {tag}",
        "summary_en": f"Brain-controlled exoskeleton for stroke rehabilitation {tag}",
        "stage": "prototype",
        "trl": 5,
        "bci_types": ["non_invasive"],
        "functions": ["motor_control"],
        "indications": ["stroke"],
        "application_fields": ["rehabilitation"],
        "needs": ["investment", "clinical_base"],
        "founded": 2021,
        "team_size": 23,
        "key_people_zh": f"{SECRET['team']}-{tag}",
        "key_people_en": f"team-secret-{tag}",
        "funding_raised_cny": 12_000_000,
        "ask_min_cny": 20_000_000,
        "ask_max_cny": 30_000_000,
        "use_of_funds_zh": f"{SECRET['funding']}-{tag}",
        "use_of_funds_en": f"funding-secret-{tag}",
        "traction_zh": f"{SECRET['traction']}-{tag}",
        "traction_en": f"traction-secret-{tag}",
        "patents": 7,
        "ip_notes_zh": f"{SECRET['ip']}-{tag}",
        "ip_notes_en": f"ip-secret-{tag}",
        **overrides,
    }
    profile = StartupProfile(organisation=organisation, **fields)
    if with_deck:
        file = deck()
        profile.pitch_deck.save(file.name, file, save=False)
    profile.save()
    return profile


def set_listed(profile: StartupProfile, listed: bool) -> None:
    """The startup's owner lists (or unlists) its profile, as on the profile editor."""
    organisation = profile.organisation
    membership = organisation.memberships.filter(role="owner").first()
    owner = membership.user if membership else factories.MembershipFactory(organisation=organisation, role="owner").user
    profile.refresh_from_db()
    services.save_profile(
        actor=owner, organisation=organisation, kind="startup", version=profile.version, fields={"listed": listed}
    )


def add_incubator_profiles(world):
    if "incubator_profiles" in world.parts:
        return world
    world.parts.add("incubator_profiles")
    extra = world.extra
    org_a, org_b = extra["org_startup"], extra["org_other_startup"]
    extra["startup_profile_a"] = startup_profile(
        org_a,
        tag="A",
        team_visibility="public",
        funding_visibility="investors",
        traction_visibility="matched",
        ip_visibility="investors",
        deck_visibility="matched",
    )
    extra["startup_profile_b"] = startup_profile(
        org_b,
        tag="B",
        stage="clinical_trial",
        trl=7,
        bci_types=["invasive"],
        functions=["speech"],
        indications=["aphasia"],
        application_fields=[],
        needs=["fabrication"],
        ask_min_cny=60_000_000,
        ask_max_cny=80_000_000,
        team_visibility="investors",
        funding_visibility="matched",
        traction_visibility="public",
        ip_visibility="matched",
        deck_visibility="investors",
    )
    extra["investor_profile"] = InvestorProfile.objects.create(
        organisation=extra["org_investor"],
        thesis_zh="投资早期脑机接口康复企业",
        thesis_en="Early-stage BCI rehabilitation companies",
        stages=["proof_of_concept", "prototype"],
        bci_types=["non_invasive", "invasive"],
        regions=["shanghai", "yangtze_delta"],
        ticket_min_cny=5_000_000,
        ticket_max_cny=50_000_000,
    )
    extra["platform_profile"] = PlatformProfile.objects.create(
        organisation=extra["org_platform"],
        services=["incubation_space", "proof_of_concept", "financing"],
        capacity_zh="孵化空间 2000 平方米",
        capacity_en="2,000 m² of incubation space",
    )
    pending = factories.MembershipFactory(
        organisation=factories.OrganisationFactory(
            name_zh="庚脑机待审初创",
            name_en="Eta Pending BCI",
            slug="eta-pending",
            kind="startup",
            verification_status="pending",
        ),
        role="owner",
    )
    extra["pending_startup"] = pending.organisation
    extra["pending_startup_profile"] = startup_profile(pending.organisation, tag="P", with_deck=False)
    extra["meeting_investor_a"] = MeetingRequest.objects.create(
        sender=extra["org_investor"],
        recipient=org_a,
        subject="初次会谈",
        message="想了解贵司的融资计划",
        status="accepted",
        expires_at=timezone.now() + timedelta(days=7),
    )
    extra["saved_search"] = SavedSearch.objects.create(
        user=world.user("investor"), name="康复", query="field=rehabilitation", digest=True
    )
    world.own("A", "organisation", org_a)
    world.own("A", "organisation_slug", org_a.slug)
    world.own("B", "organisation", org_b)
    world.own("B", "organisation_slug", org_b.slug)
    return world
