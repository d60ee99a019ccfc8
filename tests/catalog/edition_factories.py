"""Factories for recommended-catalogue editions."""

from datetime import timedelta

import factory
from django.utils import timezone

from catalog.editions.models import Edition, EditionApplication, EditionStatus, RecommendationCategory
from tests.catalog.factories import PublishedProductFactory


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition whose call is open now (status ``open``)."""

    class Meta:
        model = Edition

    year = factory.Sequence(lambda n: 2100 + n)
    title_zh = factory.LazyAttribute(lambda o: f"{o.year} 年度非侵入式脑机接口创新产品推荐目录")
    title_en = factory.LazyAttribute(lambda o: f"{o.year} Recommended Catalogue of Non-invasive BCI Products")
    intro_zh = "<p>联盟推荐的非侵入式脑机接口创新产品。</p>"
    intro_en = "<p>Innovative non-invasive BCI products recommended by the alliance.</p>"
    call_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    call_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    status = EditionStatus.OPEN


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionApplication

    edition = factory.SubFactory(EditionFactory)
    product = factory.SubFactory(PublishedProductFactory)
    organisation = factory.LazyAttribute(lambda o: o.product.organisation)
    statement = "干电极，佩戴方便，已在三所学校试用。"
    proposed_category = RecommendationCategory.EDUCATION


def published_edition(*, year: int, products=None, category=RecommendationCategory.EDUCATION) -> Edition:
    """A published edition recommending ``products`` (one new published product by default).

    Frozen as ``publish`` does, without its e-mails and export tasks (for bench and fixtures).
    """
    from catalog.editions.models import ApplicationStatus
    from catalog.editions.services import freeze_entries

    edition = EditionFactory(year=year, status=EditionStatus.REVIEW)
    for product in products or [PublishedProductFactory()]:
        ApplicationFactory(
            edition=edition, product=product, status=ApplicationStatus.ACCEPTED, category=category, rationale_zh="推荐"
        )
    now = timezone.now()
    freeze_entries(edition, now=now)
    edition.status, edition.published_at = EditionStatus.PUBLISHED, now
    edition.save(update_fields=["status", "published_at"])
    return edition
