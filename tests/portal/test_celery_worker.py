"""A real Celery worker on Redis runs what services enqueue with ``transaction.on_commit``.

The worker runs in a thread of the test process (celery.contrib.testing), so it shares the
locmem e-mail outbox with the test; it reads the database through its own connection, which is
why these tests commit for real (``transactional_db`` via the ``celery_worker`` fixture).
"""

import pytest
from django.core import mail
from django.db import transaction

from portal.organisations import invitations
from tests import factories
from tests.conftest import wait_for

pytestmark = [pytest.mark.services, pytest.mark.timeout(120)]


@pytest.fixture
def task_runs():
    """Where each task ran: proves the worker, not an eager in-process call, executed it."""
    from celery.signals import task_prerun

    runs = []

    def record(sender=None, task=None, **kwargs):
        runs.append({"task": sender.name, "eager": bool(task.request.is_eager), "hostname": task.request.hostname})

    task_prerun.connect(record, weak=False)
    yield runs
    task_prerun.disconnect(record)


def _queued_messages(app) -> int:
    with app.connection_for_read() as connection:
        client = connection.default_channel.client
        return client.llen(app.conf.task_default_queue)


def test_invitation_email_is_sent_by_the_worker_after_commit(celery_worker, task_runs):
    organisation = factories.OrganisationFactory()
    owner = factories.MembershipFactory(organisation=organisation, role="owner").user
    mail.outbox.clear()

    with transaction.atomic():
        invitations.invite_member(inviter=owner, organisation=organisation, email="new.editor@example.com")
        # Nothing may leave before the commit: the worker could not see the invitation yet.
        assert _queued_messages(celery_worker) == 0
        assert mail.outbox == []

    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the invitation"
    assert mail.outbox[0].to == ["new.editor@example.com"]
    # Two runs: the invitation's effect, then its rendered mail (an outbox message of its own).
    assert [run["eager"] for run in task_runs] == [False, False]
    assert all(run["hostname"] for run in task_runs)  # set by a worker, empty for eager calls


def test_nothing_is_enqueued_when_the_transaction_rolls_back(celery_worker):
    organisation = factories.OrganisationFactory()
    owner = factories.MembershipFactory(organisation=organisation, role="owner").user
    mail.outbox.clear()

    with pytest.raises(RuntimeError), transaction.atomic():
        invitations.invite_member(inviter=owner, organisation=organisation, email="never@example.com")
        raise RuntimeError("roll back")

    # Prove the worker is alive and draining the queue, then that nothing else arrived.
    invitations.invite_member(inviter=owner, organisation=organisation, email="marker@example.com")
    assert wait_for(lambda: len(mail.outbox) == 1)
    assert [message.to for message in mail.outbox] == [["marker@example.com"]]
    assert _queued_messages(celery_worker) == 0
