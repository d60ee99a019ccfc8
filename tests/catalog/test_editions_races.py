"""Edition writes under real concurrency (PostgreSQL, one connection per thread).

Two staff members publish the same edition at the same moment: the edition row lock
(``select_for_update`` in ``catalog.editions.services.publish``) makes the second wait, see
the edition published and refuse, so the entries are frozen once. Two submits of the same
application at once leave one application.
"""

import pytest

from catalog.editions import services
from catalog.editions.models import EditionApplication, EditionEntry, EditionStatus
from tests import factories
from tests.catalog.edition_factories import ApplicationFactory, EditionFactory
from tests.catalog.factories import PublishedProductFactory
from tests.portal.test_membership_races import _race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("attempt", range(2))
def test_two_concurrent_publishes_freeze_the_entries_once(postgres_service, settings, tmp_path, attempt):
    settings.MEDIA_ROOT = str(tmp_path)
    first, second = factories.StaffFactory(), factories.StaffFactory()
    edition = EditionFactory()
    for _ in range(3):
        application = ApplicationFactory(edition=edition)
        services.accept(staff=first, application=application, category="sports", rationale_zh="好")
    services.close_call(staff=first, edition=edition)
    outcomes = _race(
        lambda: services.publish(staff=first, edition=edition),
        lambda: services.publish(staff=second, edition=edition),
    )
    assert [type(exc).__name__ for exc in outcomes if exc] == ["EditionError"]
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    assert EditionEntry.objects.filter(edition=edition).count() == 3


@pytest.mark.parametrize("attempt", range(2))
def test_a_double_submit_at_once_leaves_one_application(postgres_service, attempt):
    organisation = factories.OrganisationFactory()
    owner = factories.MembershipFactory(organisation=organisation, role="owner").user
    product = PublishedProductFactory(organisation=organisation)
    edition = EditionFactory()

    def submit():
        services.apply(actor=owner, edition=edition, product=product, statement="理由", proposed_category="sports")

    assert _race(submit, submit) == [None, None]
    assert EditionApplication.objects.filter(edition=edition, product=product).count() == 1
