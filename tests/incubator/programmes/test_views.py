"""The application pages as the startup and the platform use them: apply, decide, withdraw, the list."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import ProgrammeApplication
from incubator.programmes.forms import ApplicationForm
from incubator.vocabulary import ApplicationStatus
from portal.organisations.models import VerificationStatus
from tests.incubator.programmes.world import make_application
from tests.matrix import creation_token

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"incubator:{name}", kwargs=kwargs)


def test_the_platform_page_offers_to_apply(client, incubator_org):
    body = client.get(url("platform_detail", slug=incubator_org.slug)).content.decode()
    assert url("application_new", slug=incubator_org.slug) in body


def test_the_platforms_own_members_are_not_offered_to_apply_to_it(client, manager, incubator_org):
    """Its page says the profile is theirs, with the editor's link, instead of a button whose form
    refused them (403, which stays: the server still refuses them)."""
    client.force_login(manager)
    body = client.get(url("platform_detail", slug=incubator_org.slug)).content.decode()
    assert url("application_new", slug=incubator_org.slug) not in body
    assert "This is your organisation's profile, as startups and visitors see it." in body
    assert f'href="{url("profile_edit", organisation_pk=incubator_org.pk)}">Edit the profile</a>' in body
    assert client.get(url("application_new", slug=incubator_org.slug)).status_code == 403


def test_a_founder_applies_once_even_when_sending_twice(client, founder, incubator_org):
    client.force_login(founder)
    form = client.get(url("application_new", slug=incubator_org.slug))
    assert form.status_code == 200
    body = form.content.decode()
    assert 'value="proof_of_concept"' in body and 'value="gmp_fabrication"' not in body  # only what it offers
    data = {**creation_token(ApplicationForm), "services": ["proof_of_concept"], "message": "希望申请概念验证。"}
    first = client.post(url("application_new", slug=incubator_org.slug), data)
    second = client.post(url("application_new", slug=incubator_org.slug), data)  # a double click
    application = ProgrammeApplication.objects.get()
    detail = url("application_detail", application_id=application.pk)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"] == detail
    page = client.get(detail).content.decode()
    assert "希望申请概念验证。" in page and "Withdraw the application" in page and "Your decision" not in page


def test_a_startup_whose_application_waits_is_shown_it_instead_of_the_form(client, founder, startup_org, incubator_org):
    """The platform's page and the form say the application awaits review, with a link to it: the form
    led to a refusal once the message was written (one application awaiting review per pair)."""
    application = make_application(startup=startup_org, platform=incubator_org, submitted_by=founder)
    client.force_login(founder)
    detail = url("application_detail", application_id=application.pk)
    new = url("application_new", slug=incubator_org.slug)
    form_page = client.get(new)
    platform_page = client.get(url("platform_detail", slug=incubator_org.slug)).content.decode()
    assert form_page.status_code == 200
    body = form_page.content.decode()
    assert "the application awaits the platform's review." in body and detail in body
    assert 'name="message"' not in body and "Send the application" not in body
    assert detail in platform_page and new not in platform_page  # no "Apply" button
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    assert 'name="message"' in client.get(new).content.decode()
    assert new in client.get(url("platform_detail", slug=incubator_org.slug)).content.decode()


def test_a_refused_application_keeps_what_was_typed(client, founder, incubator_org):
    client.force_login(founder)
    data = {**creation_token(ApplicationForm), "services": [], "message": "我们的需求写在这里。"}
    response = client.post(url("application_new", slug=incubator_org.slug), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose at least one of the services" in body and "我们的需求写在这里。" in body
    assert not ProgrammeApplication.objects.exists()


def test_the_services_are_marked_required_on_the_form(client, founder, incubator_org):
    client.force_login(founder)
    body = client.get(url("application_new", slug=incubator_org.slug)).content.decode()
    assert '<legend>Services you apply for<span class="required" aria-hidden="true"> *</span></legend>' in body


def test_the_platform_declines_with_a_reason_and_a_second_click_is_harmless(
    client, founder, manager, startup_org, incubator_org
):
    application = make_application(startup=startup_org, platform=incubator_org, submitted_by=founder)
    client.force_login(manager)
    page = client.get(url("application_detail", application_id=application.pk)).content.decode()
    assert "Your decision" in page and "Withdraw the application" not in page
    no_reason = client.post(url("application_reject", application_id=application.pk), {"reject-note": ""})
    assert no_reason.status_code == 400 and "Give the reason" in no_reason.content.decode()
    reason = {"reject-note": "本期名额已满，欢迎下期申请。"}
    done = client.post(url("application_reject", application_id=application.pk), reason)
    again = client.post(url("application_accept", application_id=application.pk), {"accept-note": ""})
    assert done.status_code == again.status_code == 302  # the second click lands on the page, told why
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    page = client.get(url("application_detail", application_id=application.pk)).content.decode()
    assert "only one awaiting review can be decided" in page and "本期名额已满" in page


def test_a_suspended_platforms_members_are_told_why_they_cannot_decide(
    client, founder, manager, startup_org, incubator_org
):
    """The alliance suspended the incubator: its members' page of an application awaiting review lost
    its decision forms without a word (deciding is refused to them until it is verified again)."""
    application = make_application(startup=startup_org, platform=incubator_org, submitted_by=founder)
    incubator_org.verification_status = VerificationStatus.SUSPENDED
    incubator_org.save()
    client.force_login(manager)
    page = client.get(url("application_detail", application_id=application.pk)).content.decode()
    assert "Your decision" not in page
    assert "is not verified by the alliance at the moment: its members decide on applications again once it is." in page
    client.force_login(founder)  # the startup's side: nothing for it to do about it
    assert (
        "not verified by the alliance" not in client.get(url("application_detail", application_id=application.pk)).text
    )
    incubator_org.verification_status = VerificationStatus.VERIFIED
    incubator_org.save()
    client.force_login(manager)
    page = client.get(url("application_detail", application_id=application.pk)).content.decode()
    assert "Your decision" in page and "not verified by the alliance" not in page


def test_the_founder_withdraws(client, founder, startup_org, incubator_org):
    application = make_application(startup=startup_org, platform=incubator_org, submitted_by=founder)
    client.force_login(founder)
    response = client.post(url("application_withdraw", application_id=application.pk))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    # When: the page said "Withdrawn" and when it was sent, not when it was taken back.
    page = client.get(url("application_detail", application_id=application.pk)).content.decode()
    assert application.withdrawn_at and '<dt>Withdrawn at</dt><dd><time class="moment"' in page


def test_the_list_lands_each_side_on_its_box_with_a_constant_query_count(
    client, founder, manager, startup_org, incubator_org, django_assert_max_num_queries
):
    for n in range(12):
        make_application(
            startup=startup_org, platform=incubator_org, status=ApplicationStatus.REJECTED, message=f"第{n}次申请"
        )
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        response = client.get(url("application_list"))
    assert response.context["box"] == "received" and len(response.context["page_obj"].object_list) == 12
    client.force_login(founder)
    response = client.get(url("application_list"))
    assert response.context["box"] == "sent" and "Zhangjiang BCI Incubator" in response.content.decode()


def test_an_english_page_marks_the_chinese_an_application_was_written_in(
    client, founder, manager, startup_org, incubator_org
):
    # Screen readers read the founder's name, the message and the platform's note with the page's
    # English voice: they were printed bare, where a meeting request's are marked (``|written``).
    founder.first_name, founder.last_name = "言", "许"
    founder.save(update_fields=["first_name", "last_name"])
    application = make_application(startup=startup_org, platform=incubator_org, submitted_by=founder)
    client.force_login(manager)
    page = client.get(url("application_detail", application_id=application.pk)).content.decode()
    assert f'<span lang="zh-Hans">{founder.display_name}</span>' in page
    assert f'<span lang="zh-Hans">{application.message}</span>' in page


def test_applying_to_a_programme_reads_joining_it_in_chinese(client, founder, incubator_org):
    """申请入驻 (moving into premises) named an application to a platform's or incubator's programme."""
    client.force_login(founder)
    with translation.override("zh-hans"):
        detail = reverse("incubator:platform_detail", kwargs={"slug": incubator_org.slug})
        new = reverse("incubator:application_new", kwargs={"slug": incubator_org.slug})
        said = [
            translation.gettext(msgid)
            for msgid in (
                "programme application",
                "Apply to a programme",
                "%(startup)s applied to your programme",
                "%(startup)s applied to the programme of %(platform)s.",
                "%(platform)s accepted the application of %(startup)s to its programme.",
                "Only members of a verified startup can apply to a programme.",
            )
        ]
    body = client.get(detail).content.decode()
    assert "申请参加该项目" in body and "入驻" not in body
    form = client.get(new).content.decode()
    assert "的项目</h1>" in form and "入驻" not in form
    assert not [text for text in said if "入驻" in text]
