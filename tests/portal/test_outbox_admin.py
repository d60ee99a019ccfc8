"""Background tasks in the admin: staff see what the outbox holds and can run a failed task again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import outbox
from portal.models import OutboxMessage
from tests.matrix import Row, check_matrix, expect
from tests.matrix import world as world  # a fixture

pytestmark = pytest.mark.django_db


@outbox.effect("tests.admin_noop")
def noop(**payload):
    pass


@pytest.fixture
def given_up(db):
    return OutboxMessage.objects.create(
        effect="tests.admin_noop",
        payload={"n": 1},
        attempts=20,
        last_error="SMTPServerDisconnected: connection lost",
        gave_up_at=timezone.now() - timedelta(hours=1),
    )


def test_background_tasks_are_for_staff_only(client, world, given_up):
    rows = [
        Row(
            "background tasks",
            lambda w: reverse("background_tasks:index"),
            expect(default=302, staff=200, project_manager=302),
        ),
        Row(
            "background task inspect",
            lambda w: reverse("background_tasks:inspect", args=[given_up.pk]),
            expect(default=302, staff=200, project_manager=302),
        ),
        Row(
            "background task run again (POST)",
            lambda w: reverse("background_tasks:review", args=[given_up.pk, "retry"]),
            expect(default=302),  # staff: back to the inspect page; everyone else: away from it
            method="post",
        ),
    ]
    check_matrix(client, world, rows)


def test_staff_see_the_error_and_run_a_given_up_task_again(client, world, given_up, django_capture_on_commit_callbacks):
    client.force_login(world.user("staff"))
    listing = client.get(reverse("background_tasks:index"), {"state": "gave_up"}).content.decode()
    assert "tests.admin_noop" in listing
    page = client.get(reverse("background_tasks:inspect", args=[given_up.pk])).content.decode()
    assert "connection lost" in page
    retry_url = reverse("background_tasks:review", args=[given_up.pk, "retry"])
    assert retry_url in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    assert response.status_code == 302
    given_up.refresh_from_db()
    assert given_up.done_at is not None and given_up.gave_up_at is None


def test_the_dashboard_lists_tasks_given_up(client, world, given_up):
    client.force_login(world.user("staff"))
    page = client.get("/admin/").content.decode()
    assert f"tests.admin_noop #{given_up.pk}" in page
    assert "30 天后删除" in page or "deleted 30 days after" in page  # the retention, PORTAL_OUTBOX_GIVEN_UP_…


def test_a_sensitive_payload_is_not_shown(client, world):
    from portal import tasks

    message = OutboxMessage.objects.create(
        effect=tasks.send_email.effect_name,
        payload={"message": {"subject": "s", "body": "https://x/accounts/password/reset/key/SECRET/", "to": []}},
        attempts=1,
    )
    client.force_login(world.user("staff"))
    page = client.get(reverse("background_tasks:inspect", args=[message.pk])).content.decode()
    assert "SECRET" not in page


@pytest.mark.parametrize("role", ["project_manager", "owner_a", "member"])
def test_nobody_but_staff_can_run_a_task_again(client, world, given_up, role):
    client.force_login(world.user(role))
    client.post(reverse("background_tasks:review", args=[given_up.pk, "retry"]))
    given_up.refresh_from_db()
    assert given_up.gave_up_at is not None and given_up.done_at is None
