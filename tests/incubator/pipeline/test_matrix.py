"""Role × URL matrix of the pipeline's admin (issue #15).

Decisions recorded here:
* The pipeline (board, cards, discovering, moving, notes, tasks, support) is project managers' and
  staff's: everyone else is sent to sign in (anonymous) or refused, startups included (their own
  card too).
* The XLSX export of the whole pipeline is staff's: project managers are refused like members.
* Project managers open screening panels (the judging engine lets them run the pipeline's panels).
* The read-only listings of the incubator's records: staff and project managers look.
POSTs without data: the form comes back with its errors (400), nothing changes.
"""

from django.urls import reverse

from tests.incubator.pipeline.world import add_incubator_pipeline
from tests.matrix import DENIED, LOGIN, Row, check_matrix, expect, world  # noqa: F401

LOOK = expect(default=DENIED, anonymous=LOGIN, staff=200, project_manager=200)
STAFF_PAGE = expect(default=DENIED, anonymous=LOGIN, staff=200)
#: A form posted empty: shown again with its errors to the pipeline's people.
INVALID = expect(default=DENIED, anonymous=LOGIN, staff=400, project_manager=400)
DONE = expect(default=DENIED, anonymous=LOGIN, staff=302, project_manager=302)


def _card(w):
    return w.extra["pipeline_card"].pk


ROWS = [
    Row("pipeline board", lambda w: reverse("incubator_pipeline:board"), LOOK),
    Row("pipeline board, mine", lambda w: reverse("incubator_pipeline:board") + "?mine=1&stage=screening", LOOK),
    Row("pipeline discover", lambda w: reverse("incubator_pipeline:discover"), LOOK),
    Row(
        "pipeline discover, empty",
        lambda w: reverse("incubator_pipeline:discover"),
        INVALID,
        method="post",
        data=lambda w: {},
    ),
    Row("pipeline export", lambda w: reverse("incubator_pipeline:export"), STAFF_PAGE),
    Row("pipeline screening panel", lambda w: reverse("incubator_pipeline:screening"), LOOK),
    Row(
        "pipeline screening panel, empty",
        lambda w: reverse("incubator_pipeline:screening"),
        INVALID,
        method="post",
        data=lambda w: {},
    ),
    Row("pipeline card", lambda w: reverse("incubator_pipeline:card", args=[_card(w)]), LOOK),
    Row(
        "pipeline card, unknown",
        lambda w: reverse("incubator_pipeline:card", args=[999999]),
        expect(default=DENIED, anonymous=LOGIN, staff=404, project_manager=404),
    ),
    *[
        Row(
            f"pipeline {name}, empty",
            lambda w, name=name: reverse(f"incubator_pipeline:{name}", args=[_card(w)]),
            INVALID,
            method="post",
            data=lambda w: {},
        )
        for name in ("move", "note", "task", "support")
    ],
    # No project manager chosen: the card is nobody's (a valid choice).
    Row(
        "pipeline manager, none",
        lambda w: reverse("incubator_pipeline:manager", args=[_card(w)]),
        DONE,
        method="post",
        data=lambda w: {},
    ),
    Row(
        "pipeline note",
        lambda w: reverse("incubator_pipeline:note", args=[_card(w)]),
        DONE,
        method="post",
        data=lambda w: {"text": "矩阵的新备注"},
    ),
    Row(
        "pipeline move",
        lambda w: reverse("incubator_pipeline:move", args=[_card(w)]),
        DONE,
        method="post",
        data=lambda w: {"to_stage": "cultivating", "version": w.extra["pipeline_card"].version},
    ),
    Row(
        "pipeline task done",
        lambda w: reverse("incubator_pipeline:task_done", args=[w.extra["pipeline_task"].pk]),
        DONE,
        method="post",
        data=lambda w: {},
    ),
    *[
        Row(f"incubator records {name}", lambda w, name=name: reverse(f"incubator_{name}:index"), LOOK)
        for name in (
            "startup_profiles",
            "investor_profiles",
            "platform_profiles",
            "meeting_requests",
            "dataroom_access",
        )
    ],
    # Who opened which confidential document, and from where: staff's, not project managers'.
    Row("incubator records access_log", lambda w: reverse("incubator_access_log:index"), STAFF_PAGE),
]


def test_pipeline_matrix(client, world):  # noqa: F811
    add_incubator_pipeline(world)
    check_matrix(client, world, ROWS)
