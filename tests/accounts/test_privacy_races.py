"""Account deletion under real concurrency (PostgreSQL, one connection per thread).

Both owners of an organisation act at the same moment. ``delete_account`` locks the
organisations the member owns before counting their other owners, as the membership
services do, so the second transaction waits, recounts and is refused: the organisation
keeps an owner.
"""

import pytest

from portal import privacy
from portal.models import Membership, User
from portal.organisations import services
from tests import factories
from tests.portal.test_membership_races import _race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_owners():
    organisation = factories.OrganisationFactory()
    first = factories.MembershipFactory(organisation=organisation, role="owner").user
    second = factories.MembershipFactory(organisation=organisation, role="owner").user
    return organisation, first, second


@pytest.mark.parametrize("attempt", range(3))
def test_two_owners_deleting_their_accounts_at_once_leave_one_owner(postgres_service, two_owners, attempt):
    organisation, first, second = two_owners
    outcomes = _race(
        lambda: privacy.delete_account(actor=first, account=first, confirm_email=first.email),
        lambda: privacy.delete_account(actor=second, account=second, confirm_email=second.email),
    )
    assert sorted(type(exc).__name__ for exc in outcomes if exc) == ["LastOwnerError"]
    assert Membership.objects.filter(organisation=organisation, role="owner").count() == 1
    assert User.objects.filter(pk__in=[first.pk, second.pk]).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_an_owner_leaving_while_the_other_deletes_the_account_leaves_one_owner(postgres_service, two_owners, attempt):
    organisation, first, second = two_owners
    outcomes = _race(
        lambda: privacy.delete_account(actor=first, account=first, confirm_email=first.email),
        lambda: services.leave_organisation(user=second, organisation=organisation),
    )
    assert sorted(type(exc).__name__ for exc in outcomes if exc) == ["LastOwnerError"]
    assert Membership.objects.filter(organisation=organisation, role="owner").count() == 1
