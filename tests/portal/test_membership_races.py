"""Membership changes under real concurrency (PostgreSQL, one connection per thread).

Both owners of an organisation act at the same moment. Without the organisation row lock
(``select_for_update`` in portal.organisations.services) each transaction would count two owners and both
would go through, leaving an organisation nobody can manage. With it, the second transaction
waits for the first, recounts, and is refused.
"""

import threading

import pytest
from django.db import connection

from portal.models import Membership
from portal.organisations import services
from tests import factories

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    """Run the calls in threads released together; return each call's exception (or None)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def two_owners():
    organisation = factories.OrganisationFactory()
    first = factories.MembershipFactory(organisation=organisation, role="owner").user
    second = factories.MembershipFactory(organisation=organisation, role="owner").user
    return organisation, first, second


@pytest.mark.parametrize("attempt", range(3))
def test_two_owners_leaving_at_once_leave_one_owner(postgres_service, two_owners, attempt):
    organisation, first, second = two_owners
    outcomes = _race(
        lambda: services.leave_organisation(user=first, organisation=organisation),
        lambda: services.leave_organisation(user=second, organisation=organisation),
    )
    assert sorted(type(exc).__name__ for exc in outcomes if exc) == ["LastOwnerError"]
    assert Membership.objects.filter(organisation=organisation, role="owner").count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_owners_demoting_each_other_at_once_leave_one_owner(postgres_service, two_owners, attempt):
    organisation, first, second = two_owners
    first_membership = Membership.objects.get(user=first)
    second_membership = Membership.objects.get(user=second)
    outcomes = _race(
        lambda: services.change_member_role(actor=first, membership=second_membership, role="editor"),
        lambda: services.change_member_role(actor=second, membership=first_membership, role="editor"),
    )
    # The loser is refused either as the last owner or as no longer an owner at all.
    refused = [exc for exc in outcomes if exc]
    assert len(refused) == 1
    assert type(refused[0]).__name__ in {"LastOwnerError", "PermissionDenied", "OrganisationError"}
    assert Membership.objects.filter(organisation=organisation, role="owner").count() == 1
