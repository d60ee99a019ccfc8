"""The programme applications' rows of the role × URL matrix (``tests.matrix``).

"A" is delta-neuro's (STARTUP) application to zeta-incubator (PLATFORM), "B" epsilon-bci's
(OTHER_STARTUP): each is reachable by the members of its two organisations only (anyone else,
staff included, gets a 404 on the member pages: staff decide in the admin); the platform decides,
the startup withdraws. The admin's listing is for staff and project managers.
"""

from __future__ import annotations

from django.urls import reverse

from incubator.programmes.forms import ApplicationForm
from tests.incubator.programmes.world import add_incubator_programmes
from tests.matrix import (  # noqa: F401  (world: the fixture)
    DENIED,
    LOGIN,
    Row,
    check_matrix,
    creation_token,
    expect,
    uncovered_url_names,
    world,
)


def _url(name, key):
    return lambda w: reverse(f"incubator:{name}", kwargs={"application_id": w.extra[key].pk})


def _new(slug):
    return lambda w: reverse("incubator:application_new", kwargs={"slug": slug})


def _application_data(w):
    return {
        **creation_token(ApplicationForm),
        "services": ["proof_of_concept"],
        "message": "希望申请概念验证平台的支持。",
    }


def _seen_by(*roles):
    return expect(default=404, anonymous=LOGIN, **dict.fromkeys(roles, 200))


def _decision(platform_role, startup_role):
    """The platform's members decide (a redirect back); the startup's are refused; others get a 404."""
    return expect(default=404, anonymous=LOGIN, **{platform_role: 302, startup_role: 403})


POST_ONLY_GET = expect(default=405, anonymous=LOGIN)
NOT_A_PROGRAMME = expect(default=404, anonymous=LOGIN)

ROWS = [
    Row("application list", lambda w: reverse("incubator:application_list"), expect(default=200, anonymous=LOGIN)),
    Row(
        "new application (to the incubator)",
        _new("zeta-incubator"),
        expect(default=403, anonymous=LOGIN, startup=200, other_startup=200),
    ),
    # Both startups already have an application awaiting review there: past the permission, the
    # service refuses a second one (the form again, 400); tests/incubator/programmes/test_views.py sends one.
    Row(
        "send an application (to the incubator)",
        _new("zeta-incubator"),
        expect(default=403, anonymous=LOGIN, startup=400, other_startup=400),
        method="post",
        data=_application_data,
    ),
    # Not a platform taking applications: an investor, a startup, an enterprise, an unverified organisation.
    Row("new application (an investor)", _new("gamma-capital"), NOT_A_PROGRAMME),
    Row("new application (a startup)", _new("delta-neuro"), NOT_A_PROGRAMME),
    Row("new application (org A)", _new("alpha"), NOT_A_PROGRAMME),
    Row("new application (org B)", _new("beta"), NOT_A_PROGRAMME),
    Row("send an application (org A)", _new("alpha"), NOT_A_PROGRAMME, method="post", data=_application_data),
    Row("send an application (org B)", _new("beta"), NOT_A_PROGRAMME, method="post", data=_application_data),
    *(
        row
        for letter, key, startup in (
            ("A", "programme_application_a", "startup"),
            ("B", "programme_application_b", "other_startup"),
        )
        for row in (
            Row(f"application ({letter})", _url("application_detail", key), _seen_by(startup, "platform")),
            Row(
                f"accept application ({letter})",
                _url("application_accept", key),
                _decision("platform", startup),
                method="post",
                data=lambda w: {"accept-note": "欢迎入驻。"},
            ),
            Row(
                f"decline application ({letter})",
                _url("application_reject", key),
                _decision("platform", startup),
                method="post",
                data=lambda w: {"reject-note": "本期名额已满。"},
            ),
            Row(
                f"withdraw application ({letter})",
                _url("application_withdraw", key),
                expect(default=404, anonymous=LOGIN, platform=403, **{startup: 302}),
                method="post",
            ),
            Row(f"accept application ({letter}), GET", _url("application_accept", key), POST_ONLY_GET),
            Row(f"decline application ({letter}), GET", _url("application_reject", key), POST_ONLY_GET),
            Row(f"withdraw application ({letter}), GET", _url("application_withdraw", key), POST_ONLY_GET),
        )
    ),
    Row(
        "admin: programme applications",
        lambda w: reverse("incubator_programme_applications:index"),
        expect(default=DENIED, anonymous=LOGIN, staff=200, project_manager=200),
    ),
    Row(
        "admin: decide on application (A)",
        lambda w: reverse(
            "incubator_programme_applications:review",
            kwargs={"pk": w.extra["programme_application_a"].pk, "decision": "accept"},
        ),
        expect(default=DENIED, anonymous=LOGIN, staff=200, project_manager=200),
    ),
]


def test_programmes_matrix(client, world):  # noqa: F811
    add_incubator_programmes(world)
    check_matrix(client, world, ROWS)


def test_every_programmes_url_has_a_row(world):  # noqa: F811
    add_incubator_programmes(world)
    names = {
        "application_list",
        "application_new",
        "application_detail",
        "application_accept",
        "application_reject",
        "application_withdraw",
    }
    assert not names & uncovered_url_names(world, ROWS, "incubator")
