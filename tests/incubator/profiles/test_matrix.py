"""Role × URL matrix of the incubator's profiles (``tests.matrix``; objects by ``add_incubator_profiles``).

Decisions recorded here:
* The directories and the profiles of verified organisations are public; a startup awaiting
  verification (or unlisted) is a 404 for all but its members. What each viewer sees *of* a
  profile is tested in ``test_pages.py``.
* A pitch deck is downloaded by whoever may see the deck group, else 404: A's deck is for matched
  investors (gamma-capital met delta-neuro), B's for verified investors (and staff).
* The profile editor is for the organisation's owners and editors; another organisation's is a 404;
  an organisation of a kind without a profile (an enterprise) is refused to its own members (403).
* Saved searches are for investors and staff; another user's saved search is a 404. The digest
  e-mail's unsubscribe link needs no sign-in: its token is the credential (an altered one is a 400).
"""

from django.urls import reverse

from incubator.profiles import emails
from portal import unsubscribe
from tests.incubator.profiles.world import add_incubator_profiles
from tests.matrix import LOGIN, Row, check_matrix, expect, world  # noqa: F401


def _slug(kind):
    return lambda w: reverse(kind, kwargs={"slug": w.extra["org_startup"].slug})


def _edit(key):
    return lambda w: reverse("incubator:profile_edit", kwargs={"organisation_pk": w.extra[key].pk})


def _altered(token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def _unsubscribe(*, valid):
    def url(w):
        token = unsubscribe.token_for(w.extra["saved_search"].user, emails.DIGEST_SCOPE)
        return reverse("incubator:digest_unsubscribe", kwargs={"token": token if valid else _altered(token)})

    return url


PUBLIC = expect(default=200)
MEMBERS_ONLY = expect(default=404, anonymous=LOGIN)
SAVED_SEARCHES = expect(default=403, anonymous=LOGIN, investor=200, staff=200, project_manager=200)

ROWS = [
    Row("startup directory", lambda w: reverse("incubator:startup_list"), PUBLIC),
    Row("startup profile (A)", _slug("incubator:startup_detail"), PUBLIC),
    Row(
        "startup profile (B)",
        lambda w: reverse("incubator:startup_detail", kwargs={"slug": w.extra["org_other_startup"].slug}),
        PUBLIC,
    ),
    Row(
        "startup profile, startup awaiting verification",
        lambda w: reverse("incubator:startup_detail", kwargs={"slug": w.extra["pending_startup"].slug}),
        expect(default=404),
    ),
    Row(
        "startup profile, unknown",
        lambda w: reverse("incubator:startup_detail", kwargs={"slug": "nobody"}),
        expect(default=404),
    ),
    Row(
        "pitch deck (A: matched investors)",
        _slug("incubator:startup_pitch_deck"),
        expect(default=404, investor=200, startup=200),
    ),
    Row(
        "pitch deck (B: verified investors)",
        lambda w: reverse("incubator:startup_pitch_deck", kwargs={"slug": w.extra["org_other_startup"].slug}),
        expect(default=404, investor=200, other_startup=200, staff=200, project_manager=200),
    ),
    Row("investor directory", lambda w: reverse("incubator:investor_list"), PUBLIC),
    Row(
        "investor profile",
        lambda w: reverse("incubator:investor_detail", kwargs={"slug": w.extra["org_investor"].slug}),
        PUBLIC,
    ),
    Row(
        "investor profile of a startup",
        lambda w: reverse("incubator:investor_detail", kwargs={"slug": w.extra["org_startup"].slug}),
        expect(default=404),
    ),
    Row("platform directory", lambda w: reverse("incubator:platform_list"), PUBLIC),
    Row(
        "platform profile",
        lambda w: reverse("incubator:platform_detail", kwargs={"slug": w.extra["org_platform"].slug}),
        PUBLIC,
    ),
    # Another kind's slug (the startups A and B) is no investor's or platform's profile: 404 for all.
    Row(
        "investor profile of a startup (B)",
        lambda w: reverse("incubator:investor_detail", kwargs={"slug": w.extra["org_other_startup"].slug}),
        expect(default=404),
    ),
    Row(
        "platform profile of a startup (A)",
        lambda w: reverse("incubator:platform_detail", kwargs={"slug": w.extra["org_startup"].slug}),
        expect(default=404),
    ),
    Row(
        "platform profile of a startup (B)",
        lambda w: reverse("incubator:platform_detail", kwargs={"slug": w.extra["org_other_startup"].slug}),
        expect(default=404),
    ),
    Row("profile editor (A)", _edit("org_startup"), expect(default=404, anonymous=LOGIN, startup=200)),
    Row("profile editor (B)", _edit("org_other_startup"), expect(default=404, anonymous=LOGIN, other_startup=200)),
    # An empty form: refused with the form's errors (400) to the owner, 404 to everyone else.
    Row(
        "profile editor (A), POST",
        _edit("org_startup"),
        expect(default=404, anonymous=LOGIN, startup=400),
        method="post",
    ),
    Row(
        "profile editor (B), POST",
        _edit("org_other_startup"),
        expect(default=404, anonymous=LOGIN, other_startup=400),
        method="post",
    ),
    Row("profile editor (investor)", _edit("org_investor"), expect(default=404, anonymous=LOGIN, investor=200)),
    Row("profile editor (incubator)", _edit("org_platform"), expect(default=404, anonymous=LOGIN, platform=200)),
    Row(
        "profile editor (enterprise A: no profile)",
        lambda w: reverse("incubator:profile_edit", kwargs={"organisation_pk": w.org_a.pk}),
        expect(default=404, anonymous=LOGIN, editor_a=403, owner_a=403),
    ),
    Row(
        "profile editor (enterprise B: no profile)",
        lambda w: reverse("incubator:profile_edit", kwargs={"organisation_pk": w.org_b.pk}),
        expect(default=404, anonymous=LOGIN, owner_b=403),
    ),
    Row(
        "profile editor (enterprise B: no profile), POST",
        lambda w: reverse("incubator:profile_edit", kwargs={"organisation_pk": w.org_b.pk}),
        expect(default=404, anonymous=LOGIN, owner_b=403),
        method="post",
    ),
    Row(
        "profile editor (enterprise A: no profile), POST",
        lambda w: reverse("incubator:profile_edit", kwargs={"organisation_pk": w.org_a.pk}),
        expect(default=404, anonymous=LOGIN, editor_a=403, owner_a=403),
        method="post",
    ),
    # The JSON API: anonymous data, the same for everyone.
    Row("API: startups", lambda w: "/api/v1/startups/", PUBLIC),
    Row("API: startup (A)", lambda w: f"/api/v1/startups/{w.extra['org_startup'].slug}/", PUBLIC),
    Row("API: startup (B)", lambda w: f"/api/v1/startups/{w.extra['org_other_startup'].slug}/", PUBLIC),
    Row(
        "API: startup awaiting verification",
        lambda w: f"/api/v1/startups/{w.extra['pending_startup'].slug}/",
        expect(default=404),
    ),
    Row("API: platforms", lambda w: "/api/v1/platforms/", PUBLIC),
    Row("saved searches", lambda w: reverse("incubator:saved_searches"), SAVED_SEARCHES),
    Row(
        "save a search (empty form: back to the directory)",
        lambda w: reverse("incubator:saved_search_create"),
        expect(default=403, anonymous=LOGIN, investor=302, staff=302, project_manager=302),
        method="post",
    ),
    Row("save a search, GET", lambda w: reverse("incubator:saved_search_create"), expect(default=405)),
    Row(
        "delete a saved search (the investor's)",
        lambda w: reverse("incubator:saved_search_delete", kwargs={"pk": w.extra["saved_search"].pk}),
        expect(default=404, anonymous=LOGIN, investor=302),
        method="post",
    ),
    Row(
        "delete a saved search, GET",
        lambda w: reverse("incubator:saved_search_delete", kwargs={"pk": w.extra["saved_search"].pk}),
        expect(default=405),
    ),
    Row(
        "turn a saved search's e-mail on or off (the investor's)",
        lambda w: reverse("incubator:saved_search_digest", kwargs={"pk": w.extra["saved_search"].pk}),
        expect(default=404, anonymous=LOGIN, investor=302),
        method="post",
    ),
    Row(
        "turn a saved search's e-mail on or off, GET",
        lambda w: reverse("incubator:saved_search_digest", kwargs={"pk": w.extra["saved_search"].pk}),
        expect(default=405),
    ),
    # The e-mail's link: anyone holding it (no sign-in); the token is signed for the investor's account.
    Row("stop the digests (the investor's link)", _unsubscribe(valid=True), expect(default=200)),
    Row("stop the digests, one click (the investor's link)", _unsubscribe(valid=True), PUBLIC, method="post"),
    Row("stop the digests, an altered link", _unsubscribe(valid=False), expect(default=400)),
    Row("stop the digests, an altered link, one click", _unsubscribe(valid=False), expect(default=400), method="post"),
]


def test_incubator_profiles_matrix(client, world):  # noqa: F811
    add_incubator_profiles(world)
    check_matrix(client, world, ROWS)
