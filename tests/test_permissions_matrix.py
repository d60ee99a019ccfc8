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
from tests.matrix import (  # noqa: F401
    LOGIN,
    Row,
    add_catalog,
    add_pages,
    check_matrix,
    creation_token,
    expect,
    form_data,
    uncovered_url_names,
    world,
)


def _admin(name, *args):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


ROWS = [
    Row("healthz", lambda w: "/healthz", expect(default=200)),
    Row("favicon (to the static icon)", lambda w: "/favicon.ico", expect(default=301)),
    Row("robots.txt", lambda w: "/robots.txt", expect(default=200)),
    Row("site map index", lambda w: "/sitemap.xml", expect(default=200)),
    Row("site map section", lambda w: "/sitemap-products.xml", expect(default=200)),
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
    Row("e-mail language page", lambda w: reverse("portal:email_language"), expect(default=200, anonymous=LOGIN)),
    Row(
        "e-mail language (POST)",
        lambda w: reverse("portal:email_language"),
        expect(default=302, anonymous=LOGIN),
        method="post",
        data=lambda w: {"language": "zh-hans"},
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


# --- Issue #11: both organisations' objects for every member URL (IDOR), GET and POST ----------

_MEMBERS = "portal:organisation_members"


def _profile(key):
    """The organisation's profile form as its owner would send it back (valid)."""

    def data(w):
        from portal.organisations.forms import OrganisationForm

        return form_data(OrganisationForm(instance=getattr(w, key)))

    return data


def _invite(w):
    from portal.organisations.forms import InvitationForm

    return {"invite-email": "new.colleague@example.com", "invite-role": "editor"} | creation_token(
        InvitationForm, prefix="invite"
    )


ORGANISATION_ROWS = [
    Row(
        "org A edit (POST, valid profile)",
        lambda w: reverse("portal:organisation_edit", args=[w.org_a.pk]),
        expect(default=404, anonymous=LOGIN, editor_a=403, owner_a=302),
        method="post",
        data=_profile("org_a"),
    ),
    Row(
        "org B edit (POST, IDOR for A's people)",
        lambda w: reverse("portal:organisation_edit", args=[w.org_b.pk]),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
        data=_profile("org_b"),
    ),
    Row(
        "org B invite (POST, IDOR for A's people)",
        lambda w: reverse(_MEMBERS, args=[w.org_b.pk]),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
        data=_invite,
    ),
    Row(
        "org A change role via GET",
        lambda w: reverse("portal:member_role", args=[w.org_a.pk, w.memberships["editor_a"].pk]),
        expect(default=405),
    ),
    Row(
        "org B change role via GET",
        lambda w: reverse("portal:member_role", args=[w.org_b.pk, w.memberships["owner_b"].pk]),
        expect(default=405),
    ),
    Row(
        "org B change role (POST, IDOR; the last owner stays)",
        lambda w: reverse("portal:member_role", args=[w.org_b.pk, w.memberships["owner_b"].pk]),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
        data=lambda w: {"role": "editor"},
    ),
    Row(
        "org B's membership under org A's URL (POST)",
        lambda w: reverse("portal:member_role", args=[w.org_a.pk, w.memberships["owner_b"].pk]),
        expect(default=404, anonymous=LOGIN, editor_a=302, owner_a=302),
        method="post",
        data=lambda w: {"role": "editor"},
    ),
    Row(
        "org B member remove via GET",
        lambda w: reverse("portal:member_remove", args=[w.org_b.pk, w.memberships["owner_b"].pk]),
        expect(default=405),
    ),
    Row(
        "org B remove owner (POST, IDOR; the last owner stays)",
        lambda w: reverse("portal:member_remove", args=[w.org_b.pk, w.memberships["owner_b"].pk]),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
    ),
    Row(
        "org A revoke invitation via GET",
        lambda w: reverse("portal:invitation_revoke", args=[w.org_a.pk, w.invitation.pk]),
        expect(default=405),
    ),
    Row(
        "org B revoke invitation via GET",
        lambda w: reverse("portal:invitation_revoke", args=[w.org_b.pk, w.extra["invitation_b"].pk]),
        expect(default=405),
    ),
    Row(
        "org B revoke invitation (POST, IDOR)",
        lambda w: reverse("portal:invitation_revoke", args=[w.org_b.pk, w.extra["invitation_b"].pk]),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
    ),
    Row(
        "org A revoke B's invitation (POST, IDOR)",
        lambda w: reverse("portal:invitation_revoke", args=[w.org_a.pk, w.extra["invitation_b"].pk]),
        expect(default=404, anonymous=LOGIN),
        method="post",
    ),
    Row("org A leave via GET", lambda w: reverse("portal:organisation_leave", args=[w.org_a.pk]), expect(default=405)),
    Row("org B leave via GET", lambda w: reverse("portal:organisation_leave", args=[w.org_b.pk]), expect(default=405)),
    Row(
        "org B leave (POST, IDOR; the last owner stays)",
        lambda w: reverse("portal:organisation_leave", args=[w.org_b.pk]),
        expect(default=404, anonymous=LOGIN, owner_b=302),
        method="post",
    ),
    Row(
        "invitation of org B (someone else's address)",
        lambda w: reverse("portal:invitation_accept", args=[w.extra["invitation_b"].token]),
        expect(default=200, anonymous=LOGIN),
    ),
    Row(
        "invitation of org B accept (POST; only the invited address)",
        lambda w: reverse("portal:invitation_accept", args=[w.extra["invitation_b"].token]),
        expect(default=400, anonymous=LOGIN),
        method="post",
    ),
    Row(
        "public page of verified org A (POST: as GET)",
        lambda w: w.org_a.get_absolute_url(),
        expect(default=200),
        method="post",
    ),
    Row(
        "public page of unverified org B (POST: as GET)",
        lambda w: w.org_b.get_absolute_url(),
        expect(default=404, owner_b=200, project_manager=200, staff=200),
        method="post",
    ),
]


@pytest.mark.django_db
def test_organisation_objects_of_both_organisations(client, world):  # noqa: F811
    check_matrix(client, world, ORGANISATION_ROWS)


# --- Issue #11: the rest of the site: Wagtail's documents and page routes, the API's own URLs ---


def _document(key):
    def url(w):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.get(pk=w.extra[key])
        return reverse("wagtaildocs_serve", args=[document.pk, document.filename])

    return url


def _page(key, language="zh-hans"):
    def url(w):
        site = w.extra["site"].tree
        page = getattr(site, key) if hasattr(site, key) else w.extra[key]
        return page.url if language == "zh-hans" else page.get_translation(site.en).url

    return url


STAFF_DOCUMENT = expect(default=LOGIN, project_manager=200, staff=200)
SIGNED_IN = {"member": 200, "editor_a": 200, "owner_a": 200, "owner_b": 200, "project_manager": 200, "staff": 200}


#: Decisions recorded here:
#: * Product brochures live in the product uploads collection, restricted to alliance staff and
#:   project managers, so Wagtail's own document URL serves them to those only, whoever's and
#:   whatever their review state; everyone else is sent to sign in (the public downloads a published
#:   brochure through ``catalog:product_brochure``).
#: * Wagtail's page password form answers for any page (it shows no page content); the password
#:   unlocks only the restriction named in the URL.
#: * Wagtail's page login signs nobody in: visitors go to allauth's login, signed-in users back.
def _private_file(w):
    """The admin's link to a private file: a brochure's stored file (original images are stored alike)."""
    from wagtail.documents import get_document_model

    return get_document_model().objects.get(pk=w.extra["live_a_doc"]).file.url


SITE_ROWS = [
    Row("healthz (POST)", lambda w: "/healthz", expect(default=200), method="post"),
    Row(
        "private file (the admin's link to a stored file)",
        _private_file,
        expect(default=403, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row("home page", _page("home"), expect(default=200)),
    Row("home page (en)", _page("home", "en"), expect(default=200)),
    Row("standard page", _page("about"), expect(default=200)),
    Row("news index", _page("news"), expect(default=200)),
    Row("news item", lambda w: w.extra["news_item"].url, expect(default=200)),
    Row("draft page (public URL)", lambda w: "/zh-hans/draft/", expect(default=404)),
    Row("unknown page", lambda w: "/zh-hans/no-such-page/", expect(default=404)),
    Row("page (POST: as GET)", _page("about"), expect(default=200), method="post"),
    Row("private page (signed-in members)", _page("private_page"), expect(anonymous=LOGIN, **SIGNED_IN)),
    Row("password-protected page", _page("password_page"), expect(default=200)),
    Row(
        "page password form",
        lambda w: reverse(
            "wagtailcore_authenticate_with_password",
            args=[w.extra["password_restriction"].pk, w.extra["password_page"].pk],
        ),
        expect(default=200),
    ),
    Row(
        "page password (POST, right password)",
        lambda w: reverse(
            "wagtailcore_authenticate_with_password",
            args=[w.extra["password_restriction"].pk, w.extra["password_page"].pk],
        ),
        expect(default=302),
        method="post",
        data=lambda w: {"password": "alliance-internal", "return_url": w.extra["password_page"].url},
    ),
    Row(
        "page password of another page",
        lambda w: reverse(
            "wagtailcore_authenticate_with_password",
            args=[w.extra["password_restriction"].pk, w.extra["private_page"].pk],
        ),
        expect(default=200),
    ),
    Row(
        "Wagtail's page login (goes to allauth)",
        lambda w: reverse("wagtailcore_login"),
        expect(default=302, anonymous=LOGIN),
    ),
    Row(
        "Wagtail's page login (POST: goes to allauth)",
        lambda w: reverse("wagtailcore_login"),
        expect(default=302, anonymous=LOGIN),
        method="post",
        data=lambda w: {"username": w.user("owner_a").email, "password": "correct-horse-battery-9"},
    ),
    Row("document of A's published brochure", _document("live_a_doc"), STAFF_DOCUMENT),
    Row("document of A's draft brochure", _document("draft_a_doc"), STAFF_DOCUMENT),
    Row("document of A's pending brochure", _document("pending_a_doc"), STAFF_DOCUMENT),
    Row("document of B's brochure", _document("live_b_doc"), STAFF_DOCUMENT),
    Row(
        "document of A (POST)",
        _document("draft_a_doc"),
        STAFF_DOCUMENT,
        method="post",
    ),
    Row(
        "document of B (POST)",
        _document("live_b_doc"),
        STAFF_DOCUMENT,
        method="post",
    ),
    Row(
        "document under another document's name",
        lambda w: reverse("wagtaildocs_serve", args=[w.extra["live_a_doc"], "other.pdf"]),
        expect(default=404),
    ),
    Row("unknown document", lambda w: reverse("wagtaildocs_serve", args=[999999, "x.pdf"]), expect(default=404)),
    Row(
        "document password form (no password restriction)",
        lambda w: reverse("wagtaildocs_authenticate_with_password", args=[999999]),
        expect(default=404),
    ),
    Row(
        "document password (POST)",
        lambda w: reverse("wagtaildocs_authenticate_with_password", args=[999999]),
        expect(default=404),
        method="post",
        data=lambda w: {"password": "x"},
    ),
    Row("API root", lambda w: "/api/v1/", expect(default=404)),
    Row("API schema", lambda w: "/api/v1/openapi.json", expect(default=200)),
    Row("API unknown path", lambda w: "/api/v1/no-such-thing/", expect(default=404)),
    Row("API unknown path (POST)", lambda w: "/api/v1/no-such-thing/", expect(default=404), method="post"),
]


@pytest.mark.django_db
def test_site_pages_documents_and_api_root(client, world, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    add_catalog(world)
    add_pages(world)
    check_matrix(client, world, SITE_ROWS)
