"""The review kit (portal.review): a declared decision taken on a record, its checks, its log entry and
its e-mail; the state mapping; the service-error base and its form mixin; the members to tell."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from cases import services as case_services
from catalog import services as product_services
from catalog.editions import services as edition_services
from competition import services as competition_services
from incubator.programmes import services as programme_services
from portal import outbox, outbox_admin, permissions
from portal.models import Organisation, OutboxMessage
from portal.organisations import services, verification
from portal.organisations.models import MemberRole, VerificationStatus
from portal.privacy import PrivacyError
from portal.review.audit import LogAction
from portal.review.decisions import Decision, Notice, Review
from portal.review.errors import ServiceError, ServiceErrorFormMixin
from portal.review.notify import MEMBERS, OWNERS, members_to_tell
from portal.review.state import ReviewState
from tests import factories

pytestmark = pytest.mark.django_db

served = []


@outbox.effect("tests.relocated_email")
def relocated_email(**payload):
    pass


def _move(organisation, *, by, note, city):
    """The decision's own work: here, a field it changes besides the state."""
    served.append((organisation.pk, by.pk, note))
    organisation.city_zh = city


#: A tiny review declared on a real model: staff "relocate" a verified organisation (a note is
#: required, the city changes, the owners hear of it).
RELOCATION = Review(
    Organisation,
    may_decide=permissions.can_verify_organisations,
    error=services.OrganisationError,
    refusal="only verified organisations move",
    missing_note="say why",
    notice=Notice("tests.relocated_email", lambda organisation, event: {"id": organisation.pk, "event": event}),
    decisions=[
        Decision(
            "relocate",
            "Relocate",
            to=VerificationStatus.SUSPENDED,
            from_states=(VerificationStatus.VERIFIED,),
            note_required=True,
            fields=("city_zh",),
            service=_move,
            email="relocated",
            log=LogAction("tests.organisation.relocated", "Relocate", "Relocated"),
        )
    ],
)


@pytest.fixture(autouse=True)
def _forget_served():
    served.clear()


def test_a_declared_decision_is_taken_logged_and_emailed(staff):
    organisation = factories.OrganisationFactory(city_zh="上海")
    taken = RELOCATION.take("relocate", organisation, by=staff, note="  搬到苏州  ", city="苏州")
    organisation.refresh_from_db()
    assert (organisation.verification_status, organisation.city_zh) == ("suspended", "苏州")
    assert (organisation.verification_note, organisation.verified_by) == ("搬到苏州", staff)
    assert organisation.verified_at is not None and taken.city_zh == "苏州"
    assert served == [(organisation.pk, staff.pk, "搬到苏州")]
    entry = ModelLogEntry.objects.get(object_id=str(organisation.pk), action="tests.organisation.relocated")
    assert entry.user == staff
    assert entry.data == {
        "before": {"status": "verified", "note": "", "city_zh": "上海"},
        "after": {"status": "suspended", "note": "搬到苏州", "city_zh": "苏州"},
        "note": "搬到苏州",
    }
    assert log_registry.action_exists("tests.organisation.relocated")
    (message,) = OutboxMessage.objects.filter(effect="tests.relocated_email")
    stamp = organisation.verified_at.isoformat()
    assert message.payload == {"id": organisation.pk, "event": "relocated", "decided_at": stamp}


def test_who_may_decide_from_which_state_and_the_note(staff):
    organisation = factories.OrganisationFactory(verification_status="pending")
    with pytest.raises(PermissionDenied):
        RELOCATION.take("relocate", organisation, by=factories.ProjectManagerFactory(), note="x", city="x")
    with pytest.raises(services.OrganisationError, match="only verified organisations move") as refused:
        RELOCATION.take("relocate", organisation, by=staff, note="x", city="x")
    assert refused.value.field is None
    organisation = factories.OrganisationFactory()
    with pytest.raises(services.OrganisationError, match="say why") as refused:
        RELOCATION.take("relocate", organisation, by=staff, note="   ", city="x")
    assert refused.value.field == "note"
    assert served == [] and not ModelLogEntry.objects.filter(action="tests.organisation.relocated").exists()
    assert not OutboxMessage.objects.filter(effect="tests.relocated_email").exists()


def test_a_refusal_of_the_service_undoes_the_decision(staff):
    organisation = factories.OrganisationFactory()

    def refuse(organisation, **kwargs):
        organisation.city_zh = "半途"
        organisation.save(update_fields=["city_zh"])
        raise services.OrganisationError("不行", field="city_zh")

    review = Review(
        Organisation,
        may_decide=permissions.can_verify_organisations,
        decisions=[Decision("try", "Try", to="suspended", service=refuse, log=LogAction("tests.try", "Try", "Tried"))],
    )
    with pytest.raises(services.OrganisationError):
        review.take("try", organisation, by=staff)
    organisation.refresh_from_db()
    assert (organisation.verification_status, organisation.city_zh) == ("verified", "上海")
    assert not ModelLogEntry.objects.filter(action="tests.try").exists()


def test_a_pinned_decision_repeated_on_its_revision_is_a_no_op_and_a_newer_one_is_refused(staff):
    # The slug stands for a revision here: the version a reviewer was shown.
    review = Review(
        Organisation,
        state=ReviewState(status="verification_status", note="verification_note", revision="slug"),
        may_decide=permissions.can_verify_organisations,
        refusal="not pending",
        stale_message="changed since",
        decisions=[
            Decision(
                "verify",
                "Verify",
                to="verified",
                from_states=("pending",),
                pinned=True,
                log=LogAction("tests.pinned", "Verify", "Verified"),
            )
        ],
    )
    organisation = factories.OrganisationFactory(verification_status="pending", slug="seen")
    with pytest.raises(ServiceError, match="changed since"):
        review.take("verify", organisation, by=staff, revision="older")
    review.take("verify", organisation, by=staff, revision="seen")
    review.take("verify", organisation, by=staff, revision="seen")  # a double click: nothing more
    assert ModelLogEntry.objects.filter(action="tests.pinned").count() == 1
    with pytest.raises(ServiceError, match="not pending"):
        review.take("verify", organisation, by=staff)  # not pinned: a repeat is refused


def test_declarations_are_checked():
    log = LogAction("tests.x", "X", "X")
    with pytest.raises(ValueError, match="logged"):
        Review(Organisation, may_decide=bool, decisions=[Decision("x", "X")])
    with pytest.raises(ValueError, match="missing_note"):
        Review(Organisation, may_decide=bool, decisions=[Decision("x", "X", note_required=True, log=log)])
    with pytest.raises(ValueError, match="refusal"):
        Review(Organisation, may_decide=bool, decisions=[Decision("x", "X", from_states=("a",), log=log)])
    with pytest.raises(ValueError, match="notice"):
        Review(Organisation, may_decide=bool, decisions=[Decision("x", "X", email="x", log=log)])
    with pytest.raises(ValueError, match="pinned"):
        Review(Organisation, may_decide=bool, decisions=[Decision("x", "X", pinned=True, log=log)])


def test_available_decisions_follow_the_declared_states():
    def offered(status):
        return [
            decision.name for decision in verification.VERIFICATION.available(Organisation(verification_status=status))
        ]

    assert {status: offered(status) for status in VerificationStatus.values} == {
        "pending": ["verified", "rejected"],
        "verified": ["suspended"],
        "rejected": ["verified"],
        "suspended": ["verified"],
    }


def test_the_state_reads_the_models_own_fields(staff):
    organisation = Organisation(verification_status="rejected", verification_note="证照不符", verified_by=staff)
    state = organisation.review
    assert (state.status, state.note, state.decided_by, state.revision) == ("rejected", "证照不符", staff, None)
    assert state.status_label == str(VerificationStatus.REJECTED.label)
    assert state.snapshot() == {"status": "rejected", "note": "证照不符"}
    assert Organisation.review.written_fields() == [
        "verification_status",
        "verification_note",
        "verified_at",
        "verified_by",
    ]


# --- service errors ------------------------------------------------------------------------------


class _Form(ServiceErrorFormMixin, forms.Form):
    name = forms.CharField()


def test_a_service_error_goes_beside_its_field_or_to_the_top():
    form = _Form({"name": "x"})
    assert form.is_valid()
    form.add_service_error(services.OrganisationError("名称已被使用", field="name"))
    form.add_service_error(PrivacyError("稍后再试", field="not_in_this_form"))
    assert form.errors["name"] == ["名称已被使用"] and form.non_field_errors() == ["稍后再试"]


def test_every_apps_service_error_derives_from_the_base():
    assert issubclass(services.OrganisationError, ServiceError)
    assert issubclass(services.LastOwnerError, ServiceError)
    assert issubclass(PrivacyError, ServiceError)


# --- the members to tell -------------------------------------------------------------------------


def test_the_members_to_tell(organisation):
    owner = factories.MembershipFactory(organisation=organisation, role=MemberRole.OWNER, user__email="b@example.com")
    editor = factories.MembershipFactory(organisation=organisation, user__email="a@example.com")
    factories.MembershipFactory(organisation=organisation, user__email="gone@example.com", user__is_active=False)
    factories.MembershipFactory(organisation=organisation, user__email="")
    factories.MembershipFactory(user__email="elsewhere@example.com")
    assert members_to_tell(organisation, OWNERS) == [owner.user]
    assert members_to_tell(organisation, MEMBERS) == [editor.user, owner.user]
    assert members_to_tell(organisation) == [editor.user, owner.user]


# --- every decision is in the log with the state before and after --------------------------------


@pytest.mark.parametrize(
    ("decision", "before", "note"),
    [("verified", "pending", ""), ("rejected", "pending", "证照不符"), ("suspended", "verified", "违规宣传")],
)
def test_each_verification_decision_is_logged_with_before_and_after(staff, decision, before, note):
    organisation = factories.OrganisationFactory(verification_status=before)
    verification.VERIFICATION.take(decision, organisation, by=staff, note=note)
    entry = ModelLogEntry.objects.get(object_id=str(organisation.pk), action=f"portal.organisation.{decision}")
    assert entry.user == staff and log_registry.action_exists(entry.action)
    assert entry.data["before"] == {"status": before, "note": ""}
    assert entry.data["after"] == {"status": decision, "note": note}


def test_running_a_task_again_is_logged_with_before_and_after(staff):
    from django.utils import timezone

    from portal.outbox_admin import RETRY

    message = OutboxMessage.objects.create(effect="tests.relocated_email", attempts=20, gave_up_at=timezone.now())
    RETRY.take("retry", message, by=staff)
    entry = ModelLogEntry.objects.get(object_id=str(message.pk), action="portal.outbox.retried")
    assert (entry.data["before"], entry.data["after"]) == ({"status": "gave_up"}, {"status": "retrying"})


# --- what staff read after a decision ------------------------------------------------------------


def test_every_decision_says_in_its_own_words_what_happened_and_who_is_told():
    """Not "Done: <record>." (``DecisionView``'s fallback): the admin's message after approving a
    product, sending a case back or screening an entry says what it did and whom the portal e-mails."""
    reviews = [
        product_services.REVIEW,
        case_services.REVIEW,
        edition_services.APPLICATION_REVIEW,
        edition_services.EDITION_REVIEW,
        competition_services.SCREENING,
        verification.VERIFICATION,
        programme_services.REVIEW,
        outbox_admin.RETRY,
    ]
    without = [
        (review.model.__name__, name) for review in reviews for name, d in review.decisions.items() if not d.done
    ]
    # Accepting a case says its own, with what is left to do (``cases.wagtail_hooks``); running a
    # background task again tells nobody.
    assert without == [("CaseSubmission", "accept"), ("OutboxMessage", "retry")]
