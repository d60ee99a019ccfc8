"""A judge deleting their account (``portal.privacy.delete_account``): refused while a panel they judge is
still open, so a ranking staff are about to decide on never loses scores silently; allowed once it
has closed (or after recusing), taking the assignments and scorecards with the account."""

import datetime

import pytest
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from portal import privacy
from portal.judging import services, withdrawal
from portal.judging.models import Assignment, Scorecard
from portal.judging.vocabulary import AssignmentSource, AssignmentStatus
from tests.accounts.test_privacy import signed_in, url
from tests.factories import StaffFactory
from tests.judging.factories import PanelFactory, items, judges

pytestmark = pytest.mark.django_db


def _judge_with_assignment(**panel):
    panel = PanelFactory(**panel)
    (judge,) = judges(panel, 1)
    (item,) = items(panel, 1)
    assignment = Assignment.objects.create(item=item, judge=judge, source=AssignmentSource.MANUAL)
    Scorecard.objects.create(assignment=assignment)
    return judge, assignment


def test_a_judge_of_an_open_panel_is_told_to_recuse_first():
    judge, assignment = _judge_with_assignment(title_en="Typical cases 2026")
    with translation.override("en"), pytest.raises(privacy.JudgingDutyError) as refused:
        privacy.delete_account(actor=judge, account=judge, confirm_email=judge.email)
    assert "Typical cases 2026" in str(refused.value) and "Recuse" in str(refused.value)
    assert Scorecard.objects.filter(assignment=assignment).exists()

    assignment.status = AssignmentStatus.RECUSED
    assignment.save(update_fields=["status"])
    privacy.delete_account(actor=judge, account=judge, confirm_email=judge.email)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_a_judge_of_closed_panels_only_may_delete_the_account():
    past = timezone.now() - datetime.timedelta(days=1)
    judge, assignment = _judge_with_assignment(
        scoring_opens_at=past - datetime.timedelta(days=5), scoring_closes_at=past
    )
    privacy.delete_account(actor=judge, account=judge, confirm_email=judge.email)
    assert not Scorecard.objects.filter(assignment_id=assignment.pk).exists()


def test_an_assignment_on_a_withdrawn_entry_is_no_duty_and_restoring_it_later_still_works():
    """The judge cannot see (nor recuse from) an item out of its round, so it does not hold their account."""
    judge, assignment = _judge_with_assignment(title_en="Typical cases 2026")
    item = assignment.item
    staff = StaffFactory()
    withdrawal.withdraw_subject(actor=staff, subject=item.subject, note="不符合参赛条件")
    privacy.delete_account(actor=judge, account=judge, confirm_email=judge.email)
    assert not Assignment.objects.filter(pk=assignment.pk).exists()

    # Found eligible again: the item is back in the round, without the departed judge, for others to take.
    (restored,) = withdrawal.restore_subject(actor=staff, subject=item.subject, note="复核后符合条件")
    assert restored.pk == item.pk and restored.withdrawn_at is None
    assert not Assignment.objects.filter(item=item).exists()


def test_the_deletion_page_shows_the_refusal_on_the_form():
    judge, _assignment = _judge_with_assignment(title_zh="典型案例评审组")
    response = signed_in(judge).post(url("account_delete"), {"email": judge.email})
    assert response.status_code == 400 and "典型案例评审组" in response.content.decode()


def test_a_deleted_judges_name_and_address_leave_the_judging_log():
    past = timezone.now() - datetime.timedelta(days=1)
    panel = PanelFactory(scoring_opens_at=past - datetime.timedelta(days=5), scoring_closes_at=past)
    (judge,) = judges(panel, 1)
    judge.first_name, judge.last_name = "伟", "李"
    judge.save()
    (item,) = items(panel, 1)
    staff = StaffFactory(is_superuser=True)
    services.assign(actor=staff, item=item, judge=judge)
    services.declare_conflict(actor=judge, judge=judge, person=staff, note="former colleague")
    name, email = str(judge), judge.email
    assert any(name in label for label in ModelLogEntry.objects.values_list("label", flat=True))

    privacy.delete_account(actor=judge, account=judge, confirm_email=email)

    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert not any(name in label or email in label for label in labels), labels
    assert f"#{judge.pk} → " in " ".join(labels)  # the entry stays, with the former id
    assert any(str(staff) in label for label in labels)  # the other person named is not the deleted one


def test_a_namesake_keeps_their_name_in_the_judging_log():
    """The log entries that lose the deleted judge's name are those about their own records (or records
    gone since); another judge of the same name (李伟 is common) keeps theirs."""
    past = timezone.now() - datetime.timedelta(days=1)
    panel = PanelFactory(scoring_opens_at=past - datetime.timedelta(days=5), scoring_closes_at=past)
    leaving, staying = judges(panel, 2)
    for judge in (leaving, staying):
        judge.first_name, judge.last_name = "伟", "李"
        judge.save()
    first, second, third = items(panel, 3)
    staff = StaffFactory(is_superuser=True)
    theirs = services.assign(actor=staff, item=first, judge=leaving)
    kept = services.assign(actor=staff, item=second, judge=staying)
    removed = services.assign(actor=staff, item=third, judge=leaving)
    Assignment.objects.filter(pk=removed.pk).delete()  # gone before the account: its entry names them still

    privacy.delete_account(actor=leaving, account=leaving, confirm_email=leaving.email)

    name = str(staying)
    assert name in ModelLogEntry.objects.filter(object_id=str(kept.pk), content_type__model="assignment")[0].label
    for assignment in (theirs, removed):
        gone = ModelLogEntry.objects.filter(object_id=str(assignment.pk), content_type__model="assignment")
        assert gone.exists() and all(name not in entry.label for entry in gone)
