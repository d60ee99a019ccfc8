"""A decision's e-mail names the decision it announces (portal.review): once the record is decided again,
the earlier mail is superseded and not sent; mails scheduled before the key existed go out as before."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from portal import outbox
from portal.models import Organisation, OutboxMessage
from portal.organisations import verification
from portal.organisations.models import VerificationStatus
from portal.review.decisions import Notice
from portal.review.notify import StillTrue
from portal.review.state import ReviewState
from tests import factories

pytestmark = pytest.mark.django_db


@outbox.effect("tests.unstamped_email")
def unstamped_email(*, organisation_id: int, event: str) -> None:
    pass


STILL_SUSPENDED = StillTrue({"suspended": (VerificationStatus.SUSPENDED,)}, field="verification_status")


def test_a_later_decision_supersedes_the_mail_of_an_earlier_one():
    organisation = factories.OrganisationFactory(
        verification_status=VerificationStatus.SUSPENDED, verified_at=timezone.now()
    )
    stamp = organisation.verified_at.isoformat()
    assert STILL_SUSPENDED(organisation, "suspended", decided_at=stamp)
    organisation.verified_at += timedelta(microseconds=1)  # suspended again since
    assert not STILL_SUSPENDED(organisation, "suspended", decided_at=stamp)
    assert STILL_SUSPENDED(organisation, "suspended")  # no stamp: the status alone, as before
    organisation.verified_at = None  # the decision cleared (submitted anew)
    assert not STILL_SUSPENDED(organisation, "suspended", decided_at=stamp)


def test_an_event_of_another_decision_is_compared_with_that_decisions_time():
    """A record's second kind of decision (an entry's extension beside its screening) names its own time."""
    other = ReviewState(status="verification_status", decided_at="created_at")
    still_true = StillTrue({"suspended": None, "noted": None}, field="verification_status", states={"noted": other})
    organisation = factories.OrganisationFactory(verified_at=timezone.now() - timedelta(days=1))
    noted, suspended = organisation.created_at.isoformat(), organisation.verified_at.isoformat()
    assert still_true(organisation, "noted", decided_at=noted)
    assert not still_true(organisation, "noted", decided_at=suspended)
    assert still_true(organisation, "suspended", decided_at=suspended)  # the record's own review
    assert not still_true(organisation, "suspended", decided_at=noted)


def test_an_e_mailed_decision_needs_an_effect_that_takes_its_stamp():
    organisation = factories.OrganisationFactory(verified_at=timezone.now())
    notice = Notice("tests.unstamped_email", lambda record, event: {"organisation_id": record.pk, "event": event})
    with pytest.raises(ImproperlyConfigured, match="decided_at"):
        notice.schedule(organisation, "verified")
    assert not OutboxMessage.objects.filter(effect="tests.unstamped_email").exists()


def _deliver_waiting(capture) -> list[str]:
    mail.outbox.clear()
    with capture(execute=True):
        for message in OutboxMessage.objects.filter(effect="portal.verification_decision_email", done_at__isnull=True):
            assert outbox.deliver(message.pk) == "done"
    return [message.body for message in mail.outbox]


def _verified(owner):
    organisation = factories.OrganisationFactory()
    factories.MembershipFactory(organisation=organisation, user=owner, role="owner")
    return organisation


def test_an_organisation_suspended_twice_while_the_mails_waited_hears_the_second_reason(
    staff, django_capture_on_commit_callbacks
):
    organisation = _verified(factories.UserFactory(preferred_language="en"))
    verification.suspend_organisation(staff=staff, organisation=organisation, note="营业执照过期")
    verification.verify_organisation(staff=staff, organisation=Organisation.objects.get(pk=organisation.pk))
    verification.suspend_organisation(
        staff=staff, organisation=Organisation.objects.get(pk=organisation.pk), note="联系人失联"
    )
    (body,) = _deliver_waiting(django_capture_on_commit_callbacks)
    assert "联系人失联" in body and "营业执照过期" not in body


def test_a_mail_scheduled_before_decisions_were_stamped_still_goes_out(staff, django_capture_on_commit_callbacks):
    organisation = _verified(factories.UserFactory(preferred_language="en"))
    verification.suspend_organisation(staff=staff, organisation=organisation, note="营业执照过期")
    message = OutboxMessage.objects.get(effect="portal.verification_decision_email")
    assert message.payload.pop("decided_at") == Organisation.objects.get(pk=organisation.pk).verified_at.isoformat()
    message.save(update_fields=["payload"])  # as queued by the code before this change
    (body,) = _deliver_waiting(django_capture_on_commit_callbacks)
    assert "营业执照过期" in body
