"""A decision's e-mail goes out only if the decision still holds when its effect runs (late, or twice)."""

from types import SimpleNamespace

import pytest

from catalog import emails
from catalog.editions import emails as edition_emails
from catalog.editions.models import ApplicationStatus, EditionStatus
from catalog.vocabulary import ModerationStatus


def _product(status, live):
    return SimpleNamespace(moderation_status=status, live=live)


@pytest.mark.parametrize(
    ("decision", "product", "holds"),
    [
        ("approved", _product(ModerationStatus.APPROVED, True), True),
        ("approved", _product(ModerationStatus.APPROVED, False), False),  # unpublished meanwhile
        ("approved", _product(ModerationStatus.SUBMITTED, True), False),  # a new edit waits
        ("rejected", _product(ModerationStatus.REJECTED, True), True),
        ("rejected", _product(ModerationStatus.APPROVED, True), False),  # approved after all
        ("unpublished", _product(ModerationStatus.APPROVED, False), True),
        ("unpublished", _product(ModerationStatus.APPROVED, True), False),  # published again
    ],
)
def test_a_product_decision_is_e_mailed_while_it_holds(decision, product, holds):
    assert emails.still_true(product, decision) is holds


def _application(status, edition_status=EditionStatus.DRAFT):
    return SimpleNamespace(status=status, edition=SimpleNamespace(status=edition_status))


@pytest.mark.parametrize(
    ("outcome", "application", "holds"),
    [
        ("accepted", _application(ApplicationStatus.ACCEPTED), True),
        ("accepted", _application(ApplicationStatus.REJECTED), False),
        ("rejected", _application(ApplicationStatus.REJECTED), True),
        ("published", _application(ApplicationStatus.ACCEPTED, EditionStatus.PUBLISHED), True),
        ("published", _application(ApplicationStatus.ACCEPTED, EditionStatus.DRAFT), False),
        ("published", _application(ApplicationStatus.REJECTED, EditionStatus.PUBLISHED), False),
    ],
)
def test_an_edition_outcome_is_e_mailed_while_it_holds(outcome, application, holds):
    assert edition_emails.still_true(application, outcome) is holds
