"""A recommended-catalogue edition's applications scored by an expert panel before staff decide
(catalog.editions.panel, on the judging engine): conflicts from the applying enterprise, staff only,
logged; the application's admin page shows its raw and normalised standing beside the decisions."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from catalog.editions import panel as services
from catalog.editions import queries
from catalog.editions import services as edition_services
from catalog.editions.judging import ApplicationAdapter
from catalog.editions.models import ApplicationStatus, EditionStatus
from portal.judging import services as judging
from portal.judging.models import Assignment, Item
from tests.catalog.edition_factories import ApplicationFactory, EditionFactory
from tests.factories import MembershipFactory, ProjectManagerFactory, StaffFactory, UserFactory
from tests.judging.factories import open_scorecard, rubric_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory(status=EditionStatus.REVIEW)


@pytest.fixture
def applications(edition):
    return [ApplicationFactory(edition=edition) for _n in range(3)]


def _open(actor, edition, judges, k=1):
    now = timezone.now()
    return services.open_application_panel(
        actor=actor,
        edition=edition,
        rubric=rubric_with(1, 1),
        judges=judges,
        judges_per_item=k,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=7),
    )


def _score(panel, values):
    criteria = list(panel.rubric.criteria.all())
    for assignment in Assignment.objects.filter(item__panel=panel).select_related("item", "judge"):
        scores = {criterion.pk: (values[assignment.item.subject_id], "") for criterion in criteria}
        judging.submit_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=scores)


def test_an_applications_parties_are_the_applying_enterprise(applications):
    application = applications[0]
    parties = ApplicationAdapter().parties(application)
    assert application.organisation_id in parties.organisation_ids
    assert ApplicationAdapter().label(application, blind=False) == str(application.product.name)
    assert str(application.product.name) not in ApplicationAdapter().label(application, blind=True)


def test_the_applications_become_items_and_a_judge_of_the_enterprise_is_never_assigned(staff, edition, applications):
    withdrawn = ApplicationFactory(edition=edition, status=ApplicationStatus.WITHDRAWN)
    insider = MembershipFactory(organisation=applications[0].organisation).user
    panel = _open(staff, edition, [insider, UserFactory()])
    assert queries.panel_application_ids(panel) == sorted(a.pk for a in applications)
    assert withdrawn.pk not in queries.panel_application_ids(panel)
    assert not Assignment.objects.filter(judge=insider, item__subject_id=applications[0].pk).exists()
    assert Assignment.objects.filter(item__panel=panel).count() == 3


def test_late_applications_are_added_and_assigned(staff, edition, applications):
    panel = _open(staff, edition, [UserFactory()])
    late = ApplicationFactory(edition=edition)
    services.add_new_applications(actor=staff, edition=edition)
    assert Item.objects.get(panel=panel, subject_id=late.pk).assignments.count() == 1


@pytest.mark.parametrize("status", [EditionStatus.DRAFT, EditionStatus.PUBLISHED])
def test_only_an_open_or_reviewed_edition_gets_a_panel(staff, status):
    with pytest.raises(edition_services.EditionError):
        _open(staff, EditionFactory(status=status), [UserFactory()])


def test_one_panel_per_edition(staff, edition, applications):
    _open(staff, edition, [UserFactory()])
    with pytest.raises(edition_services.EditionError):
        _open(staff, edition, [UserFactory()])


@pytest.mark.parametrize("make_user", [UserFactory, ProjectManagerFactory])
def test_only_staff_have_applications_scored(edition, applications, make_user):
    with pytest.raises(PermissionDenied):
        _open(make_user(), edition, [UserFactory()])
    _open(StaffFactory(), edition, [UserFactory()])
    with pytest.raises(PermissionDenied):
        services.add_new_applications(actor=make_user(), edition=edition)


def test_opening_the_panel_is_in_the_editions_history(staff, edition, applications):
    judge = UserFactory()
    panel = _open(staff, edition, [judge])
    entry = ModelLogEntry.objects.get(object_id=str(edition.pk), action="catalog.edition.panel_opened")
    assert log_registry.action_exists(entry.action) and entry.user == staff
    assert entry.data["before"] == {"panel": None}
    assert entry.data["after"]["panel"] == panel.pk and entry.data["after"]["judges"] == [judge.pk]
    assert entry.data["after"]["applications"] == sorted(a.pk for a in applications)


def test_staff_still_decide_with_the_existing_decisions(staff, edition, applications):
    panel = _open(staff, edition, [UserFactory()])
    _score(panel, {applications[0].pk: 8, applications[1].pk: 5, applications[2].pk: 6})
    accepted = edition_services.accept(
        staff=staff, application=applications[1], category="education", rationale_zh="专家评分后仍予推荐"
    )
    assert accepted.status == ApplicationStatus.ACCEPTED


def _admin(client, user):
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}})
    client.force_login(user)
    return client


def test_the_application_page_shows_its_standing_beside_the_decisions(client, edition, applications):
    staff = StaffFactory()
    panel = _open(staff, edition, [UserFactory(), UserFactory()], k=2)
    _score(panel, {applications[0].pk: 8, applications[1].pk: 5, applications[2].pk: 6})
    admin = _admin(client, staff)
    response = admin.get(reverse("edition_applications:inspect", args=[applications[2].pk]))
    assert response.status_code == 200
    standing = response.context["standing"]
    assert (standing["row"].rank_raw, standing["ranked"]) == (2, 3)
    assert "Normalised mean" in response.text or "标准化均分" in response.text
    assert reverse("edition_applications:decide", args=[applications[2].pk, "accept"]) in response.text
    ranking = admin.get(reverse("edition_panel", args=[edition.pk]), {"method": "normalised"})
    assert ranking.status_code == 200 and [r.item.subject_id for r in ranking.context["ranking"]] == [
        applications[0].pk,
        applications[2].pk,
        applications[1].pk,
    ]


def test_the_application_page_has_no_standing_without_a_panel_and_members_cannot_open_it(client, applications):
    admin = _admin(client, StaffFactory())
    assert admin.get(reverse("edition_applications:inspect", args=[applications[0].pk])).context["standing"] is None
    client.logout()
    member = _admin(client, MembershipFactory(organisation=applications[0].organisation).user)
    assert member.get(reverse("edition_applications:inspect", args=[applications[0].pk])).status_code in (302, 403)
    assert member.get(reverse("edition_panel", args=[applications[0].edition_id])).status_code in (302, 403)


def test_staff_open_the_panel_from_the_admin_and_project_managers_only_look(client, edition, applications):
    staff, judge = StaffFactory(), UserFactory()
    admin = _admin(client, staff)
    url = reverse("edition_panel", args=[edition.pk])
    assert admin.get(url).status_code == 200
    now = timezone.localtime()
    data = {
        "rubric": rubric_with(1).pk,
        "judges": f"{judge.email}\n",
        "judges_per_item": 1,
        "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M"),
    }
    assert admin.post(f"{url}open/", data | {"judges": "nobody@example.org"}).status_code == 400
    assert admin.post(f"{url}open/", data).status_code == 302
    assert queries.edition_panel(edition) is not None
    client.logout()
    manager = _admin(client, ProjectManagerFactory())
    assert manager.get(url).status_code == 200
    assert manager.post(f"{url}add/").status_code in (302, 403)


def test_the_judges_scorecard_page_shows_the_application(staff, edition, applications, client):
    judge = UserFactory()
    _open(staff, edition, [judge])
    assignment = Assignment.objects.filter(judge=judge).first()
    client.force_login(judge)
    with translation.override("zh-hans"):
        response = client.get(reverse("judging:scorecard", args=[assignment.pk]))
    assert response.status_code == 200 and "干电极" in response.text


def test_an_application_its_enterprise_withdraws_leaves_its_judges_and_comes_back_when_it_applies_again(staff, client):
    """Withdrawn after the panel opened, the application (and the statement written for the reviewers)
    is no longer before its judges; applying again puts it back with their work as it was."""
    edition = EditionFactory(status=EditionStatus.OPEN)
    application = ApplicationFactory(edition=edition, statement="撤回前的申请陈述：仅供评审阅读。")
    owner = MembershipFactory(organisation=application.organisation, role="owner").user
    judge = UserFactory()
    _open(staff, edition, [judge])
    assignment = Assignment.objects.get(item__subject_id=application.pk, judge=judge)

    edition_services.withdraw(actor=owner, application=application)

    assert not Assignment.objects.live().filter(pk=assignment.pk).exists()
    assert open_scorecard(client, judge, assignment).status_code == 404

    edition_services.apply(
        actor=owner,
        edition=edition,
        product=application.product,
        statement="重新申请的陈述。",
        proposed_category=application.proposed_category,
    )
    assert Assignment.objects.live().filter(pk=assignment.pk).exists()
    assert open_scorecard(client, judge, assignment).status_code == 200


def test_an_application_staff_reject_leaves_its_judges(staff, edition, applications, client):
    """A rejected application can never be accepted: its judges are no longer asked to score it."""
    judge = UserFactory()
    _open(staff, edition, [judge])
    assignment = Assignment.objects.get(item__subject_id=applications[0].pk, judge=judge)

    edition_services.reject(staff=staff, application=applications[0], reason="不符合本期目录范围")

    assert not Assignment.objects.live().filter(pk=assignment.pk).exists()
    assert open_scorecard(client, judge, assignment).status_code == 404
    assert Assignment.objects.live().filter(item__subject_id=applications[1].pk).exists()


def test_the_application_pages_standing_costs_the_same_queries_with_more_applications(client, edition, applications):
    staff = StaffFactory()
    panel = _open(staff, edition, [UserFactory()])
    admin = _admin(client, staff)
    url = reverse("edition_applications:inspect", args=[applications[0].pk])
    admin.get(url)
    with CaptureQueriesContext(connection) as few:
        admin.get(url)
    more = [ApplicationFactory(edition=edition) for _n in range(6)]
    services.add_new_applications(actor=staff, edition=edition)
    _score(panel, {a.pk: 7 for a in [*applications, *more]})
    with CaptureQueriesContext(connection) as many:
        assert admin.get(url).context["standing"]["total"] == 9
    assert len(many.captured_queries) <= len(few.captured_queries) + 2
