"""Judging factories: a rubric, a panel over organisations as subjects, and a test subject adapter.

The engine judges any model; the tests judge ``Organisation`` rows (they exist without pages or
other apps) through ``RecordedParties``, an adapter answering the parties each test sets.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from portal.judging import subjects
from portal.judging.models import Criterion, Item, JudgeProfile, Panel, PanelJudge, Rubric
from portal.organisations.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

_n = itertools.count(1)


class RecordedParties(subjects.SubjectAdapter):
    """Parties per subject id, as a test sets them (``adapter.parties_by_pk[org.pk] = Parties(...)``)."""

    def __init__(self):
        self.parties_by_pk = {}
        self.bulk_calls = 0

    def parties(self, subject):
        return self.parties_by_pk.get(subject.pk, subjects.Parties())

    def parties_for_many(self, found):
        self.bulk_calls += 1
        return {subject.pk: self.parties(subject) for subject in found}

    def label(self, subject, *, blind):
        return f"Subject {subject.pk}" if blind else str(subject.name)


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    name_zh = factory.Sequence(lambda n: f"评分标准{n}")
    name_en = factory.Sequence(lambda n: f"Rubric {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    order = factory.Sequence(lambda n: n)
    name_zh = factory.Sequence(lambda n: f"标准{n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal(1)
    min_score = 0
    max_score = 10


def rubric_with(*weights) -> Rubric:
    rubric = RubricFactory()
    for order, weight in enumerate(weights):
        CriterionFactory(rubric=rubric, order=order, weight=Decimal(str(weight)))
    return rubric


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    owner_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Rubric))
    owner_id = factory.LazyAttribute(lambda panel: panel.rubric.pk)
    title_zh = factory.Sequence(lambda n: f"评审组{n}")
    title_en = factory.Sequence(lambda n: f"Panel {n}")
    rubric = factory.LazyFunction(lambda: rubric_with(1, 1))
    judges_per_item = 3
    scoring_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    scoring_closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))


def judges(panel, count, *, expertise=(), domain="example.com"):
    """``count`` judges of ``panel`` (addresses at ``domain``)."""
    made = []
    for _i in range(count):
        user = UserFactory(email=f"judge{next(_n)}@{domain}")
        PanelJudge.objects.create(panel=panel, user=user)
        if expertise:
            JudgeProfile.objects.create(user=user, expertise=list(expertise))
        made.append(user)
    return made


def items(panel, count, *, tags=()):
    """``count`` items of ``panel``, each an organisation (made in one INSERT)."""
    start = Organisation.objects.count()
    organisations = Organisation.objects.bulk_create(
        Organisation(name_zh=f"受评机构{start + n}", slug=f"subject-{start + n}", kind="enterprise")
        for n in range(count)
    )
    subject_type = ContentType.objects.get_for_model(Organisation)
    return Item.objects.bulk_create(
        Item(panel=panel, subject_type=subject_type, subject_id=org.pk, tags=list(tags)) for org in organisations
    )


#: When the panels of ``single_assignment`` close: 2026-11-20 18:00:00 in Asia/Shanghai.
CLOSES = datetime.datetime(2026, 11, 20, 10, 0, 0, tzinfo=datetime.UTC)


def single_assignment(staff):
    """One judge on one item of a panel scored on two criteria (weights 2 and 1), open the week before ``CLOSES``."""
    from portal.judging import services

    panel = PanelFactory(
        judges_per_item=1,
        rubric=rubric_with(2, 1),
        scoring_opens_at=CLOSES - datetime.timedelta(days=7),
        scoring_closes_at=CLOSES,
    )
    return services.assign(actor=staff, item=items(panel, 1)[0], judge=judges(panel, 1)[0])


def open_scorecard(client, judge, assignment):
    """The judge's scorecard page for ``assignment``, as ``judge`` opens it (404 once it left them)."""
    client.force_login(judge)
    with translation.override("zh-hans"):
        return client.get(reverse("judging:scorecard", args=[assignment.pk]))


__all__ = ["OrganisationFactory", "UserFactory"]
