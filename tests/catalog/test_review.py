"""Products and edition applications on the review kit (portal.review): each staff decision is in the record's
history with the state before and after, is e-mailed to the organisation's members to tell, is refused from a wrong
state and without a required note (nothing logged), and only staff may take it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from catalog import services
from catalog.editions import services as edition_services
from catalog.editions.models import ApplicationStatus, EditionStatus
from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from portal import outbox
from portal.models import OutboxMessage
from portal.review.errors import ServiceError
from tests.catalog.edition_factories import ApplicationFactory, EditionFactory
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import MembershipFactory, ProjectManagerFactory

pytestmark = pytest.mark.django_db


def _entry(record, action):
    entry = ModelLogEntry.objects.get(object_id=str(record.pk), action=action)
    assert log_registry.action_exists(action)
    return entry


def _logged(record, prefix) -> list[str]:
    return list(ModelLogEntry.objects.filter(object_id=str(record.pk), action__startswith=prefix).values_list("action"))


def _emailed(django_capture_on_commit_callbacks, decide) -> list[str]:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide()
    return sorted(message.to[0] for message in mail.outbox)


# --- products --------------------------------------------------------------------------------


@pytest.fixture
def submitted(organisation, owner, editor):
    """A live product whose edit waits for review; its organisation has an owner and an editor."""
    product = PublishedProductFactory(organisation=organisation, name_zh="公开名称")
    services.update_product(actor=editor, product=product, name_zh="审核中的名称")
    return services.submit_for_review(actor=editor, product=product)


def test_submitting_a_product_is_logged_with_the_status_before_and_after(submitted):
    entry = _entry(submitted, "catalog.product.submitted")
    assert (entry.data["before"], entry.data["after"]) == ({"status": "draft"}, {"status": "submitted"})


def test_approving_is_logged_with_the_revision_published(
    submitted, staff, owner, editor, django_capture_on_commit_callbacks
):
    revision = submitted.latest_revision_id
    recipients = _emailed(
        django_capture_on_commit_callbacks,
        lambda: services.approve(staff=staff, product=submitted, revision_id=revision),
    )
    entry = _entry(submitted, "catalog.product.approved")
    assert entry.user == staff and entry.data["revision"] == revision
    assert entry.data["before"]["status"] == "submitted" and entry.data["after"]["status"] == "approved"
    assert entry.data["before"]["live_revision"] != revision == entry.data["after"]["live_revision"]
    assert recipients == sorted([owner.email, editor.email])


def test_rejecting_is_logged_with_the_reason(submitted, staff, owner, editor, django_capture_on_commit_callbacks):
    recipients = _emailed(
        django_capture_on_commit_callbacks,
        lambda: services.reject(staff=staff, product=submitted, reason="请补充注册证"),
    )
    entry = _entry(submitted, "catalog.product.rejected")
    assert entry.data["note"] == "请补充注册证"
    assert entry.data["before"] == {"status": "submitted", "note": "", "revision": submitted.latest_revision_id}
    assert entry.data["after"] == {
        "status": "rejected",
        "note": "请补充注册证",
        "revision": submitted.latest_revision_id,
    }
    assert recipients == sorted([owner.email, editor.email])


def _deliver_waiting(capture, effect: str) -> None:
    """Run the waiting e-mails of ``effect`` in order, as a worker back after SMTP was down would."""
    mail.outbox.clear()
    with capture(execute=True):
        for message in OutboxMessage.objects.filter(effect=effect, done_at__isnull=True):
            assert outbox.deliver(message.pk) == "done"


def test_rejected_twice_while_the_mails_waited_only_the_second_reason_goes_out(
    submitted, staff, owner, editor, django_capture_on_commit_callbacks
):
    services.reject(staff=staff, product=submitted, reason="请补充注册证", revision_id=submitted.latest_revision_id)
    product = services.update_product(actor=editor, product=Product.objects.get(pk=submitted.pk), name_zh="第二版")
    product = services.submit_for_review(actor=editor, product=product)
    services.reject(staff=staff, product=product, reason="图片不清晰", revision_id=product.latest_revision_id)
    _deliver_waiting(django_capture_on_commit_callbacks, "catalog.product_decision_email")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([owner.email, editor.email])
    assert all("图片不清晰" in m.body and "请补充注册证" not in m.body for m in mail.outbox)


def test_a_product_decision_queued_before_decisions_were_stamped_still_goes_out(
    submitted, staff, owner, editor, django_capture_on_commit_callbacks
):
    services.reject(staff=staff, product=submitted, reason="请补充注册证", revision_id=submitted.latest_revision_id)
    message = OutboxMessage.objects.get(effect="catalog.product_decision_email")
    assert message.payload.pop("decided_at")  # the kit names the decision; the code before it did not
    message.save(update_fields=["payload"])
    _deliver_waiting(django_capture_on_commit_callbacks, "catalog.product_decision_email")
    assert sorted(message.to[0] for message in mail.outbox) == sorted([owner.email, editor.email])
    assert all("请补充注册证" in m.body for m in mail.outbox)


def test_unpublishing_is_logged_and_emailed_once_to_active_members(
    organisation, owner, staff, django_capture_on_commit_callbacks
):
    product = PublishedProductFactory(organisation=organisation)
    MembershipFactory(organisation=organisation, user__email="left@example.com", user__is_active=False)
    recipients = _emailed(django_capture_on_commit_callbacks, lambda: services.unpublish(staff=staff, product=product))
    entry = _entry(product, "catalog.product.unpublished")
    assert (entry.data["before"]["live"], entry.data["after"]["live"]) == (True, False)
    assert entry.data["before"]["status"] == entry.data["after"]["status"] == "approved"
    assert recipients == [owner.email]


@pytest.mark.parametrize(
    ("decide", "message"),
    [
        (lambda staff, p: services.approve(staff=staff, product=p), "not awaiting review"),
        (lambda staff, p: services.reject(staff=staff, product=p, reason="不完整"), "not awaiting review"),
        (lambda staff, p: services.unpublish(staff=staff, product=p), "not published"),
    ],
)
def test_a_product_decision_from_a_wrong_state_is_refused_and_not_logged(staff, decide, message):
    draft = ProductFactory(moderation_status=ModerationStatus.DRAFT)
    with translation.override("en"), pytest.raises(services.ProductError, match=message):
        decide(staff, draft)
    assert _logged(draft, "catalog.product.") == []


def test_a_rejection_without_a_reason_is_refused_beside_the_reason(submitted, staff):
    with pytest.raises(services.ProductError) as refused:
        services.REVIEW.take("reject", submitted, by=staff, note="   ")
    assert refused.value.field == "reason"
    assert _logged(submitted, "catalog.product.rejected") == []


@pytest.mark.parametrize("decision", ["approve", "reject", "unpublish"])
def test_only_staff_take_product_decisions(submitted, editor, decision):
    for actor in (editor, ProjectManagerFactory()):
        with pytest.raises(PermissionDenied):
            services.REVIEW.take(decision, submitted, by=actor, note="理由")
    assert _logged(submitted, f"catalog.product.{decision}") == []


# --- edition applications --------------------------------------------------------------------


@pytest.fixture
def application(organisation, owner):
    return ApplicationFactory(product=PublishedProductFactory(organisation=organisation))


def test_accepting_is_logged_with_the_category_and_rationale(
    application, staff, owner, django_capture_on_commit_callbacks
):
    recipients = _emailed(
        django_capture_on_commit_callbacks,
        lambda: edition_services.accept(staff=staff, application=application, category="sports", rationale_zh="好"),
    )
    entry = _entry(application, "catalog.edition_application.accepted")
    assert entry.user == staff
    assert entry.data["before"] == {
        "status": "submitted",
        "note": "",
        "category": "",
        "rationale_zh": "",
        "rationale_en": "",
    }
    assert entry.data["after"] == {
        "status": "accepted",
        "note": "",
        "category": "sports",
        "rationale_zh": "好",
        "rationale_en": "",
    }
    assert recipients == [owner.email]


def test_rejecting_an_accepted_application_is_logged_with_the_reason(
    application, staff, owner, django_capture_on_commit_callbacks
):
    edition_services.accept(staff=staff, application=application, category="sports", rationale_zh="好")
    recipients = _emailed(
        django_capture_on_commit_callbacks,
        lambda: edition_services.reject(staff=staff, application=application, reason="不符合"),
    )
    entry = _entry(application, "catalog.edition_application.rejected")
    assert entry.data["before"] == {"status": "accepted", "note": "", "category": "sports"}
    assert entry.data["after"] == {"status": "rejected", "note": "不符合", "category": ""}
    assert recipients == [owner.email]


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_an_application_decision_from_a_wrong_state_is_refused_and_not_logged(application, owner, staff, decision):
    edition_services.withdraw(actor=owner, application=application)
    with translation.override("en"), pytest.raises(edition_services.EditionError, match="not awaiting a decision"):
        edition_services.APPLICATION_REVIEW.take(
            decision, application, by=staff, note="理由", category="sports", rationale_zh="好"
        )
    assert _logged(application, "catalog.edition_application.") == []


def test_an_application_rejected_without_a_reason_is_refused_beside_the_reason(application, staff):
    with pytest.raises(edition_services.EditionError) as refused:
        edition_services.reject(staff=staff, application=application, reason="")
    assert refused.value.field == "reason"
    assert _logged(application, "catalog.edition_application.") == []


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_only_staff_decide_on_applications(application, owner, decision):
    for actor in (owner, ProjectManagerFactory()):
        with pytest.raises(PermissionDenied):
            edition_services.APPLICATION_REVIEW.take(
                decision, application, by=actor, note="理由", category="sports", rationale_zh="好"
            )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


# --- editions --------------------------------------------------------------------------------


def test_the_call_and_the_publication_are_logged_before_and_after(
    application, staff, owner, django_capture_on_commit_callbacks
):
    edition = application.edition
    edition_services.accept(staff=staff, application=application, category="sports", rationale_zh="好")
    edition_services.close_call(staff=staff, edition=edition)
    edition_services.open_call(staff=staff, edition=edition)
    edition_services.close_call(staff=staff, edition=edition)
    recipients = _emailed(
        django_capture_on_commit_callbacks, lambda: edition_services.publish(staff=staff, edition=edition)
    )
    opened = _entry(edition, "catalog.edition.opened")
    assert (opened.data["before"], opened.data["after"]) == ({"status": "review"}, {"status": "open"})
    assert ModelLogEntry.objects.filter(object_id=str(edition.pk), action="catalog.edition.closed").count() == 2
    published = _entry(edition, "catalog.edition.published")
    assert published.data["before"] == {"status": "review", "published_at": None, "published_by": None}
    assert published.data["after"]["status"] == "published" and published.data["after"]["published_by"] == staff.pk
    assert owner.email in recipients  # the accepted application's organisation hears of the publication


@pytest.mark.parametrize(
    ("decision", "status", "message"),
    [
        ("open", EditionStatus.OPEN, "Only a draft edition"),
        ("close", EditionStatus.DRAFT, "not open"),
        ("publish", EditionStatus.OPEN, "Close the call"),
        ("publish", EditionStatus.PUBLISHED, "already published"),
    ],
)
def test_an_edition_step_from_a_wrong_state_is_refused_and_not_logged(staff, decision, status, message):
    edition = EditionFactory(status=status)
    with translation.override("en"), pytest.raises(edition_services.EditionError, match=message):
        edition_services.EDITION_REVIEW.take(decision, edition, by=staff)
    assert _logged(edition, "catalog.edition.") == []


@pytest.mark.parametrize("decision", ["open", "close", "publish"])
def test_only_staff_take_edition_steps(owner, decision):
    edition = EditionFactory(status=EditionStatus.REVIEW)
    for actor in (owner, ProjectManagerFactory()):
        with pytest.raises(PermissionDenied):
            edition_services.EDITION_REVIEW.take(decision, edition, by=actor)
    assert _logged(edition, "catalog.edition.") == []


def test_the_catalogues_errors_are_service_errors():
    for error in (services.ProductError, services.ProductChanged, services.ProductConflict):
        assert issubclass(error, ServiceError)
    assert issubclass(edition_services.EditionError, ServiceError)
    assert not issubclass(edition_services.EditionError, services.ProductError)
