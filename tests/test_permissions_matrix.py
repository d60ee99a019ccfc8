"""Role × URL matrix for the site core (portal). Other apps add their rows in their own files.

Decisions recorded here:
* Member pages of an organisation (edit, members, member actions) are looked up among
  the user's own organisations: anyone else, staff included, gets a 404. Staff manage
  organisations in the Wagtail admin.
* Editors see the members page but only owners edit the profile or manage members (403:
  they know the organisation exists).
* The public page of an organisation awaiting verification is a 404 for everyone except
  its own members and alliance staff / project managers.
* Only alliance staff take verification decisions; project managers may look.
* Personal data: every member (staff included) downloads and deletes only their own account;
  the URLs carry no account id, and a posted one is ignored.
"""

import pytest
from allauth.account.internal.flows.login import record_authentication
from django.test import Client, RequestFactory
from django.urls import reverse

from portal.idempotency import issue_token
from tests.matrix import LOGIN, Row, check_matrix, expect, uncovered_url_names, world  # noqa: F401


def _admin(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


ROWS = [
    Row("healthz", lambda w: "/healthz", expect(default=200)),
    Row("dashboard", lambda w: reverse("portal:dashboard"), expect(default=200, anonymous=LOGIN)),
    Row("organisation create", lambda w: reverse("portal:organisation_create"), expect(default=200, anonymous=LOGIN)),
    Row(
        "org A edit",
        lambda w: reverse("portal:organisation_edit", args=[w.org_a.pk]),
        expect(default=404, anonymous=LOGIN, editor_a=403, owner_a=200),
    ),
    Row(
        "org A members",
        lambda w: reverse("portal:organisation_members", args=[w.org_a.pk]),
        expect(default=404, anonymous=LOGIN, editor_a=200, owner_a=200),
    ),
    Row(
        "org B edit (IDOR for A's people)",
        lambda w: reverse("portal:organisation_edit", args=[w.org_b.pk]),
        expect(default=404, anonymous=LOGIN, owner_b=200),
    ),
    Row(
        "org B members (IDOR for A's people)",
        lambda w: reverse("portal:organisation_members", args=[w.org_b.pk]),
        expect(default=404, anonymous=LOGIN, owner_b=200),
    ),
    Row(
        "org A invite (POST)",
        lambda w: reverse("portal:organisation_members", args=[w.org_a.pk]),
        expect(default=404, anonymous=LOGIN, editor_a=403, owner_a=302),
        method="post",
        data=lambda w: {
            "invite-creation_token": issue_token("portal.invitation"),
            "invite-email": "new.colleague@example.com",
            "invite-role": "editor",
        },
    ),
    Row(
        "org A change role (POST)",
        lambda w: reverse("portal:member_role", args=[w.org_a.pk, w.memberships["editor_a"].pk]),
        expect(default=404, anonymous=LOGIN, editor_a=403, owner_a=302),
        method="post",
        data=lambda w: {"role": "owner"},
    ),
    Row(
        "org A remove editor (POST; self-removal allowed)",
        lambda w: reverse("portal:member_remove", args=[w.org_a.pk, w.memberships["editor_a"].pk]),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
    ),
    Row(
        "org A remove owner by editor (POST)",
        lambda w: reverse("portal:member_remove", args=[w.org_a.pk, w.memberships["owner_a"].pk]),
        expect(default=404, anonymous=LOGIN, editor_a=403, owner_a=302),
        method="post",
    ),
    Row(
        "org A member remove via GET",
        lambda w: reverse("portal:member_remove", args=[w.org_a.pk, w.memberships["editor_a"].pk]),
        expect(default=405),
    ),
    Row(
        "org A revoke invitation (POST)",
        lambda w: reverse("portal:invitation_revoke", args=[w.org_a.pk, w.invitation.pk]),
        expect(default=404, anonymous=LOGIN, editor_a=403, owner_a=302),
        method="post",
    ),
    Row(
        "org B revoke A's invitation (IDOR)",
        lambda w: reverse("portal:invitation_revoke", args=[w.org_b.pk, w.invitation.pk]),
        expect(default=404, anonymous=LOGIN),
        method="post",
    ),
    Row(
        "org A leave (POST)",
        lambda w: reverse("portal:organisation_leave", args=[w.org_a.pk]),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
    ),
    Row(
        "invitation accept page",
        lambda w: reverse("portal:invitation_accept", args=[w.invitation.token]),
        expect(default=200, anonymous=LOGIN),
    ),
    Row(
        "invitation accept (POST; only the invited address)",
        lambda w: reverse("portal:invitation_accept", args=[w.invitation.token]),
        expect(default=400, anonymous=LOGIN, member=302),
        method="post",
    ),
    Row(
        "invitation with an unknown token",
        lambda w: reverse("portal:invitation_accept", args=["not-a-token"]),
        expect(default=404, anonymous=LOGIN),
    ),
    Row("public page of verified org A", lambda w: w.org_a.get_absolute_url(), expect(default=200)),
    Row(
        "public page of unverified org B",
        lambda w: w.org_b.get_absolute_url(),
        expect(default=404, owner_b=200, project_manager=200, staff=200),
    ),
    Row(
        "public page of an unknown slug",
        lambda w: reverse("portal:organisation_detail", args=["no-such-org"]),
        expect(default=404),
    ),
    # Personal data (portal.privacy): no URL names an account; each acts on the signed-in member.
    # Downloading and deleting are POSTs that first need a recent re-authentication (302 to allauth's
    # re-authentication page); see REAUTHENTICATED_ROWS for what follows it.
    Row("personal data page", lambda w: reverse("portal:personal_data"), expect(default=200, anonymous=LOGIN)),
    Row(
        "personal data export via GET",
        lambda w: reverse("portal:personal_data_export"),
        expect(default=405, anonymous=LOGIN),
    ),
    Row(
        "personal data export (POST, not re-authenticated)",
        lambda w: reverse("portal:personal_data_export"),
        expect(default=302, anonymous=LOGIN),
        method="post",
    ),
    Row("account deletion page", lambda w: reverse("portal:account_delete"), expect(default=200, anonymous=LOGIN)),
    Row(
        "account deletion (POST, not re-authenticated)",
        lambda w: reverse("portal:account_delete"),
        expect(default=302, anonymous=LOGIN),
        method="post",
        data=lambda w: {"email": w.user("member").email},
    ),
    Row("admin home", lambda w: "/admin/", expect(default=302, anonymous=LOGIN, project_manager=200, staff=200)),
    Row(
        "admin organisations list",
        _admin("organisations:index"),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin organisation inspect",
        _admin("organisations:inspect", lambda w: w.org_b.pk),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin organisation edit (staff only)",
        _admin("organisations:edit", lambda w: w.org_b.pk),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
    Row(
        "admin verify decision (staff only)",
        _admin("organisations:decide", lambda w: w.org_b.pk, "verified"),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
    Row(
        "admin verify decision (POST, staff only)",
        _admin("organisations:decide", lambda w: w.org_b.pk, "verified"),
        expect(default=302, anonymous=LOGIN),
        method="post",
    ),
    Row(
        "admin memberships list (staff only)",
        _admin("memberships:index"),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
    Row(
        "admin invitations list (staff only)",
        _admin("invitations:index"),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
]


#: The same URLs for a member who has just re-authenticated (allauth's record in the session).
#: Deletion takes the address typed in the form: only its owner deletes, anyone else's is a 400,
#: and the last owner of an organisation is refused (409) until they hand it over.
REAUTHENTICATED_ROWS = [
    Row(
        "personal data export (POST, re-authenticated)",
        lambda w: reverse("portal:personal_data_export"),
        expect(default=200, anonymous=LOGIN),
        method="post",
        data=lambda w: {"user": w.user("member").pk, "account": w.user("member").pk},
    ),
    Row(
        "delete the member's account",
        lambda w: reverse("portal:account_delete"),
        expect(default=400, anonymous=LOGIN, member=302),
        method="post",
        data=lambda w: {"email": w.user("member").email, "user": w.user("member").pk},
    ),
    Row(
        "delete org A's editor's account",
        lambda w: reverse("portal:account_delete"),
        expect(default=400, anonymous=LOGIN, editor_a=302),
        method="post",
        data=lambda w: {"email": w.user("editor_a").email},
    ),
    Row(
        "delete org A's only owner's account",
        lambda w: reverse("portal:account_delete"),
        expect(default=400, anonymous=LOGIN, owner_a=409),
        method="post",
        data=lambda w: {"email": w.user("owner_a").email},
    ),
    Row(
        "delete the staff member's account",
        lambda w: reverse("portal:account_delete"),
        expect(default=400, anonymous=LOGIN, staff=302),
        method="post",
        data=lambda w: {"email": w.user("staff").email},
    ),
]


class ReauthenticatedClient(Client):
    """A test client whose sign-in is followed by allauth's record of a password re-authentication."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        request = RequestFactory().get("/")
        request.session, request.user = session, user
        record_authentication(request, user, method="password", reauthenticated=True)
        session.save()


@pytest.mark.django_db
def test_site_core_role_url_matrix(client, world):  # noqa: F811
    check_matrix(client, world, ROWS)


@pytest.mark.django_db
def test_personal_data_matrix_after_reauthentication(world):  # noqa: F811
    check_matrix(ReauthenticatedClient(), world, REAUTHENTICATED_ROWS)


@pytest.mark.django_db
def test_every_site_core_url_has_a_matrix_row(world):  # noqa: F811
    assert "dashboard" in uncovered_url_names(world, [], "portal")  # the check sees the URLs
    assert uncovered_url_names(world, ROWS, "portal") == set()
