"""Programme applications: the rules of applying, withdrawing and deciding, their log and e-mails."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from wagtail.models import ModelLogEntry

from incubator.models import ProgrammeApplication
from incubator.programmes import services
from incubator.vocabulary import ApplicationStatus
from tests.incubator.meetings.factories import member_of, verified

pytestmark = pytest.mark.django_db

MESSAGE = "柔性电极已完成大动物实验，希望申请概念验证支持。"


def apply(founder, startup_org, incubator_org, **kwargs):
    values = {"services": ["proof_of_concept"], "message": MESSAGE, "token": uuid.uuid4(), **kwargs}
    return services.apply(actor=founder, startup=startup_org, platform=incubator_org, **values)


def actions(application) -> list[str]:
    return list(ModelLogEntry.objects.for_instance(application).order_by("pk").values_list("action", flat=True))


def test_apply_tells_the_platforms_members_in_their_language(
    founder, manager, startup_org, incubator_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(founder, startup_org, incubator_org)
    assert application.status == ApplicationStatus.SUBMITTED and application.services == ["proof_of_concept"]
    assert actions(application) == ["incubator.programme_application.submitted"]
    assert [message.to for message in mail.outbox] == [[manager.email]]  # the platform's members, not the founder
    english = mail.outbox[0]
    assert english.subject == "Yanqi Intelligence applied to your programme"
    assert "Proof-of-concept" in english.body or "proof-of-concept" in english.body.lower()
    assert MESSAGE in english.body and f"/en/dashboard/applications/{application.pk}/" in english.body


def test_the_same_form_twice_makes_one_application(founder, startup_org, incubator_org):
    token = uuid.uuid4()
    first = apply(founder, startup_org, incubator_org, token=token)
    second = apply(founder, startup_org, incubator_org, token=token)
    assert first.pk == second.pk and ProgrammeApplication.objects.count() == 1


def test_one_application_awaiting_review_per_platform(founder, startup_org, incubator_org):
    first = apply(founder, startup_org, incubator_org)
    with translation.override("en"), pytest.raises(services.ProgrammeError, match="already has an application"):
        apply(founder, startup_org, incubator_org)
    services.withdraw(actor=founder, application=first)
    again = apply(founder, startup_org, incubator_org)  # withdrawn: the startup may apply again
    assert again.pk != first.pk


def test_the_refusal_dates_the_waiting_application_in_shanghai(founder, startup_org, incubator_org):
    """Sent at 07:30 in Shanghai on 5 December (23:30 UTC on the 4th): the refusal said "sent on
    2026-12-04", the day before the one the application's page and the platform's page show."""
    first = apply(founder, startup_org, incubator_org)
    sent = datetime.datetime(2026, 12, 5, 7, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    ProgrammeApplication.objects.filter(pk=first.pk).update(created_at=sent)
    with translation.override("en"), pytest.raises(services.ProgrammeError, match="sent on 2026-12-05\\."):
        apply(founder, startup_org, incubator_org)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"services": ["gmp_fabrication"]}, "services"),  # not offered by this platform
        ({"services": ["no-such-service"]}, "services"),
        ({"services": []}, "services"),  # the platform lists services: choose one
        ({"message": "   "}, "message"),
        ({"message": "脑" * (services.MESSAGE_MAX + 1)}, "message"),
    ],
)
def test_bad_input_is_refused_on_its_field(kwargs, field, founder, startup_org, incubator_org):
    with translation.override("en"), pytest.raises(services.ProgrammeError) as refused:
        apply(founder, startup_org, incubator_org, **kwargs)
    assert refused.value.field == field and str(refused.value)
    assert not ProgrammeApplication.objects.exists()


def test_only_members_of_a_verified_startup_apply(startup_org, incubator_org, manager):
    with pytest.raises(PermissionDenied):
        apply(manager, startup_org, incubator_org)  # not a member of the startup
    pending = verified("startup", verification_status="pending")
    with pytest.raises(PermissionDenied):
        apply(member_of(pending), pending, incubator_org)
    investor = verified("investor")
    with pytest.raises(PermissionDenied):
        apply(member_of(investor), investor, incubator_org)  # investors do not apply


def test_a_platform_that_takes_no_applications_refuses(founder, startup_org, incubator_org):
    incubator_org.platform_profile.accepts_applications = False
    incubator_org.platform_profile.save()
    with translation.override("en"), pytest.raises(services.ProgrammeError, match="does not take applications"):
        apply(founder, startup_org, incubator_org)


def test_the_platform_accepts_and_the_startup_hears_of_it(
    founder, manager, startup_org, incubator_org, django_capture_on_commit_callbacks
):
    application = apply(founder, startup_org, incubator_org)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(actor=manager, application=application, note="请于下周一到张江园区报到。")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and application.decided_by == manager
    assert application.decision_note == "请于下周一到张江园区报到。"
    assert actions(application)[-1] == "incubator.programme_application.accepted"
    assert [message.to for message in mail.outbox] == [[founder.email]]
    assert "张江脑机接口孵化器" in mail.outbox[0].subject and "请于下周一到张江园区报到。" in mail.outbox[0].body


def test_declining_needs_a_reason(founder, manager, startup_org, incubator_org):
    application = apply(founder, startup_org, incubator_org)
    with translation.override("en"), pytest.raises(services.ProgrammeError, match="Give the reason") as refused:
        services.reject(actor=manager, application=application, reason="  ")
    assert refused.value.field == "note"
    services.reject(actor=manager, application=application, reason="本期名额已满，欢迎下期申请。")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_who_decides(founder, manager, startup_org, incubator_org, staff):
    application = apply(founder, startup_org, incubator_org)
    with pytest.raises(PermissionDenied):
        services.accept(actor=founder, application=application)  # the applicant does not decide
    with pytest.raises(PermissionDenied):
        services.accept(actor=member_of(verified("incubator")), application=application)  # another platform
    incubator_org.verification_status = "suspended"  # staff suspended the platform meanwhile
    incubator_org.save()
    with pytest.raises(PermissionDenied):
        services.accept(actor=manager, application=application)
    services.accept(actor=staff, application=application)  # alliance staff decide on any
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and application.decided_by == staff


def test_a_decided_application_is_neither_decided_again_nor_withdrawn(founder, manager, startup_org, incubator_org):
    application = apply(founder, startup_org, incubator_org)
    services.accept(actor=manager, application=application)
    with translation.override("en"), pytest.raises(services.ProgrammeError, match="only one awaiting review"):
        services.reject(actor=manager, application=application, reason="改变主意")
    with translation.override("en"), pytest.raises(services.ProgrammeError, match="only one awaiting review"):
        services.withdraw(actor=founder, application=application)
    with pytest.raises(PermissionDenied):
        services.withdraw(actor=manager, application=application)  # the platform does not withdraw


def test_a_refusal_names_the_status_as_a_status(founder, manager, startup_org, incubator_org):
    """The status is a label ("Not accepted"): the English sentence read "This application is Not accepted:"."""
    application = apply(founder, startup_org, incubator_org)
    services.reject(actor=manager, application=application, reason="本期名额已满")
    refusals = {
        "en": (
            "This application's status is “Not accepted”: only one awaiting review can be decided.",
            "This application's status is “Not accepted”: only one awaiting review can be withdrawn.",
        ),
        "zh-hans": (
            "该申请状态为“未入选”：只有待审核的申请可以作出决定。",
            "该申请状态为“未入选”：只有待审核的申请可以撤回。",
        ),
    }
    for language, (decided, withdrawn) in refusals.items():
        with translation.override(language):
            with pytest.raises(services.ProgrammeError) as refused:
                services.accept(actor=manager, application=application)
            assert str(refused.value) == decided
            with pytest.raises(services.ProgrammeError) as refused:
                services.withdraw(actor=founder, application=application)
            assert str(refused.value) == withdrawn


def test_withdrawing_tells_the_platform_and_an_email_of_the_past_is_not_sent(
    founder, manager, startup_org, incubator_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(founder, startup_org, incubator_org)
        services.withdraw(actor=founder, application=application)  # before the "submitted" e-mail went out
        services.withdraw(actor=founder, application=application)  # twice: nothing more
    assert [message.subject for message in mail.outbox] == ["Yanqi Intelligence withdrew its application"]
    assert actions(application) == [
        "incubator.programme_application.submitted",
        "incubator.programme_application.withdrawn",
    ]


def test_an_accepted_startup_enters_the_pipeline_once(founder, manager, startup_org, incubator_org):
    from incubator.models import PipelineCard
    from incubator.vocabulary import PipelineSource, PipelineStage

    first = apply(founder, startup_org, incubator_org)
    services.reject(actor=manager, application=first, reason="材料不全，请补充后再申请。")
    assert not PipelineCard.objects.exists()  # a declined application brings nobody in
    second = apply(founder, startup_org, incubator_org)
    services.accept(actor=manager, application=second)  # a platform's member: no pipeline rights needed
    card = PipelineCard.objects.get()
    assert card.startup == startup_org and card.stage == PipelineStage.DISCOVERED
    assert card.source == PipelineSource.APPLICATION and "张江脑机接口孵化器" in card.source_note
    assert card.history.get().by is None  # opened by the portal, not by the platform's member
    third = apply(founder, startup_org, incubator_org)
    services.accept(actor=manager, application=third)
    assert PipelineCard.objects.get() == card  # one card per startup, as it stands
