"""``make bench`` for the catalogue: the 10,000-product data set and the page resolvers.

``seed_products`` runs after ``load_demo`` (``SEEDS`` in bench/pages.py) and adds enough
published products, spread over the whole vocabulary and a few hundred enterprises, for
the catalogue to hold ``BENCH_PRODUCTS`` in all. It writes with ``bulk_create`` (no
revisions: the public pages read only the published row) and sets the facet masks itself.

Resolvers are listed in bench/pages.py, which bench/run.py imports once Django is set up.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from catalog.models import Product
from catalog.queries import public_enterprises
from catalog.vocabulary import (
    ApplicationField,
    BCIType,
    ElectrodeType,
    ModerationStatus,
    ProductFunction,
    RegulatoryClass,
    RegulatoryMilestone,
    SignalModality,
)
from portal.db import analyze
from portal.listing.choices import choice_mask
from portal.models import Organisation
from portal.organisations.models import OrganisationKind, VerificationStatus

BENCH_PRODUCTS = 10_000
BENCH_ENTERPRISES = 300
BATCH = 1000


def seed_products(total: int = BENCH_PRODUCTS) -> dict:

    missing = total - Product.objects.count()
    if missing <= 0:
        return {"products": Product.objects.count(), "created": 0}
    rng = random.Random(10_000)  # noqa: S311 - reproducible benchmark data, not security
    now = timezone.now()
    with transaction.atomic():
        Organisation.objects.bulk_create(
            [
                Organisation(
                    slug=f"bench-enterprise-{i:03d}",
                    kind=OrganisationKind.ENTERPRISE,
                    name_zh=f"基准测试脑机科技{i:03d}有限公司",
                    name_en=f"Bench Neurotech {i:03d} Co., Ltd.",
                    verification_status=VerificationStatus.VERIFIED,
                    verified_at=now,
                )
                for i in range(BENCH_ENTERPRISES)
            ],
            ignore_conflicts=True,
        )
        organisations = list(
            Organisation.objects.filter(slug__startswith="bench-enterprise-").values_list("pk", flat=True)
        )

        def sample(choices, most: int) -> list[str]:
            return rng.sample(list(choices.values), rng.randint(1, most))

        products = []
        for n in range(missing):
            regulatory_class = rng.choice(RegulatoryClass.values)
            functions = sample(ProductFunction, 2)
            fields = sample(ApplicationField, 3)
            milestones = [] if regulatory_class == RegulatoryClass.NON_MEDICAL else sample(RegulatoryMilestone, 3)
            digit = {"class_ii": "2", "class_iii": "3"}.get(regulatory_class)
            published = now - timedelta(minutes=n)
            products.append(
                Product(
                    organisation_id=rng.choice(organisations),
                    name_zh=f"基准脑机产品{n:05d}",
                    name_en=f"Bench BCI product {n:05d}",
                    model_number=f"BX-{n:05d}",
                    summary_zh="用于性能基准测试的虚构产品。",
                    summary_en="A fictional product for the performance benchmark.",
                    description_zh="基准测试数据。",
                    description_en="Benchmark data.",
                    bci_type=rng.choice(BCIType.values),
                    signal_modality=rng.choice(SignalModality.values),
                    electrode_type=rng.choice(ElectrodeType.values),
                    functions=functions,
                    application_fields=fields,
                    milestones=milestones,
                    functions_mask=choice_mask(ProductFunction, functions),
                    application_fields_mask=choice_mask(ApplicationField, fields),
                    milestones_mask=choice_mask(RegulatoryMilestone, milestones),
                    regulatory_class=regulatory_class,
                    registration_number=f"国械注准2025{digit}07{n % 10000:04d}" if digit else "",
                    channels=rng.choice([1, 2, 4, 8, 16, 32, 64, 128]),
                    sampling_rate_hz=rng.choice([250, 500, 1000, 2000]),
                    wireless=rng.random() < 0.7,
                    battery_hours=Decimal(rng.randint(2, 40)),
                    weight_g=rng.randint(10, 5000),
                    release_date=date(2022, 1, 1) + timedelta(days=rng.randint(0, 1500)),
                    live=True,
                    first_published_at=published,
                    last_published_at=published,
                    moderation_status=ModerationStatus.APPROVED,
                )
            )
        Product.objects.bulk_create(products, batch_size=BATCH)

    analyze(Product, Organisation)
    return {"products": Product.objects.count(), "created": missing}


# --- resolvers -------------------------------------------------------------------------


def _reverse(name: str, language: str, query: str = "", **kwargs) -> str:

    with translation.override(language):
        return reverse(name, kwargs=kwargs or None) + query


def product_list_with_facets(language: str = "zh-hans"):
    def resolve() -> str:
        return _reverse("catalog:product_list", language, "?type=non_invasive&modality=eeg")

    resolve.description = f"catalogue list, filtered by two facets ({language})"
    return resolve


def product_list_multi_select(language: str = "zh-hans"):
    """Several values in two multi-valued facets, a third facet, another sort, page 3."""

    def resolve() -> str:
        query = "?function=motor_control&function=speech&field=medical&field=rehabilitation&regulatory=class_ii"
        return _reverse("catalog:product_list", language, query + "&sort=newest&page=3")

    resolve.description = f"catalogue list, multi-select facets, sorted, page 3 ({language})"
    return resolve


def first_product(language: str = "zh-hans"):
    def resolve() -> str | None:

        product = Product.objects.public().order_by("pk").first()
        return product and _reverse("catalog:product_detail", language, pk=product.pk)

    resolve.description = f"first public product ({language})"
    return resolve


def compare_four(language: str = "zh-hans"):
    def resolve() -> str | None:

        ids = list(Product.objects.public().order_by("-pk").values_list("pk", flat=True)[:4])
        if not ids:
            return None
        return _reverse("catalog:compare", language, "?" + "&".join(f"p={pk}" for pk in ids))

    resolve.description = f"compare the last four public products ({language})"
    return resolve


def busiest_enterprise(language: str = "zh-hans", *, url_name: str = "catalog:enterprise_detail"):
    """The page ``url_name`` (the catalogue's enterprise page, or the organisation's own page with its
    products panel) of the enterprise with the most products."""

    def resolve() -> str | None:
        organisation = public_enterprises().annotate(n=Count("products")).filter(n__gt=0).order_by("-n", "slug").first()
        return organisation and _reverse(url_name, language, slug=organisation.slug)

    resolve.description = f"{url_name} of the enterprise with the most products ({language})"
    return resolve


def products_api():
    def resolve() -> str:
        return "/api/v1/products/?function=motor_control&field=rehabilitation&sort=released"

    resolve.description = "products JSON API, two facets"
    return resolve
