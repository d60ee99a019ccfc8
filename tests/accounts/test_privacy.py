"""Members' personal data (PIPL): export it, delete the account (portal.privacy, portal.views.privacy)."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.log_actions import log
from wagtail.models import Revision

from cases.models import CaseSubmission
from portal import privacy
from portal.models import Invitation, Membership, Organisation, User
from portal.personal_data import EXPORT_FORMAT, authored_records
from tests.accounts.conftest import CJK, activate_totp
from tests.cases.factories import HospitalFactory, SubmissionFactory, build_case_site, make_case
from tests.catalog.factories import PublishedProductFactory
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "zh-hans") -> str:
    with translation.override(language):
        return reverse(f"portal:{name}")


def reauthenticated(client, user):
    """What allauth's re-authentication page records in the session (a password confirmed just now)."""
    session = client.session
    request = RequestFactory().get("/")
    request.session, request.user = session, user
    record_authentication(request, user, method="password", reauthenticated=True)
    session.save()
    return client


def signed_in(user, *, reauth=True) -> Client:
    client = Client()
    client.force_login(user)
    return reauthenticated(client, user) if reauth else client


def unzip(response) -> tuple[dict, str, bytes]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert "no-store" in response["Cache-Control"]
    raw = response.content
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert sorted(archive.namelist()) == ["README.txt", "personal-data.json"]
        document = archive.read("personal-data.json").decode()
        readme = archive.read("README.txt").decode()
    return json.loads(document), readme, document.encode()


@pytest.fixture
def member_with_history():
    """A member with something in every section of the export, and a colleague who must not appear in it."""
    member = UserFactory(email="li.wei@example.com", first_name="伟", last_name="李", preferred_language="en")
    EmailAddress.objects.create(user=member, email="wei.li@hospital.example.cn", verified=True)
    member.totp_secret = activate_totp(member)
    hospital = HospitalFactory(name_zh="瑞金医院", name_en="Ruijin Hospital")
    MembershipFactory(user=member, organisation=hospital, role="owner")
    colleague = MembershipFactory(
        organisation=hospital, role="owner", user=UserFactory(email="colleague.secret@example.com")
    ).user
    other = OrganisationFactory(name_zh="乙公司", name_en="Beta Co")
    sent = InvitationFactory(organisation=hospital, email="new.doctor@example.com", invited_by=member)
    received = InvitationFactory(organisation=other, email="WEI.LI@hospital.example.cn", invited_by=colleague)
    accepted = InvitationFactory(
        organisation=hospital, email=member.email, invited_by=colleague, accepted_at=timezone.now(), accepted_by=member
    )
    submission = SubmissionFactory(
        organisation=hospital, created_by=member, attested_by=member, attested_at=timezone.now(), title="脑脊接口案例"
    )
    SubmissionFactory(organisation=hospital, created_by=colleague, title="同事的案例")
    product = PublishedProductFactory(organisation=hospital, name_zh="康复头环")
    product.save_revision(user=member)
    log(instance=product, action="wagtail.edit", user=member)
    other.verified_by = member
    other.save(update_fields=["verified_by"])
    return {
        "member": member,
        "colleague": colleague,
        "hospital": hospital,
        "other": other,
        "sent": sent,
        "received": received,
        "accepted": accepted,
        "submission": submission,
        "product": product,
    }


# --- the page -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_dashboard_leads_to_the_personal_data_page(client, user, language):
    client.force_login(user)
    dashboard = client.get(url("dashboard", language))
    assert url("personal_data", language) in dashboard.text
    page = client.get(url("personal_data", language))
    assert page.status_code == 200
    assert f'lang="{language}"' in page.text
    assert f'action="{url("personal_data_export", language)}"' in page.text
    assert 'name="csrfmiddlewaretoken"' in page.text
    assert url("account_delete", language) in page.text
    # In the account area, with its menu.
    assert reverse("account_email") in page.text and 'class="card account-box"' in page.text
    # Every part of the export is named, each app's as it declares it (the page named the cases' alone),
    # whole; what the JSON's "your_part" values mean is the README's alone (``parts``), not the page's.
    with translation.override(language):
        for records in authored_records():
            assert f"<li>{escape(str(records.description))}</li>" in page.text
    assert "your_part" not in page.text and len(authored_records()) > 10
    assert "created_by" not in page.text and "attested_by" not in page.text


# --- export -----------------------------------------------------------------------------------------------


def test_export_is_a_post_after_a_recent_reauthentication(client, user):
    client.force_login(user)
    export_url = url("personal_data_export")
    assert client.get(export_url).status_code == 405
    # A fresh sign-in is not a re-authentication: allauth keeps the POST and asks for the password.
    response = client.post(export_url)
    assert response.status_code == 302
    assert response["Location"].startswith("/zh-hans/accounts/reauthenticate/?next=")
    # allauth replays the kept POST once the password is confirmed: the download starts.
    replayed = client.post("/zh-hans/accounts/reauthenticate/", {"password": "wrong-password"})
    assert replayed.status_code == 200 and "Content-Disposition" not in replayed
    replayed = client.post(
        "/zh-hans/accounts/reauthenticate/", {"password": "correct-horse-battery-9", "next": export_url}
    )
    data, _readme, _raw = unzip(replayed)
    assert data["account"]["email"] == user.email
    # Within the re-authentication window, no second prompt.
    unzip(client.post(export_url))


def test_the_reauthenticate_page_can_be_followed_like_a_browser(client, user):
    client.force_login(user)
    export_url = url("personal_data_export")
    prompt = client.post(export_url, follow=True)
    assert prompt.status_code == 200 and prompt.wsgi_request.path == "/zh-hans/accounts/reauthenticate/"
    # The prompt's form carries where to go on: the kept POST, which allauth replays.
    assert f'name="next" value="{export_url}"' in prompt.text
    unzip(client.post(prompt.wsgi_request.path, {"password": "correct-horse-battery-9", "next": export_url}))


def test_export_holds_everything_about_the_member_and_nothing_secret(member_with_history):
    world = member_with_history
    member = world["member"]
    data, readme, raw = unzip(signed_in(member).post(url("personal_data_export")))

    account = data["account"]
    assert data["format"] == EXPORT_FORMAT
    assert account["email"] == "li.wei@example.com"
    assert (account["first_name"], account["last_name"], account["preferred_language"]) == ("伟", "李", "en")
    assert {a["email"]: a["verified"] for a in data["email_addresses"]} == {
        "li.wei@example.com": True,
        "wei.li@hospital.example.cn": True,
    }
    assert data["two_factor_authentication"]["enabled"] is True
    assert [a["type"] for a in data["two_factor_authentication"]["authenticators"]] == ["totp"]
    assert [(m["organisation"]["name_zh"], m["role"]) for m in data["memberships"]] == [("瑞金医院", "owner")]
    assert [(i["email"], i["status"]) for i in data["invitations_sent"]] == [("new.doctor@example.com", "pending")]
    assert sorted((i["organisation"]["name_en"], i["status"]) for i in data["invitations_received"]) == [
        ("Beta Co", "pending"),
        ("Ruijin Hospital", "accepted"),
    ]
    [submission] = data["case_submissions"]
    assert submission["title"] == "脑脊接口案例"
    assert submission["your_part"] == ["created_by", "attested_by"]
    assert [r["object_id"] for r in data["revisions"]] == [str(world["product"].pk)]
    assert [e["action"] for e in data["activity_log"]] == ["wagtail.edit"]
    assert {"model": "portal.Organisation", "field": "verified_by", "ids": [world["other"].pk]}.items() <= next(
        r for r in data["other_records"] if r["model"] == "portal.Organisation"
    ).items()
    records = data["authentication_records"]
    assert records and records[-1]["method"] == "password" and records[-1]["reauthenticated"] is True
    assert records[-1]["at"].startswith(str(timezone.now().year))

    # Never a secret, never someone else's data.
    text = raw.decode()
    assert member.totp_secret not in text and '"secret"' not in text
    assert member.password not in text
    assert "colleague.secret@example.com" not in text
    assert "同事的案例" not in text
    # The README explains the sections in the member's language (English here).
    assert "personal-data.json" in readme and "two_factor_authentication" in readme
    assert "never exported" in readme and not CJK.search(readme.replace("瑞金医院", ""))


def test_readme_follows_the_preferred_language(user):
    user.preferred_language = "zh-hans"
    user.save()
    export = privacy.export_personal_data(actor=user, account=user)
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        readme = archive.read("README.txt").decode()
    with translation.override("zh-hans"):
        # Whatever the catalogue holds for the first line, it was rendered in Chinese.
        assert translation.gettext("Shanghai BCI Industry Alliance") in readme


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_readme_says_what_each_your_part_value_means_where_a_row_names_the_member_in_several_ways(
    member_with_history, language
):
    """The cases' section: a case the member wrote (created_by) or whose consent they confirmed (attested_by).
    Declared beside the section (``AuthoredRecords.parts``), written by the README under its description."""
    member = member_with_history["member"]
    member.preferred_language = language
    member.save(update_fields=["preferred_language"])
    data, readme, _raw = unzip(signed_in(member).post(url("personal_data_export", language)))
    assert data["case_submissions"][0]["your_part"] == ["created_by", "attested_by"]
    [cases] = [records for records in authored_records() if records.key == "case_submissions"]
    with translation.override(language):
        note = translation.gettext("In each row, your_part says how the record concerns you:")
        line = translation.pgettext("your_part in the export's README", "%(name)s: %(meaning)s")
        expected = "\r\n".join(
            [
                "case_submissions",
                f"    {cases.description}",
                f"    {note}",
                "        " + line % {"name": "created_by", "meaning": translation.gettext("you wrote the case")},
                "        "
                + line % {"name": "attested_by", "meaning": translation.gettext("you confirmed its patient consent")},
                "case_attachments",
            ]
        )
        assert "your_part" not in str(cases.description)  # the note is the README's, not the description's
    assert expected in readme
    if language == "zh-hans":
        assert "您撰写了该案例" in readme and "attested_by：" in readme
    else:
        assert "created_by: you wrote the case" in readme


def test_every_section_naming_the_member_in_several_ways_says_what_each_way_means():
    """A row's ``your_part`` can hold each of these values: the README explains every one of them."""
    from portal.personal_data import authored_records

    unexplained = {
        records.key: sorted({*records.authors, records.addressed} - {"", *dict(records.parts)})
        for records in authored_records()
        if len(records.authors) + bool(records.addressed) > 1
    }
    assert unexplained and not any(unexplained.values()), unexplained


def test_a_section_cannot_explain_a_your_part_value_it_never_exports():
    from django.core.exceptions import ImproperlyConfigured

    from portal.personal_data import AuthoredRecords

    with pytest.raises(ImproperlyConfigured):
        AuthoredRecords(
            "cases",
            "cases.CaseSubmission",
            authors=("created_by",),
            fields=("id",),
            description="…",
            parts=(("attested_by", "you confirmed its consent"),),
        )


def test_exports_are_rate_limited(user, settings):
    settings.PORTAL_PERSONAL_DATA_EXPORTS_PER_HOUR = 2
    client = signed_in(user)
    unzip(client.post(url("personal_data_export", "en")))
    unzip(client.post(url("personal_data_export", "en")))
    refused = client.post(url("personal_data_export", "en"))
    assert refused.status_code == 429
    assert "Content-Disposition" not in refused
    assert "You have downloaded your data 2 times in the last hour" in refused.text


def test_nobody_exports_or_deletes_another_account(member_with_history):
    member, colleague = member_with_history["member"], member_with_history["colleague"]
    staff = StaffFactory()
    for actor in (colleague, staff):
        with pytest.raises(PermissionDenied):
            privacy.export_personal_data(actor=actor, account=member)
        with pytest.raises(PermissionDenied):
            privacy.delete_account(actor=actor, account=member, confirm_email=member.email)
    # The views take no account id: whatever is posted, a member gets their own data only.
    data, _readme, raw = unzip(
        signed_in(colleague).post(url("personal_data_export"), {"user": member.pk, "account": member.pk})
    )
    assert data["account"]["id"] == colleague.pk
    assert [s["title"] for s in data["case_submissions"]] == ["同事的案例"]
    # The member's address appears only where the colleague typed it: the invitations they sent.
    assert member.email not in json.dumps({k: v for k, v in data.items() if k != "invitations_sent"})
    assert "脑脊接口案例" not in raw.decode()
    response = signed_in(colleague).post(
        url("account_delete"), {"email": member.email, "user": member.pk, "account": member.pk}
    )
    assert response.status_code == 400
    assert User.objects.filter(pk=member.pk).exists() and User.objects.filter(pk=colleague.pk).exists()


# --- deletion -----------------------------------------------------------------------------------------------


def test_deletion_needs_the_email_retyped_and_a_recent_reauthentication(client, user):
    client.force_login(user)
    delete_url = url("account_delete", "en")
    page = client.get(delete_url)
    assert page.status_code == 200
    assert 'name="email"' in page.text and 'for="id_email"' in page.text  # labelled field
    assert 'autocomplete="off"' in page.text
    response = client.post(delete_url, {"email": user.email})
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert User.objects.filter(pk=user.pk).exists()

    reauthenticated(client, user)
    wrong = client.post(delete_url, {"email": "someone.else@example.com"})
    assert wrong.status_code == 400
    assert f"Type the e-mail address you sign in with, {user.email}, to confirm." in wrong.text
    assert User.objects.filter(pk=user.pk).exists()


def test_deletion_after_the_reauthentication_prompt(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    delete_url = url("account_delete", "en")
    client.post(delete_url, {"email": user.email.upper()})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/reauthenticate/", {"password": "correct-horse-battery-9", "next": delete_url}
        )
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert not User.objects.filter(pk=user.pk).exists()
    home = client.get("/en/dashboard/")
    assert home.status_code == 302 and "login" in home["Location"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_last_owner_must_hand_over_first(owner, organisation, language):
    client = signed_in(owner)
    with translation.override(language):
        members_url = reverse("portal:organisation_members", args=[organisation.pk])
        name = str(organisation.name)
    for page in (client.get(url("account_delete", language)), client.get(url("personal_data", language))):
        assert page.status_code == 200
        assert name in page.text
        assert f'href="{members_url}"' in page.text
        assert 'name="email"' not in page.text
    refused = client.post(url("account_delete", language), {"email": owner.email})
    assert refused.status_code == 409
    assert User.objects.filter(pk=owner.pk).exists()
    with pytest.raises(privacy.LastOwnerError) as caught:
        privacy.delete_account(actor=owner, account=owner, confirm_email=owner.email)
    assert caught.value.organisations == [organisation]
    assert str(organisation) in str(caught.value)


def test_a_co_owner_may_delete_the_account(owner, organisation):
    MembershipFactory(organisation=organisation, role="owner")
    privacy.delete_account(actor=owner, account=owner, confirm_email=owner.email)
    assert Membership.objects.filter(organisation=organisation, role="owner").count() == 1


def test_deletion_removes_personal_data_and_keeps_organisation_content(
    member_with_history, django_capture_on_commit_callbacks
):
    world = member_with_history
    member, hospital = world["member"], world["hospital"]
    other_device = signed_in(member, reauth=False)
    assert other_device.get(url("dashboard")).status_code == 200
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(member).post(url("account_delete", "en"), {"email": " Li.Wei@Example.com "})
    assert response.status_code == 302 and response["Location"] == "/en/"

    # Personal data: gone.
    assert not User.objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(user_id=member.pk).exists()
    assert not EmailAddress.objects.filter(email__iexact="wei.li@hospital.example.cn").exists()
    assert not Authenticator.objects.filter(user_id=member.pk).exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    assert not any(s.get_decoded().get("_auth_user_id") == str(member.pk) for s in Session.objects.all())
    other = other_device.get(url("dashboard"))
    assert other.status_code == 302 and "login" in other["Location"]
    # Invitations: the pending one they sent and those sent to them are gone; the accepted one is anonymous.
    assert not Invitation.objects.filter(pk__in=[world["sent"].pk, world["received"].pk]).exists()
    accepted = Invitation.objects.get(pk=world["accepted"].pk)
    assert accepted.email == "" and accepted.accepted_by is None and accepted.accepted_at is not None
    assert not Invitation.objects.filter(email__iexact=member.email).exists()

    # The organisation keeps what it owns, without the author.
    assert Organisation.objects.filter(pk=hospital.pk).exists()
    submission = CaseSubmission.objects.get(pk=world["submission"].pk)
    assert (submission.organisation_id, submission.created_by, submission.attested_by) == (hospital.pk, None, None)
    product = world["product"]
    product.refresh_from_db()
    assert product.live and product.organisation_id == hospital.pk
    assert Revision.objects.filter(object_id=str(product.pk), user__isnull=True).count() >= 2
    assert Membership.objects.filter(organisation=hospital, user=world["colleague"]).exists()

    # A confirmation to the former address, in their language first, then in the other one.
    [message] = mail.outbox
    assert message.to == ["li.wei@example.com"]
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject.startswith(
        "Your account on the portal of the Shanghai BCI Industry Alliance has been deleted"
    )
    english, _, other_language = message.body.partition("----------------------------------------")
    assert "li.wei@example.com" in english and "has been deleted" in english
    assert "li.wei@example.com" in other_language
    with translation.override("zh-hans"):
        assert translation.gettext("Shanghai BCI Industry Alliance") in other_language
    [(html, _mimetype)] = message.alternatives
    assert 'lang="en"' in html and 'lang="zh-hans"' in html


def test_the_confirmation_is_in_chinese_for_a_chinese_speaking_member(user, django_capture_on_commit_callbacks):
    user.preferred_language = "zh-hans"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.delete_account(actor=user, account=user, confirm_email=user.email)
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "zh-hans"
    first, _, second = message.body.partition("----------------------------------------")
    with translation.override("zh-hans"):
        assert translation.gettext("Shanghai BCI Industry Alliance") in first
    assert "Shanghai BCI Industry Alliance" in second


def test_a_refused_deletion_changes_nothing(owner, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(privacy.LastOwnerError):
        privacy.delete_account(actor=owner, account=owner, confirm_email=owner.email)
    assert mail.outbox == []
    assert EmailAddress.objects.filter(user=owner).exists()
    assert Membership.objects.filter(user=owner, organisation=organisation, role="owner").exists()


def test_anonymised_references_render_everywhere(member_with_history, django_capture_on_commit_callbacks):
    world = member_with_history
    member, hospital, colleague = world["member"], world["hospital"], world["colleague"]
    site = build_case_site()
    case = make_case(site.index, institutions=[hospital], consent_confirmed_by=member)
    world["product"].save_revision(user=member)
    privacy.delete_account(actor=member, account=member, confirm_email=member.email)

    public = Client()
    assert public.get(case.url).status_code == 200
    assert public.get(world["product"].get_absolute_url()).status_code == 200
    assert public.get(hospital.get_absolute_url()).status_code == 200

    colleague_client = signed_in(colleague, reauth=False)
    detail = colleague_client.get(world["submission"].get_absolute_url())
    assert detail.status_code == 200 and "脑脊接口案例" in detail.text
    members = colleague_client.get(reverse("portal:organisation_members", args=[hospital.pk]))
    assert members.status_code == 200 and "li.wei@example.com" not in members.text

    staff = StaffFactory()
    admin = signed_in(staff, reauth=False)
    for admin_url in (
        reverse("case_submissions:inspect", args=[world["submission"].pk]),
        reverse("products:inspect", args=[world["product"].pk]),
        reverse("invitations:index"),
        reverse("organisations:inspect", args=[hospital.pk]),
        reverse("wagtailadmin_pages:edit", args=[case.pk]),
    ):
        response = admin.get(admin_url)
        assert response.status_code == 200, admin_url
        assert "li.wei@example.com" not in response.text, admin_url


def test_sessions_expired_or_of_others_are_left_alone(user):
    other = UserFactory()
    keep = signed_in(other, reauth=False)
    privacy.delete_account(actor=user, account=user, confirm_email=user.email)
    assert keep.get(url("dashboard")).status_code == 200


def test_invitations_expired_or_revoked_to_the_member_are_deleted_too(user, organisation):
    expired = InvitationFactory(
        organisation=organisation, email=user.email, expires_at=timezone.now() - timedelta(days=1)
    )
    revoked = InvitationFactory(organisation=organisation, email=user.email, revoked_at=timezone.now())
    privacy.delete_account(actor=user, account=user, confirm_email=user.email)
    assert not Invitation.objects.filter(pk__in=[expired.pk, revoked.pk]).exists()


def test_cached_sessions_end_too_even_when_the_cache_is_down(user, settings, monkeypatch, caplog):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    other_device = signed_in(user, reauth=False)
    assert other_device.get(url("dashboard")).status_code == 200

    def unavailable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(type(caches["default"]), "delete", unavailable)
    privacy.delete_account(actor=user, account=user, confirm_email=user.email)
    monkeypatch.undo()
    assert not User.objects.filter(pk=user.pk).exists()
    assert not any(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())
    assert "cached copies of 1 deleted sessions not dropped" in caplog.text
    # The cached copy names a user who no longer exists: the device is signed out all the same.
    response = other_device.get(url("dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_admin_log_entries_about_the_member_lose_their_name(user):
    from wagtail.models import ModelLogEntry

    staff = StaffFactory()
    log(instance=user, action="wagtail.edit", user=staff, data={"email": user.email})
    log(instance=user, action="wagtail.edit", user=user)
    user_pk, email = user.pk, user.email
    privacy.delete_account(actor=user, account=user, confirm_email=user.email)
    entries = ModelLogEntry.objects.filter(object_id=str(user_pk), content_type__model="user")
    assert entries.count() == 2
    assert all(entry.label == f"#{user_pk}" and entry.data == {} for entry in entries)
    assert not ModelLogEntry.objects.filter(label__icontains=email).exists()


def test_mail_still_waiting_for_a_deleted_account_is_withdrawn(user, django_capture_on_commit_callbacks):
    """SMTP was down: a decision's mail to the member waits in the outbox (a given-up one is kept for
    the operators, 30 days). Deleting the account withdraws it: nothing but the goodbye reaches the former address after
    the deletion, and the outbox keeps no copy of the address or of the name it greets."""
    from portal import outbox
    from portal.models import OutboxMessage

    def waiting_mail(subject, to, **fields):
        message = {"subject": subject, "body": f"Dear {user.display_name}", "to": to}
        return OutboxMessage.objects.create(effect="portal.send_email", payload={"message": message}, **fields)

    retrying = waiting_mail("Product approved", [user.email.upper()], attempts=3, last_error="SMTPConnectError")
    given_up = waiting_mail("Data room opened", [user.email], attempts=20, gave_up_at=timezone.now())
    someone_else = waiting_mail("Welcome", ["someone-else@example.com"])
    with django_capture_on_commit_callbacks(execute=True):
        privacy.delete_account(actor=user, account=user, confirm_email=user.email)
    for message in (retrying, given_up):
        outbox.retry_now(message)  # SMTP is back / staff run it again
        outbox.deliver(message.pk)
    assert [m.subject for m in mail.outbox if "approved" in m.subject or "Data room" in m.subject] == []
    assert not OutboxMessage.objects.filter(pk__in=[retrying.pk, given_up.pk], done_at__isnull=True).exists()
    assert OutboxMessage.objects.get(pk=someone_else.pk).is_pending
    assert not [m.pk for m in OutboxMessage.objects.all() if user.email.lower() in json.dumps(m.payload).lower()]
