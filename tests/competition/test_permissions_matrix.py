"""Role × URL matrix of the competition (issue #13). Roles: ``team_member`` is the captain of org A's
team, ``other_team`` of org B's; neither belongs to an organisation.

Decisions recorded here:
* A team's pages (the team, its entries, their attachments) are looked up among the user's own
  teams: anyone else, the organisation's own members and staff included, gets a 404 on the member
  pages. Staff read every entry (detail, attachments) and screen them in the admin.
* Any signed-in member may create a team, unless they are in a team of the competition already (one
  team per person: the form's page sends them to their competition page, its POST shows why); an
  invitation is answered only by its addressee (400 for anyone else, with the reason on the page).
* The roster (leave, delete, and the captain's buttons: remove a member, hand over the captaincy,
  withdraw an invitation) is looked up among the user's own teams too: another team's, or another
  team's membership or invitation, is a 404. Both teams have a teammate besides the captain, so
  the captain may neither leave (hand over first) nor delete the team: a 400 with the reason; the
  buttons are POST only (405 to a GET, before the sign-in check).
* The call page is public.
"""

from django.urls import reverse

from tests.matrix import LOGIN, Row, add_competition, check_matrix, creation_token, expect, world  # noqa: F401


def _url(name, key=None, **kwargs):
    def build(w):
        args = [w.extra[key].pk] if key else []
        return reverse(f"competition:{name}", args=args, kwargs=kwargs or None)

    return build


def _roster(name, team, *, membership=None, invitation=None):
    """A roster URL of ``team`` (an ``extra`` key), naming one of its memberships or invitations."""

    def build(w):
        kwargs = {"pk": w.extra[team].pk}
        if membership:
            kwargs["membership_pk"] = w.extra[membership].pk
        if invitation:
            kwargs["invitation_pk"] = w.extra[invitation].pk
        return reverse(f"competition:{name}", kwargs=kwargs)

    return build


def _roster_rows() -> list:
    """The roster's rows, for team A (its captain ``team_member``) and team B (``other_team``)."""
    rows = []
    for letter, captain in (("a", "team_member"), ("b", "other_team")):
        team, named = f"team_{letter}", f"team {letter.upper()}"
        membership, invitation = f"team_membership_{letter}", f"team_invitation_{letter}"
        for page in ("team_leave", "team_disband"):
            rows += [
                Row(f"{named} {page}", _roster(page, team), _mine(captain)),
                Row(f"{named} {page} (POST; not alone)", _roster(page, team), _mine(captain, 400), method="post"),
            ]
        buttons = (
            ("member_remove", {"membership": membership}),
            ("captain_hand_over", {"membership": membership}),
            ("invitation_withdraw", {"invitation": invitation}),
        )
        for button, target in buttons:
            url = _roster(button, team, **target)
            rows += [
                Row(f"{named} {button} via GET", url, expect(default=405)),
                Row(f"{named} {button} (POST)", url, _mine(captain, 302), method="post"),
            ]
    return rows


def _invitation(key):
    return lambda w: reverse("competition:invitation", args=[w.extra[key].token])


def _mine(role, ok=200):
    """The team's own pages: its captain gets ``ok``, everyone else a 404 (anonymous: sign in)."""
    return expect(default=404, anonymous=LOGIN, **{role: ok})


def _readable(role):
    """An entry's read-only pages: its team and alliance staff."""
    return expect(default=404, anonymous=LOGIN, staff=200, **{role: 200})


def _team_token(w):
    from competition.teams.forms import TeamForm

    return creation_token(TeamForm) | {"name": "新团队"}


def _entry_token(w):
    from competition.forms import NewEntryForm

    return creation_token(NewEntryForm) | {"title": "新作品", "track": w.extra["competition"].tracks.first().pk}


def _invite(w):
    from competition.teams.forms import InvitationForm

    return creation_token(InvitationForm, prefix="invite") | {"invite-email": "new.member@example.com"}


def _edit(w):
    return {"version": 1, "title": "修改后的标题", "summary": "摘要"}


ROWS = [
    Row("call page", lambda w: w.extra["call_page"].url, expect(default=200)),
    Row("my competition", _url("my_competition"), expect(default=200, anonymous=LOGIN)),
    Row(
        "team create",
        _url("team_create", slug="bci-2026"),
        expect(default=200, anonymous=LOGIN, team_member=302, other_team=302),
    ),
    Row(
        "team create (POST)",
        _url("team_create", slug="bci-2026"),
        expect(default=302, anonymous=LOGIN, team_member=400, other_team=400),
        method="post",
        data=_team_token,
    ),
    Row("team create, unknown competition", _url("team_create", slug="no-such"), expect(default=404, anonymous=LOGIN)),
    Row("team A", _url("team_detail", "team_a"), _mine("team_member")),
    Row("team B", _url("team_detail", "team_b"), _mine("other_team")),
    Row("team A invite (POST)", _url("team_detail", "team_a"), _mine("team_member", 302), method="post", data=_invite),
    Row("team B invite (POST)", _url("team_detail", "team_b"), _mine("other_team", 302), method="post", data=_invite),
    Row(
        "team A new entry",
        lambda w: reverse("competition:entry_create", args=[w.extra["team_a"].pk]),
        _mine("team_member"),
    ),
    Row(
        "team B new entry",
        lambda w: reverse("competition:entry_create", args=[w.extra["team_b"].pk]),
        _mine("other_team"),
    ),
    Row(
        "team A new entry (POST)",
        lambda w: reverse("competition:entry_create", args=[w.extra["team_a"].pk]),
        _mine("team_member", 302),
        method="post",
        data=_entry_token,
    ),
    Row(
        "team B new entry (POST)",
        lambda w: reverse("competition:entry_create", args=[w.extra["team_b"].pk]),
        _mine("other_team", 302),
        method="post",
        data=_entry_token,
    ),
    Row("invitation A (to someone else)", _invitation("team_invitation_a"), expect(default=200, anonymous=LOGIN)),
    Row("invitation B (to the member)", _invitation("team_invitation_b"), expect(default=200, anonymous=LOGIN)),
    Row(
        "invitation A accept (POST)",
        _invitation("team_invitation_a"),
        expect(default=400, anonymous=LOGIN),
        method="post",
        data=lambda w: {"action": "accept"},
    ),
    Row(
        "invitation B accept (POST; only its addressee)",
        _invitation("team_invitation_b"),
        expect(default=400, anonymous=LOGIN, member=302),
        method="post",
        data=lambda w: {"action": "accept"},
    ),
    Row(
        "invitation unknown token",
        lambda w: reverse("competition:invitation", args=["not-a-token"]),
        expect(default=404, anonymous=LOGIN),
    ),
    *_roster_rows(),
    Row("entry A draft", _url("entry_detail", "entry_draft_a"), _readable("team_member")),
    Row("entry A submitted", _url("entry_detail", "entry_submitted_a"), _readable("team_member")),
    Row("entry B draft", _url("entry_detail", "entry_b"), _readable("other_team")),
    Row("entry A edit", _url("entry_edit", "entry_draft_a"), _mine("team_member")),
    Row("entry B edit", _url("entry_edit", "entry_b"), _mine("other_team")),
    Row(
        "entry A edit (POST)", _url("entry_edit", "entry_draft_a"), _mine("team_member", 302), method="post", data=_edit
    ),
    Row("entry B edit (POST)", _url("entry_edit", "entry_b"), _mine("other_team", 302), method="post", data=_edit),
    Row("entry A autosave via GET", _url("entry_autosave", "entry_draft_a"), expect(default=405)),
    Row(
        "entry A autosave (POST)",
        _url("entry_autosave", "entry_draft_a"),
        expect(default=404, anonymous=401, team_member=200),  # signed out: said in JSON (the script reads it)
        method="post",
        data=_edit,
    ),
    Row(
        "entry B autosave (POST)",
        _url("entry_autosave", "entry_b"),
        expect(default=404, anonymous=401, other_team=200),
        method="post",
        data=_edit,
    ),
    Row(
        "entry A submit (POST)",
        _url("entry_edit", "entry_draft_a"),
        _mine("team_member", 302),
        method="post",
        data=lambda w: {**_edit(w), "submit_entry": "1"},
    ),
    Row(
        "entry B submit (POST)",
        _url("entry_edit", "entry_b"),
        _mine("other_team", 302),
        method="post",
        data=lambda w: {**_edit(w), "submit_entry": "1"},
    ),
    Row("entry A withdraw via GET", _url("entry_withdraw", "entry_draft_a"), expect(default=405)),
    Row("entry B autosave via GET", _url("entry_autosave", "entry_b"), expect(default=405)),
    Row("entry B withdraw via GET", _url("entry_withdraw", "entry_b"), expect(default=405)),
    Row("entry A detail via POST", _url("entry_detail", "entry_draft_a"), expect(default=405), method="post"),
    Row("entry B detail via POST", _url("entry_detail", "entry_b"), expect(default=405), method="post"),
    Row(
        "entry A attachment via POST",
        lambda w: reverse(
            "competition:attachment_download", args=[w.extra["entry_draft_a"].pk, w.extra["entry_attachment_a"].pk]
        ),
        expect(default=405),
        method="post",
    ),
    Row(
        "entry B attachment via POST",
        lambda w: reverse(
            "competition:attachment_download", args=[w.extra["entry_b"].pk, w.extra["entry_attachment_b"].pk]
        ),
        expect(default=405),
        method="post",
    ),
    Row("entry A withdraw (POST)", _url("entry_withdraw", "entry_draft_a"), _mine("team_member", 302), method="post"),
    Row("entry B withdraw (POST)", _url("entry_withdraw", "entry_b"), _mine("other_team", 302), method="post"),
    Row(
        "entry A attachment",
        lambda w: reverse(
            "competition:attachment_download", args=[w.extra["entry_draft_a"].pk, w.extra["entry_attachment_a"].pk]
        ),
        _readable("team_member"),
    ),
    Row(
        "entry B attachment",
        lambda w: reverse(
            "competition:attachment_download", args=[w.extra["entry_b"].pk, w.extra["entry_attachment_b"].pk]
        ),
        _readable("other_team"),
    ),
    Row(
        "B's attachment through A's entry (IDOR)",
        lambda w: reverse(
            "competition:attachment_download", args=[w.extra["entry_draft_a"].pk, w.extra["entry_attachment_b"].pk]
        ),
        expect(default=404, anonymous=LOGIN),
    ),
    # The JSON API: the competitions and tracks the call pages show.
    Row("API competitions", lambda w: "/api/v1/competitions/", expect(default=200)),
    Row("API competition", lambda w: "/api/v1/competitions/bci-2026/", expect(default=200)),
    Row("API unknown competition", lambda w: "/api/v1/competitions/no-such/", expect(default=404)),
    Row("API tracks", lambda w: "/api/v1/tracks/", expect(default=200)),
    Row(
        "API track",
        lambda w: f"/api/v1/tracks/{w.extra['competition'].tracks.first().pk}/",
        expect(default=200),
    ),
    # The admin: staff screen and extend; project managers look.
    Row(
        "admin entries",
        lambda w: reverse("competition_entries:index"),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin entry inspect",
        lambda w: reverse("competition_entries:inspect", args=[w.extra["entry_submitted_a"].pk]),
        expect(default=302, anonymous=LOGIN, project_manager=200, staff=200),
    ),
    Row(
        "admin screening decision (staff only)",
        lambda w: reverse("competition_entries:review", args=[w.extra["entry_submitted_a"].pk, "ineligible"]),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
    Row(
        "admin screening decision (POST, staff only)",
        lambda w: reverse("competition_entries:review", args=[w.extra["entry_submitted_a"].pk, "eligible"]),
        expect(default=302, anonymous=LOGIN),
        method="post",
    ),
    Row(
        "admin extension (staff only)",
        lambda w: reverse("competition_entries:extend", args=[w.extra["entry_submitted_a"].pk]),
        expect(default=302, anonymous=LOGIN, staff=200),
    ),
]


def test_competition_matrix(client, world):  # noqa: F811
    add_competition(world)
    check_matrix(client, world, ROWS)
