"""The meeting pages as a member uses them: send, see, accept, decline, withdraw; refusals keep the input."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from incubator.meetings import timing
from incubator.meetings.forms import MeetingRequestForm
from incubator.models import InvestorProfile, MeetingRequest, PlatformProfile, StartupProfile
from incubator.vocabulary import MeetingStatus
from tests.incubator.meetings.factories import make_meeting, member_of, verified
from tests.matrix import creation_token

pytestmark = pytest.mark.django_db


def shanghai(moment) -> str:
    return timing.in_zone(moment).strftime("%Y-%m-%dT%H:%M")


def form_data(**overrides) -> dict:
    when = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    return {
        **creation_token(MeetingRequestForm),
        "subject": "临床合作交流 · Clinical partnership",
        "message": "希望讨论临床试验基地的合作。",
        "slot_1": shanghai(when),
        "slot_2": shanghai(when + timedelta(days=1)),
        "duration_minutes": "90",
        "location": "https://meeting.example.com/room/1",
    } | overrides


def new_url(organisation) -> str:
    return reverse("incubator:meeting_new", kwargs={"slug": organisation.slug})


def test_an_investor_sends_a_request_typed_in_shanghai_time(client, investor, investor_org, startup_org):
    client.force_login(investor)
    page = client.get(new_url(startup_org))
    assert page.status_code == 200 and 'type="datetime-local"' in page.text
    assert 'name="sender"' not in page.text  # one organisation may send: no choice to make
    day = timing.in_zone(timezone.now() + timedelta(days=400)).date()
    data = form_data(slot_1=f"{day}T09:30")
    data.pop("slot_2")
    with pytest.MonkeyPatch.context() as patch:
        # 400 days is more than 90 days ahead: accept it here to check the time zone alone.
        patch.setattr("incubator.meetings.services.MAX_DAYS_AHEAD", 10_000)
        response = client.post(new_url(startup_org), data)
    meeting = MeetingRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/dashboard/meetings/{meeting.pk}/")
    assert (meeting.sender, meeting.recipient, meeting.duration_minutes) == (investor_org, startup_org, 90)
    # 09:30 in Shanghai is 01:30 UTC, whatever the request's time zone.
    assert meeting.slots.get().starts_at.isoformat() == f"{day}T01:30:00+00:00"


def test_a_member_of_two_organisations_chooses_the_sender(client, investor, investor_org, startup_org):
    second_fund = verified("investor", name_zh="第二基金")
    member_of(second_fund, user=investor)
    client.force_login(investor)
    assert 'name="sender"' in client.get(new_url(startup_org)).text
    response = client.post(new_url(startup_org), form_data(sender=second_fund.pk))
    assert response.status_code == 302
    assert MeetingRequest.objects.get().sender == second_fund
    # an organisation the user does not belong to is not a choice
    other = verified("investor")
    response = client.post(new_url(startup_org), form_data(sender=other.pk))
    assert response.status_code == 400 and MeetingRequest.objects.count() == 1


def test_a_refused_request_keeps_the_input(client, founder, startup_org, investor_org):
    make_meeting(sender=startup_org, recipient=investor_org)
    client.force_login(founder)
    response = client.post(new_url(investor_org), form_data())
    assert response.status_code == 400
    assert "临床合作交流 · Clinical partnership" in response.text
    assert MeetingRequest.objects.count() == 1


def test_a_request_awaiting_an_answer_is_shown_instead_of_the_form(client, investor, investor_org, startup_org):
    """One request awaiting an answer per pair: the startup's profile and the form say it waits, with a
    link to it, instead of a form the service refuses once written (either organisation may have sent it)."""
    StartupProfile.objects.create(organisation=startup_org, summary_zh="言语解码")
    meeting = make_meeting(sender=startup_org, recipient=investor_org)
    client.force_login(investor)
    detail = reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk})
    profile = reverse("incubator:startup_detail", kwargs={"slug": startup_org.slug})
    form_page = client.get(new_url(startup_org)).text
    assert "正在等待答复" in form_page and detail in form_page
    assert 'name="subject"' not in form_page
    profile_page = client.get(profile).text
    assert detail in profile_page and new_url(startup_org) not in profile_page  # no "Request a meeting" button
    meeting.status = MeetingStatus.DECLINED
    meeting.save()
    assert 'name="subject"' in client.get(new_url(startup_org)).text
    assert new_url(startup_org) in client.get(profile).text


def test_a_startup_asks_an_investor_for_a_meeting_from_the_investors_profile(client, founder, investor, investor_org):
    """A startup may meet investors (its suggested investors lead to their profiles): the profile offers it,
    as a startup's offers investors; an investor, who may not meet another investor, is offered nothing."""
    InvestorProfile.objects.create(organisation=investor_org, thesis_zh="早期投资")
    profile = reverse("incubator:investor_detail", kwargs={"slug": investor_org.slug})
    client.force_login(founder)
    assert new_url(investor_org) in client.get(profile).text
    client.force_login(member_of(verified("investor", name_zh="另一基金")))
    assert new_url(investor_org) not in client.get(profile).text


def test_a_platforms_profile_offers_a_startup_a_meeting_or_shows_the_one_waiting(client, founder, incubator_org):
    """An incubator may meet startups: its profile offers a startup's member the request form, then, once one
    waits for an answer, a link to it instead; an investor, who may not meet a platform, is offered nothing."""
    PlatformProfile.objects.create(organisation=incubator_org, services=["financing"])
    profile = reverse("incubator:platform_detail", kwargs={"slug": incubator_org.slug})
    client.force_login(founder)
    assert new_url(incubator_org) in client.get(profile).text
    meeting = make_meeting(sender=founder.memberships.get().organisation, recipient=incubator_org)
    page = client.get(profile).text
    assert reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk}) in page
    assert new_url(incubator_org) not in page
    client.force_login(member_of(verified("investor", name_zh="某基金")))
    assert new_url(incubator_org) not in client.get(profile).text


def test_a_time_in_the_past_is_shown_beside_the_first_time(client, founder, investor_org):
    client.force_login(founder)
    response = client.post(new_url(investor_org), form_data(slot_1=shanghai(timezone.now() - timedelta(hours=1))))
    assert response.status_code == 400
    assert response.context["form"].errors["slot_1"]
    assert not MeetingRequest.objects.exists()


def test_bad_input_is_a_form_error_never_a_500(client, founder, investor_org):
    client.force_login(founder)
    for data in (
        form_data(slot_1="not a date"),
        form_data(duration_minutes="7"),
        form_data(creation_token="forged"),
        {"subject": ""},
    ):
        assert client.post(new_url(investor_org), data).status_code == 400
    assert not MeetingRequest.objects.exists()


def test_the_same_form_sent_twice_makes_one_request(client, founder, investor_org):
    client.force_login(founder)
    data = form_data()
    first, second = client.post(new_url(investor_org), data), client.post(new_url(investor_org), data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert MeetingRequest.objects.count() == 1


def test_the_recipient_accepts_a_time_from_the_page(client, investor, founder, startup_org, investor_org):
    meeting = make_meeting(sender=startup_org, recipient=investor_org)
    slot = meeting.slots.order_by("starts_at")[1]
    client.force_login(investor)
    detail = client.get(reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk}))
    assert detail.status_code == 200 and "accept-slot" in detail.text and "decline-reason" in detail.text
    response = client.post(
        reverse("incubator:meeting_accept", kwargs={"meeting_id": meeting.pk}), {"accept-slot": slot.pk}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED and meeting.chosen_slot == slot
    page = client.get(response["Location"])
    assert reverse("incubator:meeting_ics", kwargs={"meeting_id": meeting.pk}) in page.text
    assert "accept-slot" not in page.text  # answered: no more answer forms


def test_each_answer_form_says_what_it_does(client, investor, startup_org, investor_org):
    """The decline box is not a bare "Reason": its form is headed "Decline the request", as accepting is."""
    meeting = make_meeting(sender=startup_org, recipient=investor_org)
    client.force_login(investor)
    for language, accept, decline in (
        ("zh-hans", "接受此请求", "拒绝此请求"),
        ("en", "Accept the request", "Decline the request"),
    ):
        with translation.override(language):
            page = client.get(reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk})).text
            decline_url = reverse("incubator:meeting_decline", kwargs={"meeting_id": meeting.pk})
        decline_form = page[page.index(f'action="{decline_url}"') :].split("</form>")[0]
        assert 'aria-labelledby="decline-heading"' in decline_form
        assert f'<h3 id="decline-heading">{decline}</h3>' in decline_form
        assert decline_form.index("decline-heading") < decline_form.index('name="decline-reason"')
        assert f'<h3 id="accept-heading">{accept}</h3>' in page


def test_the_sender_sees_no_answer_forms(client, founder, startup_org, investor_org):
    meeting = make_meeting(sender=startup_org, recipient=investor_org)
    client.force_login(founder)
    page = client.get(reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk}))
    assert "accept-slot" not in page.text
    assert reverse("incubator:meeting_cancel", kwargs={"meeting_id": meeting.pk}) in page.text


def test_a_late_answer_is_told_what_happened(client, investor, startup_org, investor_org):
    meeting = make_meeting(sender=startup_org, recipient=investor_org, status=MeetingStatus.CANCELLED)
    client.force_login(investor)
    with translation.override("en"):  # the page in English
        url = reverse("incubator:meeting_decline", kwargs={"meeting_id": meeting.pk})
    response = client.post(url, {"decline-reason": "不合适"}, follow=True)
    assert response.redirect_chain[-1][1] == 302
    assert any("no longer awaiting an answer" in str(message) for message in response.context["messages"])


@pytest.mark.parametrize(
    ("status", "expires_in", "told"),
    [
        (MeetingStatus.EXPIRED, timedelta(days=-1), "no longer awaiting an answer: it is now “Expired”"),
        (MeetingStatus.ACCEPTED, timedelta(days=3), "no longer awaiting an answer: it is now “Accepted”"),
        # Past its time, before the task marked it expired.
        (MeetingStatus.PENDING, timedelta(minutes=-5), "expired at"),
    ],
)
def test_an_answer_from_a_stale_page_is_told_what_happened_whatever_its_form_held(
    client, investor, startup_org, investor_org, status, expires_in, told
):
    """ "Accept" with no time chosen, "Decline" with no reason, on a page shown before the request expired
    or was answered: a 400 page without its answer forms, so without their errors or any other word."""
    meeting = make_meeting(sender=startup_org, recipient=investor_org, status=status, expires_in=expires_in)
    client.force_login(investor)
    with translation.override("en"):
        detail = reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk})
        posts = [
            (reverse("incubator:meeting_accept", kwargs={"meeting_id": meeting.pk}), {}),
            (reverse("incubator:meeting_decline", kwargs={"meeting_id": meeting.pk}), {"decline-reason": ""}),
        ]
    for url, data in posts:
        response = client.post(url, data, follow=True)
        assert response.redirect_chain == [(detail, 302)]
        assert response.status_code == 200 and told in response.text
    meeting.refresh_from_db()
    assert meeting.status == status


def test_declining_without_a_reason_shows_the_form_again(client, investor, startup_org, investor_org):
    meeting = make_meeting(sender=startup_org, recipient=investor_org)
    client.force_login(investor)
    response = client.post(
        reverse("incubator:meeting_decline", kwargs={"meeting_id": meeting.pk}), {"decline-reason": ""}
    )
    assert response.status_code == 400 and response.context["decline_form"].errors["reason"]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING


def test_a_slot_of_another_request_is_refused(client, investor, startup_org, investor_org):
    meeting = make_meeting(sender=startup_org, recipient=investor_org)
    other = make_meeting(sender=verified("startup"), recipient=investor_org)
    client.force_login(investor)
    response = client.post(
        reverse("incubator:meeting_accept", kwargs={"meeting_id": meeting.pk}), {"accept-slot": other.slots.first().pk}
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING


def test_the_list_shows_received_and_sent_by_status(client, investor, startup_org, investor_org):
    received = make_meeting(sender=startup_org, recipient=investor_org, subject="收到的请求")
    sent = make_meeting(
        sender=investor_org, recipient=verified("startup"), subject="发出的请求", status=MeetingStatus.DECLINED
    )
    make_meeting(sender=verified("startup"), recipient=verified("investor"), subject="别人的请求")
    client.force_login(investor)
    url = reverse("incubator:meeting_list")
    page = client.get(url)
    assert received.subject in page.text and sent.subject not in page.text and "别人的请求" not in page.text
    page = client.get(url, {"box": "sent"})
    assert sent.subject in page.text and received.subject not in page.text
    assert page.context["counts"] == {
        "received": {"all": 1, "pending": 1, "accepted": 0, "declined": 0, "expired": 0, "cancelled": 0},
        "sent": {"all": 1, "pending": 0, "accepted": 0, "declined": 1, "expired": 0, "cancelled": 0},
    }
    assert sent.subject not in client.get(url, {"box": "sent", "status": "pending"}).text
    assert client.get(url, {"box": "junk", "status": "junk", "page": "junk"}).status_code == 200


def test_the_list_costs_the_same_queries_however_many_requests(
    client, investor, investor_org, django_assert_max_num_queries
):
    client.force_login(investor)
    url = reverse("incubator:meeting_list")
    make_meeting(sender=verified("startup"), recipient=investor_org)
    client.get(url)  # warm the session and the site's settings
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(15):
        make_meeting(sender=verified("startup"), recipient=investor_org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_detail_costs_the_same_queries_however_many_times(
    client, investor, startup_org, investor_org, django_assert_max_num_queries
):
    client.force_login(investor)
    few = make_meeting(sender=startup_org, recipient=investor_org, days_ahead=(2,))
    many = make_meeting(sender=verified("startup"), recipient=investor_org, days_ahead=(1, 2, 3, 4, 5))
    client.get(reverse("incubator:meeting_detail", kwargs={"meeting_id": few.pk}))
    with django_assert_max_num_queries(20) as counted:
        client.get(reverse("incubator:meeting_detail", kwargs={"meeting_id": few.pk}))
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(reverse("incubator:meeting_detail", kwargs={"meeting_id": many.pk}))


def test_the_status_filter_counts_read_as_chinese(client, investor, startup_org, investor_org):
    """Every count on the Chinese list takes full-width brackets, the status filters as well as "All"."""
    make_meeting(sender=startup_org, recipient=investor_org)
    client.force_login(investor)
    page = client.get(reverse("incubator:meeting_list"))
    assert "全部（1）" in page.text and "待答复（1）" in page.text and "已接受（0）" in page.text
    assert "待答复 (1)" not in page.text
    with translation.override("en"):
        page = client.get(reverse("incubator:meeting_list"))
    assert "Awaiting an answer (1)" in page.text


def test_a_refused_time_is_shown_beside_its_own_field(client, founder, investor_org):
    """A past or repeated time is flagged on the field that holds it, not always on the first."""
    client.force_login(founder)
    when = timezone.now() + timedelta(days=5)
    response = client.post(new_url(investor_org), form_data(slot_1=shanghai(when), slot_2=shanghai(when)))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "slot_1" not in errors and errors["slot_2"]
    past = shanghai(timezone.now() - timedelta(hours=1))
    response = client.post(new_url(investor_org), form_data(slot_1=shanghai(when), slot_2="", slot_3=past))
    errors = response.context["form"].errors
    assert response.status_code == 400 and "slot_1" not in errors and errors["slot_3"]
    assert not MeetingRequest.objects.exists()


def test_cancel_leads_back_to_the_profile_the_request_was_asked_from(
    client, investor, founder, startup_org, investor_org
):
    """ "Request a meeting" is on a startup's, investor's or platform's profile: "Cancel" led to the
    organisation's page instead, another page than the one the member came from."""
    StartupProfile.objects.create(organisation=startup_org, summary_zh="言语解码")
    InvestorProfile.objects.create(organisation=investor_org, thesis_zh="早期投资")
    for user, recipient, profile in (
        (investor, startup_org, reverse("incubator:startup_detail", kwargs={"slug": startup_org.slug})),
        (founder, investor_org, reverse("incubator:investor_detail", kwargs={"slug": investor_org.slug})),
    ):
        client.force_login(user)
        cancel = re.search(r'</button><a href="([^"]+)">', client.get(new_url(recipient)).text)
        assert cancel and cancel[1] == profile
