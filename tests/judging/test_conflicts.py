"""Conflicts of interest: each kind, the public-domain exemption, and a manual assignment refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from portal.judging import services
from portal.judging.conflicts import email_domain
from portal.judging.errors import JudgingError
from portal.judging.models import Assignment, ConflictDeclaration, Scorecard
from portal.judging.subjects import Parties
from portal.judging.vocabulary import AssignmentSource, AssignmentStatus, ScorecardStatus
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.judging.factories import PanelFactory, items, judges

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(adapter):
    panel = PanelFactory()
    judge = judges(panel, 1)[0]
    item = items(panel, 1)[0]
    return panel, judge, item


def _reasons(judge, item):
    with translation.override("en"):
        return services.conflict_reasons(judge, item)


def test_no_tie_no_conflict(setting, adapter):
    panel, judge, item = setting
    adapter.parties_by_pk[item.subject_id] = Parties({OrganisationFactory().pk}, {UserFactory().pk}, {"a@b.cn"})
    assert _reasons(judge, item) == []
    assert services.conflicts(panel) == {}


def test_the_judge_is_a_party(setting, adapter):
    _panel, judge, item = setting
    adapter.parties_by_pk[item.subject_id] = Parties(user_ids={judge.pk})
    assert _reasons(judge, item) == ["The judge is one of its parties."]


def test_same_organisation(setting, adapter):
    _panel, judge, item = setting
    organisation = OrganisationFactory(name_en="NeuroLink Tech")
    MembershipFactory(user=judge, organisation=organisation)
    adapter.parties_by_pk[item.subject_id] = Parties(organisation_ids={organisation.pk})
    assert _reasons(judge, item) == ["The judge belongs to NeuroLink Tech, which is behind it."]


def test_shared_membership_with_a_party(setting, adapter):
    panel, judge, item = setting
    organisation = OrganisationFactory(name_en="Brain Lab")
    member = MembershipFactory(organisation=organisation).user
    MembershipFactory(user=judge, organisation=organisation)
    adapter.parties_by_pk[item.subject_id] = Parties(user_ids={member.pk})
    assert _reasons(judge, item) == ["The judge and one of its people both belong to Brain Lab."]
    with translation.override("en"):
        assert services.conflicts(panel) == {(judge.pk, item.pk): _reasons(judge, item)}


def test_declared_tie_with_an_organisation(setting, adapter):
    _panel, judge, item = setting
    organisation = OrganisationFactory(name_en="Former Employer")
    services.declare_conflict(actor=judge, judge=judge, organisation=organisation, note="worked there until 2024")
    adapter.parties_by_pk[item.subject_id] = Parties(organisation_ids={organisation.pk})
    assert _reasons(judge, item) == ["The judge declared a tie with Former Employer."]


def test_declared_tie_with_a_person(setting, adapter):
    _panel, judge, item = setting
    student = UserFactory()
    services.declare_conflict(actor=judge, judge=judge, person=student)
    adapter.parties_by_pk[item.subject_id] = Parties(user_ids={student.pk})
    assert _reasons(judge, item) == ["The judge declared a tie with one of its people."]


def test_a_declaration_names_someone(setting):
    _panel, judge, _item = setting
    with pytest.raises(JudgingError):
        services.declare_conflict(actor=judge, judge=judge)
    assert not ConflictDeclaration.objects.exists()


def test_same_email_domain(adapter):
    panel = PanelFactory()
    judge = judges(panel, 1, domain="neuro-hospital.cn")[0]
    item = items(panel, 1)[0]
    adapter.parties_by_pk[item.subject_id] = Parties(emails={"Team.Lead@Neuro-Hospital.cn"})
    assert _reasons(judge, item) == ["The judge's e-mail address is at neuro-hospital.cn, like one of its people's."]


def test_a_party_accounts_address_counts_too(adapter):
    panel = PanelFactory()
    judge = judges(panel, 1, domain="bci.edu.cn")[0]
    item = items(panel, 1)[0]
    adapter.parties_by_pk[item.subject_id] = Parties(user_ids={UserFactory(email="x@bci.edu.cn").pk})
    assert services.conflict_reasons(judge, item)


@pytest.mark.parametrize("domain", ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "foxmail.com"])
def test_public_mail_providers_are_no_tie(adapter, domain):
    panel = PanelFactory()
    judge = judges(panel, 1, domain=domain)[0]
    item = items(panel, 1)[0]
    adapter.parties_by_pk[item.subject_id] = Parties(emails={f"someone@{domain}"})
    assert services.conflict_reasons(judge, item) == []
    assert email_domain(f"x@{domain.upper()}") is None


def test_manual_assignment_refused_on_a_conflict_with_the_reason(setting, adapter, staff):
    _panel, judge, item = setting
    adapter.parties_by_pk[item.subject_id] = Parties(user_ids={judge.pk})
    with translation.override("en"), pytest.raises(JudgingError) as refused:
        services.assign(actor=staff, item=item, judge=judge)
    assert "The judge is one of its parties." in str(refused.value)
    assert not Assignment.objects.exists()


def test_manual_assignment_without_conflict(setting, staff):
    _panel, judge, item = setting
    assignment = services.assign(actor=staff, item=item, judge=judge)
    assert assignment.source == "manual"
    assert services.assign(actor=staff, item=item, judge=judge) == assignment


def test_only_staff_assign(setting):
    _panel, judge, item = setting
    with pytest.raises(PermissionDenied):
        services.assign(actor=judge, item=item, judge=judge)


def test_declaring_a_tie_after_being_assigned_steps_back_from_what_it_now_conflicts_with(setting, adapter):
    """A judge never judges while conflicted: what they were given before declaring goes, unless scored."""
    panel, judge, item = setting
    scored, untouched = items(panel, 2)
    organisation = OrganisationFactory(name_en="Former Employer")
    for target in (item, scored, untouched):
        Assignment.objects.create(item=target, judge=judge, source=AssignmentSource.MANUAL)
        if target is not untouched:
            adapter.parties_by_pk[target.subject_id] = Parties(organisation_ids={organisation.pk})
    Scorecard.objects.create(
        assignment=Assignment.objects.get(item=scored), status=ScorecardStatus.SUBMITTED, submitted_at=timezone.now()
    )

    services.declare_conflict(actor=judge, judge=judge, organisation=organisation, note="worked there until 2024")
    statuses = {a.item_id: (a.status, a.recusal_reason) for a in Assignment.objects.filter(judge=judge)}
    assert statuses[item.pk] == (AssignmentStatus.RECUSED, "worked there until 2024")
    assert statuses[scored.pk][0] == AssignmentStatus.ACTIVE  # submitted: staff unlock it first, as for a recusal
    assert statuses[untouched.pk][0] == AssignmentStatus.ACTIVE
