"""The Wagtail admin for organisations: listing, inspection, verification decisions, dashboard panel."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from portal.models import Membership, Organisation
from portal.organisations import services
from portal.roles import ensure_role_groups
from tests import factories

pytestmark = pytest.mark.django_db


def with_mfa(user):
    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "test"}})
    return user


@pytest.fixture(autouse=True)
def _groups(db):
    # On a fresh test database the groups miss portal's permissions (see tests/matrix.py).
    ensure_role_groups()


@pytest.fixture
def staff_client(client):
    staff = with_mfa(factories.StaffFactory(preferred_language="en"))
    client.force_login(staff)
    client.staff = staff
    return client


@pytest.fixture
def pending():
    organisation = factories.OrganisationFactory(
        name_zh="华东神经调控研究院", name_en="East China Neuromodulation", verification_status="pending"
    )
    factories.MembershipFactory(
        organisation=organisation, role="owner", user__email="owner@example.com", user__preferred_language="en"
    )
    factories.MembershipFactory(organisation=organisation, role="editor", user__email="editor@example.com")
    return organisation


def admin_get(client, name, *args, **params):
    with translation.override("en"):
        return client.get(reverse(name, args=args), params)


def test_list_filters_by_status_and_kind(staff_client, pending):
    verified = factories.OrganisationFactory(name_zh="已验证的公司", kind="investor")
    html = admin_get(staff_client, "organisations:index", verification_status="pending").content.decode()
    assert pending.name_zh in html and verified.name_zh not in html
    html = admin_get(staff_client, "organisations:index", kind="investor").content.decode()
    assert verified.name_zh in html and pending.name_zh not in html


def test_search_finds_chinese_substrings(staff_client, pending):
    factories.OrganisationFactory(name_zh="其他公司")
    response = admin_get(staff_client, "organisations:index", q="神经调控")
    html = response.content.decode()
    assert pending.name_zh in html
    assert "其他公司" not in html


def test_inspect_shows_members_and_pending_invitations(staff_client, pending):
    factories.InvitationFactory(organisation=pending, email="invited@example.com")
    html = admin_get(staff_client, "organisations:inspect", pending.pk).content.decode()
    assert "owner@example.com" in html and "editor@example.com" in html
    assert "invited@example.com" in html
    assert reverse("organisations:decide", args=[pending.pk, "verified"]) in html
    assert reverse("organisations:decide", args=[pending.pk, "rejected"]) in html
    assert reverse("organisations:decide", args=[pending.pk, "suspended"]) not in html


def test_inspect_names_the_time_zone_of_an_invitations_expiry(staff_client, pending):
    """The member pages name the zone (``|zoned``); staff's inspect page gave the time alone."""
    invitation = factories.InvitationFactory(organisation=pending, email="invited@example.com")
    html = admin_get(staff_client, "organisations:inspect", pending.pk).text
    expires = timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")
    assert re.search(rf'<time datetime="[^"]+">{expires}\s*[(（]Asia/Shanghai[,，] ?UTC\+08:00[)）]</time>', html)


def test_staff_verify_an_organisation(staff_client, pending, django_capture_on_commit_callbacks):
    url = reverse("organisations:decide", args=[pending.pk, "verified"])
    assert staff_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"note": "营业执照已核验"})
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:inspect", args=[pending.pk])
    pending.refresh_from_db()
    assert pending.verification_status == "verified"
    assert pending.verified_by == staff_client.staff
    assert pending.verification_note == "营业执照已核验"
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]  # owners only
    assert mail.outbox[0].extra_headers["Content-Language"] == "en"
    assert ModelLogEntry.objects.filter(object_id=str(pending.pk), action="portal.organisation.verified").exists()
    # The decision is in the object's admin history.
    history = admin_get(staff_client, "organisations:history", pending.pk).content.decode()
    assert "Organisation verified" in history


def test_refusing_without_a_reason_shows_an_error(staff_client, pending):
    response = staff_client.post(reverse("organisations:decide", args=[pending.pk, "rejected"]), {"note": ""})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["note"]
    assert 'class="error-message"' in response.content.decode() or "w-field__errors" in response.content.decode()
    pending.refresh_from_db()
    assert pending.verification_status == "pending"
    assert mail.outbox == []


def test_an_impossible_transition_is_an_error_not_a_crash(staff_client, pending):
    response = staff_client.post(reverse("organisations:decide", args=[pending.pk, "suspended"]), {"note": "x"})
    assert response.status_code == 200
    (error,) = response.context["form"].non_field_errors()
    assert error in response.content.decode()
    # An unknown decision is a 404 (the branded page).
    assert (
        staff_client.get(reverse("organisations:decide", args=[pending.pk, "nonsense"]), follow=True).status_code == 404
    )
    pending.refresh_from_db()
    assert pending.verification_status == "pending"


def test_project_managers_cannot_decide(client, pending):
    manager = with_mfa(factories.ProjectManagerFactory())
    client.force_login(manager)
    response = client.post(reverse("organisations:decide", args=[pending.pk, "verified"]), {"note": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    pending.refresh_from_db()
    assert pending.verification_status == "pending"
    html = admin_get(client, "organisations:inspect", pending.pk).content.decode()
    assert reverse("organisations:decide", args=[pending.pk, "verified"]) not in html


def test_project_managers_see_organisations_but_cannot_edit_them_or_pages(client, pending):
    from wagtail.models import Page

    manager = with_mfa(factories.ProjectManagerFactory())
    client.force_login(manager)
    assert admin_get(client, "organisations:inspect", pending.pk).status_code == 200
    response = client.post(reverse("organisations:edit", args=[pending.pk]), {"name_zh": "改名", "kind": "startup"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.name_zh != "改名"
    root = Page.get_first_root_node()
    assert not root.permissions_for_user(manager).can_edit()


def test_the_edit_form_cannot_change_verification(staff_client, pending):
    url = reverse("organisations:edit", args=[pending.pk])
    html = staff_client.get(url).content.decode()
    assert 'name="verification_status"' not in html
    response = staff_client.post(
        url,
        {
            "name_zh": pending.name_zh,
            "name_en": "Renamed",
            "slug": pending.slug,
            "kind": pending.kind,
            "city_zh": "上海",
            "verification_status": "verified",
        },
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.name_en, pending.verification_status) == ("Renamed", "pending")


# --- Edits and deletions go through the organisations services (#12, item 8) -----------------


def edit_data(organisation, **changes):
    fields = ["name_zh", "name_en", "slug", "kind", "city_zh", "city_en", "website", "unified_social_credit_code"]
    return {name: getattr(organisation, name) for name in fields} | changes


def test_staff_edits_follow_the_services_rules(staff_client, pending, django_capture_on_commit_callbacks):
    verified = factories.OrganisationFactory(name_zh="澜思神经科技")
    visitor = Client()
    public = visitor.get(verified.get_absolute_url())
    assert visitor.get(verified.get_absolute_url())["X-Public-Cache"] == "hit"
    url = reverse("organisations:edit", args=[verified.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url, edit_data(verified, name_zh="澜思神经", unified_social_credit_code="91310115ma1h7xxx1x")
        )
    assert response.status_code == 302
    verified.refresh_from_db()
    # Staff may change a verified identity; the code is normalised as for owners (it was stored as typed).
    assert (verified.name_zh, verified.unified_social_credit_code) == ("澜思神经", "91310115MA1H7XXX1X")
    assert verified.verification_status == "verified"
    assert ModelLogEntry.objects.filter(object_id=str(verified.pk), action="wagtail.edit").exists()
    assert visitor.get(verified.get_absolute_url())["X-Public-Cache"] == "miss"
    assert public.status_code == 200


def test_a_refusal_of_the_service_is_shown_in_the_edit_form(staff_client, pending, monkeypatch):
    def refuse(**kwargs):
        raise services.OrganisationError("这个名称不行。", field="name_en")

    monkeypatch.setattr(services, "update_organisation", refuse)
    response = staff_client.post(reverse("organisations:edit", args=[pending.pk]), edit_data(pending, name_en="X"))
    assert response.status_code == 200
    assert "这个名称不行。" in response.content.decode()
    pending.refresh_from_db()
    assert pending.name_en == "East China Neuromodulation"


def test_staff_delete_through_the_service(staff_client, pending, monkeypatch, django_capture_on_commit_callbacks):
    called = []
    delete = services.delete_organisation
    monkeypatch.setattr(services, "delete_organisation", lambda **kwargs: called.append(kwargs) or delete(**kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("organisations:delete", args=[pending.pk]))
    assert response.status_code == 302
    assert [kwargs["organisation"].pk for kwargs in called] == [pending.pk]
    assert not Organisation.objects.filter(pk=pending.pk).exists()
    assert ModelLogEntry.objects.filter(object_id=str(pending.pk), action="wagtail.delete").exists()


def test_organisations_are_not_added_in_the_admin(staff_client):
    response = staff_client.get(reverse("organisations:add"))
    assert response.status_code == 302
    assert not Organisation.objects.exists()


def test_memberships_and_invitations_are_read_only(staff_client, pending):
    membership = Membership.objects.get(user__email="editor@example.com")
    assert "editor@example.com" in admin_get(staff_client, "memberships:index").content.decode()
    response = staff_client.post(reverse("memberships:edit", args=[membership.pk]), {"role": "owner"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "editor"
    assert staff_client.post(reverse("memberships:delete", args=[membership.pk])).status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()
    factories.InvitationFactory(organisation=pending, email="someone@example.com")
    assert "someone@example.com" in admin_get(staff_client, "invitations:index").content.decode()


def test_dashboard_panel_lists_organisations_awaiting_verification(staff_client, pending):
    factories.OrganisationFactory(name_zh="已验证的公司")
    with translation.override("en"):
        html = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Organisations awaiting verification" in html
    assert pending.name_zh in html
    assert reverse("organisations:inspect", args=[pending.pk]) in html
    assert "已验证的公司" not in html


def test_staff_without_mfa_are_sent_to_set_it_up(client):
    client.force_login(factories.StaffFactory(second_factor=False))
    response = client.get(reverse("organisations:index"))
    assert response.status_code == 302
    assert "/mfa/" in response["Location"] or "totp" in response["Location"]
