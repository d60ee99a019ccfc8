"""The role × URL permission matrix, shared by every app.

Each app lists its URLs in its own test file as ``Row``s — one expected status per
role, every role spelled out — and calls ``check_matrix``. The ``world`` fixture
builds the same cast for everyone: two organisations (A verified, B awaiting
verification), one user per role, and an invitation of each organisation (A's is
addressed to the plain member). Each app's objects are added by a builder here, for
*both* organisations, so that every row of every file can be evaluated against one
world (``tests/test_url_coverage.py`` does so for the whole site)::

    from tests.matrix import ALL_ROLES, LOGIN, Row, add_catalog, check_matrix, expect, world  # noqa: F401

    ROWS = [
        Row("product edit (org A)", lambda w: reverse("catalog:product_edit", args=[w.extra["draft_a"].pk]),
            expect(default=404, anonymous=LOGIN, editor_a=200, owner_a=200)),
    ]

    def test_catalog_matrix(client, world):
        add_catalog(world)
        check_matrix(client, world, ROWS)

The builders (``add_catalog``, ``add_editions``, ``add_pages``, ``add_cases``, ``add_competition``,
``add_judging``, ``add_competition_judging``; ``add_everything``) keep what they make in
``world.extra`` under the keys listed in their docstrings, and record which organisation owns
each object (``world.own``), so the coverage test can tell a row about organisation A's product
from one about B's.

The competition's roles (``team_member``, ``other_team``, ``judge_assigned``, ``judge_unassigned``)
are plain members elsewhere (``PLAIN_MEMBER_ROLES``); the round's conflicted judge is A's editor
(``JUDGE_CONFLICTED``).

Every cell runs in its own savepoint that is rolled back, with every cache cleared
first, so POST rows cannot change what the next cell sees. Each role signs in once per
``check_matrix`` (outside the savepoints) and every cell starts from that session's
cookies. All mismatches are reported together as a table.

Expected values: an HTTP status code, ``LOGIN`` (a redirect to a sign-in page), or an
``Outcome`` such as ``DENIED`` (a redirect or 403, never the page) or ``NO_SERVER_ERROR``.
Another organisation's object must be a 404, never a 403 (that would confirm it exists).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import translation
from wagtail.models import Site

from portal.models.site_settings import SiteSettings
from portal.roles import ensure_role_groups
from tests import factories

ANONYMOUS = "anonymous"
MEMBER = "member"  # signed in, verified e-mail, no organisation
EDITOR_A = "editor_a"
OWNER_A = "owner_a"
OWNER_B = "owner_b"
PROJECT_MANAGER = "project_manager"
STAFF = "staff"
TEAM_MEMBER = "team_member"  # signed in, no organisation, captain of competition team A (org A's team)
OTHER_TEAM = "other_team"  # signed in, no organisation, captain of competition team B (org B's team)
JUDGE_ASSIGNED = "judge_assigned"  # signed in, no organisation; judges A's entry in the round (add_competition_judging)
JUDGE_UNASSIGNED = "judge_unassigned"  # signed in, no organisation; on the round's panel, assigned nothing
#: The round's conflicted judge is A's editor: a member of team A's organisation, on the panel, whom
#: the engine refuses to assign to A's entry. Not a role of its own: a new account in organisation A
#: would be an editor of A on every other app's pages too, i.e. ``editor_a`` again.
JUDGE_CONFLICTED = EDITOR_A
# The incubator's cast: owners of verified organisations of the incubator's kinds (built by
# ``build_world``; their profiles and objects by the incubator's builders).
INVESTOR = "investor"  # owns verified investor organisation "gamma-capital"
STARTUP = "startup"  # owns verified startup "delta-neuro"
OTHER_STARTUP = "other_startup"  # owns verified startup "epsilon-bci"
PLATFORM = "platform"  # owns verified incubator "zeta-incubator"
ALL_ROLES = (
    ANONYMOUS,
    MEMBER,
    EDITOR_A,
    OWNER_A,
    OWNER_B,
    PROJECT_MANAGER,
    STAFF,
    TEAM_MEMBER,
    OTHER_TEAM,
    JUDGE_ASSIGNED,
    JUDGE_UNASSIGNED,
    INVESTOR,
    STARTUP,
    OTHER_STARTUP,
    PLATFORM,
)
#: Roles that are plain members everywhere but in the competition and the incubator: a row that names
#: none of them (and has no ``default``) expects of them what it expects of ``member``.
PLAIN_MEMBER_ROLES = (TEAM_MEMBER, OTHER_TEAM, JUDGE_ASSIGNED, JUDGE_UNASSIGNED)
#: The incubator's roles own an organisation of another kind than the catalogue's and the cases'
#: (an enterprise, a hospital): elsewhere a row that names none of them (and has no ``default``)
#: expects of them what it expects of ``member``, who has none.
INCUBATOR_ROLES = (INVESTOR, STARTUP, OTHER_STARTUP, PLATFORM)

#: The tests' folder, where the apps' matrix files are.
TESTS = Path(__file__).resolve().parent

#: Expected value for "redirected to a sign-in page" (allauth's, or the admin's, which forwards to allauth).
LOGIN = "login"


@dataclass(frozen=True)
class Outcome:
    """An expected answer that is not one status: a rule with a short label for the mismatch table."""

    label: str
    test: Callable

    def matches(self, response) -> bool:
        return self.test(response)

    def __str__(self) -> str:
        return self.label


def any_of(*expected) -> Outcome:
    """Any of these statuses (or ``LOGIN``)."""
    return Outcome("|".join(map(str, expected)), lambda response: any(_matches(response, e) for e in expected))


def redirect_to(fragment: str) -> Outcome:
    """A redirect whose target contains ``fragment`` (e.g. allauth's re-authentication page)."""
    return Outcome(
        f"302→{fragment}", lambda response: response.status_code == 302 and fragment in response.get("Location", "")
    )


#: Kept out without being shown the page: a redirect (to sign in, or away) or a 403. Never a 200.
DENIED = any_of(302, 403)
#: Whatever the answer, not a server error.
NO_SERVER_ERROR = Outcome("<500", lambda response: response.status_code < 500)


@dataclass
class World:
    users: dict
    org_a: object
    org_b: object
    invitation: object
    memberships: dict
    extra: dict = field(default_factory=dict)
    #: (kind, str(value)) -> "A" or "B": which organisation an object (id, slug, token) belongs to.
    owned: dict = field(default_factory=dict)
    #: The builders already run (each runs once per world).
    parts: set = field(default_factory=set)

    def user(self, role: str):
        return self.users.get(role)

    def own(self, letter: str, kind: str, *values) -> None:
        """Record that the objects (or ids, slugs, tokens) ``values`` of ``kind`` belong to organisation ``letter``."""
        for value in values:
            self.owned[(kind, str(getattr(value, "pk", value)))] = letter

    def owner_of(self, kind: str, value) -> str | None:
        return self.owned.get((kind, str(value)))


def build_world() -> World:
    # On a fresh database portal's post_migrate handler runs before auth has created
    # portal's model permissions, so the role groups miss them until the next migrate
    # or ``load_demo``. Complete the groups the way those do.
    ensure_role_groups()
    org_a = factories.OrganisationFactory(name_zh="甲脑机科技有限公司", name_en="Alpha Neurotech", slug="alpha")
    org_b = factories.OrganisationFactory(
        name_zh="乙神经康复有限公司", name_en="Beta Neurorehab", slug="beta", verification_status="pending"
    )
    member = factories.UserFactory(email="member@example.com")
    team_member = factories.UserFactory(email="team.member@example.com")
    other_team = factories.UserFactory(email="other.team@example.com")
    judge_assigned = factories.UserFactory(email="judge.assigned@example.com")
    judge_unassigned = factories.UserFactory(email="judge.unassigned@example.com")
    editor_a = factories.MembershipFactory(organisation=org_a, role="editor")
    owner_a = factories.MembershipFactory(organisation=org_a, role="owner")
    owner_b = factories.MembershipFactory(organisation=org_b, role="owner")
    manager = factories.ProjectManagerFactory()
    staff = factories.StaffFactory()
    # The site's settings exist, as on a running site (otherwise every page view creates them).
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    invitation = factories.InvitationFactory(organisation=org_a, email=member.email, invited_by=owner_a.user)
    incubator_owners = {
        role: factories.MembershipFactory(
            organisation=factories.OrganisationFactory(name_zh=name_zh, name_en=name_en, slug=slug, kind=kind),
            role="owner",
            user__email=f"{role.replace('_', '.')}@example.com",
        )
        for role, slug, kind, name_zh, name_en in (
            (INVESTOR, "gamma-capital", "investor", "丙脑科学投资基金", "Gamma Brain Capital"),
            (STARTUP, "delta-neuro", "startup", "丁神经初创科技有限公司", "Delta Neuro"),
            (OTHER_STARTUP, "epsilon-bci", "startup", "戊脑机初创有限公司", "Epsilon BCI"),
            (PLATFORM, "zeta-incubator", "incubator", "己脑机接口孵化器", "Zeta BCI Incubator"),
        )
    }
    invitation_b = factories.InvitationFactory(
        organisation=org_b, email="b.colleague@example.com", invited_by=owner_b.user
    )
    world = World(
        users={
            ANONYMOUS: None,
            MEMBER: member,
            EDITOR_A: editor_a.user,
            OWNER_A: owner_a.user,
            OWNER_B: owner_b.user,
            PROJECT_MANAGER: manager,
            STAFF: staff,
            TEAM_MEMBER: team_member,
            OTHER_TEAM: other_team,
            JUDGE_ASSIGNED: judge_assigned,
            JUDGE_UNASSIGNED: judge_unassigned,
            **{role: membership.user for role, membership in incubator_owners.items()},
        },
        org_a=org_a,
        org_b=org_b,
        invitation=invitation,
        memberships={EDITOR_A: editor_a, OWNER_A: owner_a, OWNER_B: owner_b},
        extra={
            "invitation_b": invitation_b,
            **{f"org_{role}": membership.organisation for role, membership in incubator_owners.items()},
        },
    )
    for letter, organisation in (("A", org_a), ("B", org_b)):
        world.own(letter, "organisation", organisation)
        world.own(letter, "organisation_slug", organisation.slug)
        world.own(letter, "membership", *organisation.memberships.all())
    world.own("A", "invitation", invitation)
    world.own("A", "invitation_token", invitation.token)
    world.own("B", "invitation", invitation_b)
    world.own("B", "invitation_token", invitation_b.token)
    return world


@pytest.fixture
def world(db) -> World:
    return build_world()


# --- each app's objects, for both organisations -------------------------------------------


def _once(world: World, part: str) -> bool:
    """True the first time ``part`` is built for ``world``."""
    if part in world.parts:
        return False
    world.parts.add(part)
    return True


def _brochure_pdf():
    from catalog.media import storage
    from portal import uploads
    from tests import upload_samples as samples

    return storage.BrochureEntry(
        title_zh="产品手册", upload=uploads.clean_pdf(samples.upload("b.pdf", samples.pdf_bytes()))
    )


def _image_png():
    from catalog.media import storage
    from portal import uploads
    from tests import upload_samples as samples

    return storage.ImageEntry(
        alt_zh="待审核的图片", upload=uploads.clean_image(samples.upload("p.png", samples.png_bytes(), "image/png"))
    )


def _add_brochure(world: World, product, key: str, *, publish: bool = True) -> None:
    """Give ``product`` a brochure through the member's service; publish the version that has it."""
    from catalog import services

    actor = world.memberships[EDITOR_A if product.organisation_id == world.org_a.pk else OWNER_B].user
    services.update_product(actor=actor, product=product, brochures=[_brochure_pdf()])
    product.refresh_from_db()
    world.extra[key] = product.get_latest_revision_as_object().brochures.all()[0].document_id
    if publish:
        product.latest_revision.publish(skip_permission_checks=True)
        product.refresh_from_db()


def add_catalog(world: World) -> World:
    """Products, brochures and images of both organisations.

    ``extra``: ``live_a`` (published, with a published brochure ``live_a_doc`` and a pending
    edit adding ``pending_a_doc`` and the image ``pending_a_image``), ``draft_a`` (never
    published, brochure ``draft_a_doc``), ``submitted_a`` (submitted for review), ``live_b``
    (published, but B is not verified: not public; brochure ``live_b_doc``), ``draft_b`` (with the
    image ``draft_b_image``).
    """
    if not _once(world, "catalog"):
        return world
    from catalog import services
    from catalog.media import storage
    from catalog.vocabulary import ModerationStatus
    from tests.catalog.factories import ProductFactory, PublishedProductFactory

    extra = world.extra
    extra["live_a"] = PublishedProductFactory(organisation=world.org_a)
    extra["draft_a"] = ProductFactory(organisation=world.org_a)
    extra["submitted_a"] = ProductFactory(organisation=world.org_a, moderation_status=ModerationStatus.SUBMITTED)
    extra["live_b"] = PublishedProductFactory(organisation=world.org_b)
    extra["draft_b"] = ProductFactory(organisation=world.org_b)
    _add_brochure(world, extra["live_a"], "live_a_doc")
    _add_brochure(world, extra["draft_a"], "draft_a_doc", publish=False)
    _add_brochure(world, extra["live_b"], "live_b_doc")
    # An edit of A's live product adds a brochure and an image that wait for review.
    live_a = extra["live_a"]
    kept = storage.BrochureEntry(title_zh="产品手册", document_id=extra["live_a_doc"])
    services.update_product(
        actor=world.user(EDITOR_A), product=live_a, brochures=[kept, _brochure_pdf()], images=[_image_png()]
    )
    live_a.refresh_from_db()
    pending = live_a.get_latest_revision_as_object()
    extra["pending_a_doc"] = pending.brochures.all()[1].document_id
    extra["pending_a_image"] = pending.images.all()[0].image_id
    world.own("A", "product", extra["live_a"], extra["draft_a"], extra["submitted_a"])
    world.own("B", "product", extra["live_b"], extra["draft_b"])
    world.own("A", "document", extra["live_a_doc"], extra["draft_a_doc"], extra["pending_a_doc"])
    world.own("B", "document", extra["live_b_doc"])
    services.update_product(actor=world.user(OWNER_B), product=extra["draft_b"], images=[_image_png()])
    extra["draft_b"].refresh_from_db()
    extra["draft_b_image"] = extra["draft_b"].get_latest_revision_as_object().images.all()[0].image_id
    world.own("A", "image", extra["pending_a_image"])
    world.own("B", "image", extra["draft_b_image"])
    return world


def add_editions(world: World) -> World:
    """Editions and applications (needs the catalogue, which it adds).

    ``extra``: ``open`` (call open), ``draft``, ``published`` (with one accepted product of A),
    ``application_a`` (``live_a`` to the open call), ``application_b`` (``live_b``).
    """
    add_catalog(world)
    if not _once(world, "editions"):
        return world
    from catalog.editions import services as edition_services
    from catalog.editions.models import EditionStatus
    from tests.catalog.edition_factories import ApplicationFactory, EditionFactory
    from tests.catalog.factories import PublishedProductFactory

    extra = world.extra
    extra["open"] = EditionFactory()
    extra["draft"] = EditionFactory(status=EditionStatus.DRAFT)
    extra["application_a"] = ApplicationFactory(edition=extra["open"], product=extra["live_a"])
    extra["application_b"] = ApplicationFactory(edition=extra["open"], product=extra["live_b"])
    published = EditionFactory()
    staff = world.user(STAFF)
    accepted = ApplicationFactory(edition=published, product=PublishedProductFactory(organisation=world.org_a))
    edition_services.accept(staff=staff, application=accepted, category="education", rationale_zh="好")
    edition_services.close_call(staff=staff, edition=published)
    edition_services.publish(staff=staff, edition=published)
    extra["published"] = published
    world.own("A", "application", extra["application_a"], accepted)
    world.own("B", "application", extra["application_b"])
    return world


def add_pages(world: World) -> World:
    """The bilingual page tree with a case index (``extra["site"]``: ``tests.cases.factories.CaseSite``).

    Also ``news_item``, ``private_page`` (visible to signed-in users only) and ``password_page`` with its
    ``password_restriction`` (Wagtail's page privacy), under the home page.
    """
    if not _once(world, "pages"):
        return world
    from wagtail.models import PageViewRestriction

    from tests.cases.factories import build_case_site
    from tests.portal.page_factories import news_item, standard_page

    site = world.extra["site"] = build_case_site()
    world.extra["news_item"] = news_item(site.tree.news)
    world.extra["private_page"] = private = standard_page(site.tree.home, title="会员专区", slug="members-only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    world.extra["password_page"] = protected = standard_page(site.tree.home, title="内部资料", slug="internal")
    world.extra["password_restriction"] = PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="alliance-internal"
    )
    return world


def add_cases(world: World) -> World:
    """Published cases and both organisations' submissions (adds the page tree).

    ``extra``: ``live_case`` (a published case naming A), ``draft_case`` (a case page never
    published), ``selection`` (slug ``typical-2026``), ``case_draft_a`` (A's draft, written by
    A's editor, with ``attachment_a``), ``case_submitted_a`` (A's, with the alliance),
    ``case_draft_b`` (B's draft, with ``attachment_b``).
    """
    add_pages(world)
    if not _once(world, "cases"):
        return world
    from django.core.files.base import ContentFile

    from cases.models import CaseSubmissionAttachment
    from tests.cases.factories import SelectionFactory, SubmissionFactory, make_case

    extra = world.extra
    site = extra["site"]
    extra["selection"] = SelectionFactory(slug="typical-2026")
    extra["live_case"] = make_case(site.index, institutions=[world.org_a])
    extra["draft_case"] = make_case(site.index, slug="draft-case", live=False)
    extra["case_draft_a"] = SubmissionFactory(organisation=world.org_a, created_by=world.user(EDITOR_A))
    extra["case_submitted_a"] = SubmissionFactory(organisation=world.org_a, status="submitted")
    extra["case_draft_b"] = SubmissionFactory(organisation=world.org_b, created_by=world.user(OWNER_B))
    for key, submission in (("attachment_a", extra["case_draft_a"]), ("attachment_b", extra["case_draft_b"])):
        extra[key] = CaseSubmissionAttachment.objects.create(
            submission=submission, file=ContentFile(b"%PDF-1.4 test", name="ethics.pdf"), name="ethics.pdf"
        )
    world.own("A", "submission", extra["case_draft_a"], extra["case_submitted_a"])
    world.own("B", "submission", extra["case_draft_b"])
    world.own("A", "attachment", extra["attachment_a"])
    world.own("B", "attachment", extra["attachment_b"])
    return world


def add_competition(world: World) -> World:
    """A running competition (submission open) with its call page, and a team of each organisation (adds the pages).

    ``extra``: ``competition``, ``call_page``, ``team_a`` (org A's, captain ``team_member``) and
    ``team_b`` (org B's, captain ``other_team``); ``entry_draft_a``, ``entry_submitted_a``,
    ``entry_b`` (a draft); ``entry_attachment_a`` / ``entry_attachment_b``; ``team_invitation_a``
    (to someone else) and ``team_invitation_b`` (to the plain member); ``team_membership_a`` /
    ``team_membership_b``: a teammate of each team who is no role of the matrix (the captain's
    roster buttons act on them).
    """
    add_pages(world)
    if not _once(world, "competition"):
        return world
    from django.core.files.base import ContentFile

    from competition.models import CompetitionPage, EntryAttachment, TeamInvitation, TeamMembership
    from tests.competition.factories import EntryFactory, TeamFactory, add_member, running_competition
    from tests.portal.page_factories import add_child

    extra = world.extra
    competition = extra["competition"] = running_competition()
    extra["call_page"] = add_child(
        extra["site"].tree.home,
        CompetitionPage(title="2026 脑机接口创新应用大赛", slug="bci-2026", competition=competition),
    )
    for letter, organisation, role in (("A", world.org_a, TEAM_MEMBER), ("B", world.org_b, OTHER_TEAM)):
        key = letter.lower()
        captain = world.user(role)
        team = extra[f"team_{key}"] = TeamFactory(
            competition=competition, organisation=organisation, created_by=captain
        )
        draft = extra["entry_draft_a" if letter == "A" else "entry_b"] = EntryFactory(team=team)
        extra[f"entry_attachment_{key}"] = EntryAttachment.objects.create(
            entry=draft, kind="deck", file=ContentFile(b"%PDF-1.4 test", name="deck.pdf"), name="deck.pdf"
        )
        invitee = "invitee.a@example.com" if letter == "A" else world.user(MEMBER).email
        extra[f"team_invitation_{key}"] = TeamInvitation.objects.create(team=team, email=invitee, invited_by=captain)
        teammate = add_member(team, factories.UserFactory(email=f"teammate.{key}@example.com"))
        extra[f"team_membership_{key}"] = TeamMembership.objects.get(team=team, user=teammate)
        world.own(letter, "team", team)
        world.own(letter, "entry_attachment", extra[f"entry_attachment_{key}"])
        world.own(letter, "team_invitation_token", extra[f"team_invitation_{key}"].token)
        world.own(letter, "team_invitation", extra[f"team_invitation_{key}"])
        world.own(letter, "team_membership", extra[f"team_membership_{key}"])
    extra["entry_submitted_a"] = EntryFactory(team=extra["team_a"], status="submitted")
    world.own("A", "entry", extra["entry_draft_a"], extra["entry_submitted_a"])
    world.own("B", "entry", extra["entry_b"])
    return world


def add_judging(world: World) -> World:
    """A judging panel (the engine in ``portal.judging``) open for scoring, judged by the plain member
    and B's owner, with an assignment each (organisations A and B are its subjects).

    ``extra``: ``judging_panel``, ``judging_member`` (the member's assignment, on A),
    ``judging_owner_b`` (B's owner's, on B).
    """
    if not _once(world, "judging"):
        return world
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from portal.judging.models import Assignment, Criterion, Item, Panel, PanelJudge, Rubric

    rubric = Rubric.objects.create(name_zh="矩阵评分标准")
    Criterion.objects.create(rubric=rubric, name_zh="创新性", min_score=0, max_score=10)
    now = timezone.now()
    panel = world.extra["judging_panel"] = Panel.objects.create(
        owner_type=ContentType.objects.get_for_model(Rubric),
        owner_id=rubric.pk,
        title_zh="矩阵评审组",
        rubric=rubric,
        judges_per_item=1,
        scoring_opens_at=now - datetime.timedelta(days=1),
        scoring_closes_at=now + datetime.timedelta(days=30),
    )
    organisation_type = ContentType.objects.get_for_model(world.org_a)
    judges = (("judging_member", MEMBER, world.org_a), ("judging_owner_b", OWNER_B, world.org_b))
    for key, role, organisation in judges:
        judge = world.user(role)
        PanelJudge.objects.create(panel=panel, user=judge)
        item = Item.objects.create(panel=panel, subject_type=organisation_type, subject_id=organisation.pk)
        world.extra[key] = Assignment.objects.create(item=item, judge=judge, source="manual")
    return world


def add_competition_judging(world: World) -> World:
    """A judging round of the competition (adds the competition): the blind preliminary review of the
    consumer track, opened by staff through ``competition.rounds``, judging one eligible entry of team A.

    The judges: ``judge_assigned`` (the engine assigns them A's entry), ``editor_a`` (the conflicted
    judge, ``JUDGE_CONFLICTED``: a member of the team's organisation, so the engine refuses to
    assign them) and ``judge_unassigned`` (added to the panel afterwards, assigned nothing). Scoring
    has not opened yet (the stage follows the submission).

    ``extra``: ``judging_round``, ``entry_judged_a`` (A's eligible entry) with
    ``entry_judged_attachment_a`` (its deck, uploaded as ``alpha-neurotech-deck.pdf``: a name
    that gives the team away), ``judging_entry_a`` (``judge_assigned``'s assignment on it).
    """
    add_competition(world)
    if not _once(world, "competition_judging"):
        return world
    from django.core.files.base import ContentFile

    from competition import rounds
    from competition.models import EntryAttachment
    from competition.vocabulary import EntryStatus, StageKind
    from portal.judging import services as judging
    from portal.judging.models import Assignment
    from tests.competition.factories import EntryFactory
    from tests.judging.factories import rubric_with

    extra, staff = world.extra, world.user(STAFF)
    competition = extra["competition"]
    track = competition.tracks.get(slug="consumer")
    entry = extra["entry_judged_a"] = EntryFactory(team=extra["team_a"], track=track, status=EntryStatus.ELIGIBLE)
    extra["entry_judged_attachment_a"] = EntryAttachment.objects.create(
        entry=entry,
        kind="deck",
        file=ContentFile(b"%PDF-1.4 test", name="alpha-neurotech-deck.pdf"),
        name="alpha-neurotech-deck.pdf",
    )
    judging_round = extra["judging_round"] = rounds.open_round(
        actor=staff,
        stage=competition.stages.get(kind=StageKind.PRELIMINARY),
        track=track,
        rubric=rubric_with(1),
        judges=[world.user(JUDGE_ASSIGNED), world.user(JUDGE_CONFLICTED)],
        judges_per_item=1,
    )[0]
    judging.add_judges(actor=staff, panel=judging_round.panel, users=[world.user(JUDGE_UNASSIGNED)])
    extra["judging_entry_a"] = Assignment.objects.get(item__panel=judging_round.panel, item__subject_id=entry.pk)
    assert extra["judging_entry_a"].judge == world.user(JUDGE_ASSIGNED)
    world.own("A", "entry", entry)
    world.own("A", "entry_attachment", extra["entry_judged_attachment_a"])
    return world


def add_everything(world: World) -> World:
    """Every app's objects: what the whole site's rows need."""
    # The incubator's builders live beside its tests (they import this module).
    from tests.incubator.datarooms.world import add_incubator_datarooms
    from tests.incubator.matching.world import add_incubator_matching
    from tests.incubator.meetings.world import add_incubator_meetings
    from tests.incubator.pipeline.world import add_incubator_pipeline
    from tests.incubator.profiles.world import add_incubator_profiles
    from tests.incubator.programmes.world import add_incubator_programmes

    builders = (
        add_catalog,
        add_editions,
        add_pages,
        add_cases,
        add_competition,
        add_judging,
        add_competition_judging,
        add_incubator_profiles,
        add_incubator_matching,
        add_incubator_meetings,
        add_incubator_datarooms,
        add_incubator_pipeline,
        add_incubator_programmes,
    )
    for build in builders:
        build(world)
    return world


def matrix_rows() -> list[Row]:
    """Every ``Row`` of every matrix file (its module-level lists of rows)."""
    rows = []
    for path in sorted(TESTS.rglob("test_*matrix*.py")):
        module = importlib.import_module(".".join(path.relative_to(TESTS.parent).with_suffix("").parts))
        for value in vars(module).values():
            if isinstance(value, list | tuple) and value and all(isinstance(row, Row) for row in value):
                rows.extend(value)
    return rows


def form_data(form) -> dict:
    """What a browser sends for ``form`` as it is shown: every field's value, written as its widget writes it."""
    from django import forms

    data = {}
    for bound in form:
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is None:
            data[bound.html_name] = ""
        else:
            formatted = widget.format_value(value)
            if isinstance(formatted, list):  # a select: its one chosen value
                formatted = formatted[0] if formatted else None
            data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def creation_token(form_class, *, prefix: str = "") -> dict:
    """POST data carrying a valid one-time ``creation_token`` for a create form (``portal.idempotency``)."""
    from portal.idempotency import FIELD_NAME, issue_token

    name = f"{prefix}-{FIELD_NAME}" if prefix else FIELD_NAME
    return {name: issue_token(getattr(form_class, "creation_scope", "") or form_class.__name__)}


# --- expectations and the check -----------------------------------------------------------


def expect(*, default=None, **by_role) -> dict:
    """Expected results per role: ``default`` for every role not named."""
    unknown = set(by_role) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    expected = {role: by_role.get(role, default) for role in ALL_ROLES}
    for role in PLAIN_MEMBER_ROLES:
        if expected[role] is None:
            expected[role] = expected[MEMBER]
    for role in INCUBATOR_ROLES:
        if expected[role] is None:
            expected[role] = expected[MEMBER]
    missing = [role for role, value in expected.items() if value is None]
    if missing:
        raise ValueError(f"no expectation for roles {missing}")
    return expected


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable[[World], str]
    expected: dict
    method: str = "get"
    data: Callable[[World], dict] | None = None


def _matches(response, expected) -> bool:
    if isinstance(expected, Outcome):
        return expected.matches(response)
    if expected == LOGIN:
        return response.status_code == 302 and "login" in response.get("Location", "")
    return response.status_code == expected


def _describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} → {response.get('Location')}"
    if getattr(response, "exc_info", None):
        error = response.exc_info[1]
        return f"{response.status_code} ({type(error).__name__}: {str(error)[:120]})"
    return str(response.status_code)


def sign_in_every_role(client, world: World) -> dict[str, dict]:
    """Each role's session cookies, signed in once (the sessions live in the database, outside the cells)."""
    sessions = {}
    for role in ALL_ROLES:
        client.cookies = SimpleCookie()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        sessions[role] = {name: morsel.value for name, morsel in client.cookies.items()}
    return sessions


def _restore(client, cookies: dict) -> None:
    client.cookies = SimpleCookie()
    for name, value in cookies.items():
        client.cookies[name] = value


def request_cell(client, cookies: dict, method: str, url: str, data) -> object:
    """One cell: ``method`` on ``url`` with ``data``, from a session's ``cookies``, caches cleared first,
    in a savepoint that is rolled back (so a POST changes nothing the next cell sees)."""
    for cache in caches.all():
        cache.clear()
    _restore(client, cookies)
    with transaction.atomic():
        response = getattr(client, method)(url, data)
        transaction.set_rollback(True)
    return response


def check_matrix(client, world: World, rows: list[Row]) -> None:
    """Request every row as every role and fail with one table of all mismatches."""
    mismatches = []
    sessions = sign_in_every_role(client, world)
    # A view's exception is a 500 in the table (with its message), not the end of the check.
    raise_request_exception, client.raise_request_exception = client.raise_request_exception, False
    try:
        for row in rows:
            assert set(row.expected) == set(ALL_ROLES), f"{row.name}: every role needs an expectation"
            url = row.url(world)
            data = row.data(world) if row.data else {}
            for role in ALL_ROLES:
                response = request_cell(client, sessions[role], row.method, url, data)
                if not _matches(response, row.expected[role]):
                    mismatches.append(
                        f"{row.name:<45} {role:<16} expected {row.expected[role]!s:<6} got {_describe(response)}"
                    )
    finally:
        client.cookies = SimpleCookie()
        client.raise_request_exception = raise_request_exception
    assert not mismatches, "role × URL mismatches:\n" + "\n".join(mismatches)


# --- the URL conf -------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlPattern:
    """One leaf pattern of the site's URL conf."""

    chain: tuple  # the resolver entries from the root down to the pattern (its identity)
    route: str  # readable: "<lang>/dashboard/products/<id:pk>/edit/"
    name: str  # "catalog:product_edit", or "" for an unnamed pattern
    i18n: bool  # under i18n_patterns: answers in every language

    def __str__(self) -> str:
        return f"{self.route} ({self.name or 'unnamed'})"


def _route_part(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return "<lang>/"
    text = str(pattern)
    return text.removeprefix("^") if isinstance(pattern, RegexPattern) else text


def _walk(entries, chain=(), route="", namespaces=(), i18n=False):
    for entry in entries:
        here = chain + (entry,)
        text = route + _route_part(entry.pattern)
        local = i18n or isinstance(entry.pattern, LocalePrefixPattern)
        if isinstance(entry, URLResolver):
            spaces = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry.url_patterns, here, text, spaces, local)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespaces + (entry.name,)) if entry.name else ""
            yield UrlPattern(chain=here, route=text, name=name, i18n=local)


def url_patterns() -> list[UrlPattern]:
    """Every reachable leaf pattern of the site (one shadowed by an earlier pattern of the same route is left out)."""
    seen, patterns = set(), []
    for pattern in _walk(get_resolver().url_patterns):
        if pattern.route not in seen:
            seen.add(pattern.route)
            patterns.append(pattern)
    return patterns


def language_of(path: str) -> str | None:
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in dict(settings.LANGUAGES) else None


def pattern_of(url: str, patterns: list[UrlPattern] | None = None):
    """``(UrlPattern, language, ResolverMatch)`` for ``url``; the language is ``None`` outside i18n_patterns."""
    path = urlsplit(url).path
    language = language_of(path)
    with translation.override(language or settings.LANGUAGE_CODE):
        match = resolve(path)
    by_chain = {tuple(map(id, p.chain)): p for p in (patterns or url_patterns())}
    pattern = by_chain[tuple(map(id, match.tried[-1]))]
    return pattern, (language if pattern.i18n else None), match


def uncovered_url_names(world: World, rows: list[Row], namespace: str) -> set[str]:
    """The named URLs of ``namespace`` that no row exercises: every URL needs a row."""
    resolver = get_resolver()
    names = set()
    for key, value in resolver.namespace_dict.items():
        if key == namespace:
            names = {name for name in value[1].reverse_dict if isinstance(name, str)}
    covered = set()
    for row in rows:
        match = resolve(urlsplit(row.url(world)).path)
        if match.namespace == namespace:
            covered.add(match.url_name)
    return names - covered
