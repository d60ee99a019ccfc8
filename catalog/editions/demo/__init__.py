"""Demo editions for ``manage.py load_demo`` (``editions.toml``): the published 2025 edition and the open 2026 call,
and the news of that call (``news.toml``), which names the call's dates as loaded.

Runs after the catalogue's demo products and finds them by stable keys (organisation slug and
model number), never by primary key; a product that is missing or not published is skipped.
A published edition is frozen with ``catalog.editions.entries.freeze_entries`` (as publication
does) but without the e-mails and export tasks a real publication queues. Idempotent: editions
are found by year and applications by (edition, product).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from catalog.editions.entries import freeze_entries
from catalog.editions.models import ApplicationStatus, Edition, EditionApplication, EditionStatus
from catalog.models import Product
from portal.demo import clock, data
from portal.demo.registry import DemoContext

EDITIONS = data.read(Path(__file__).with_name("editions.toml"))["editions"]
#: The news of the open call, under the portal's news index (its texts name ``{closes}``).
NEWS = data.read(Path(__file__).with_name("news.toml"))["pages"]
EDITION_FIELDS = ("title_zh", "title_en", "intro_zh", "intro_en", "call_opens_at", "call_closes_at")


def _product(slug: str, model_number: str) -> Product | None:
    return (
        Product.objects.public()
        .select_related("organisation")
        .filter(organisation__slug=slug, model_number=model_number)
        .first()
    )


def load(context: DemoContext) -> None:
    for row in EDITIONS:
        if "published_at" in row:
            _published(context, row)
        else:
            _news(context, _open_call(context, row))


def _news(context: DemoContext, edition: Edition) -> None:
    """The call's news, with the dates the edition has (moved to the loading day when it was created)."""
    opened = timezone.localtime(edition.call_opens_at, clock.SHANGHAI).date()
    data.ensure_news(context, NEWS, values={"closes": clock.in_words(edition.call_closes_at)}, date=opened)


def _edition(context, row: dict, **values) -> Edition:
    defaults = {name: row[name] for name in EDITION_FIELDS} | values
    edition, created = Edition.objects.get_or_create(year=row["year"], defaults=defaults)
    context.record("edition", created)
    return edition


def _application(
    context: DemoContext, edition: Edition, product: Product, *, statement: str, proposed_category: str, **values
) -> None:
    """The product's application to the edition (its organisation's), unless it has one; ``values`` as decided."""
    defaults = {"organisation": product.organisation, "statement": statement, "proposed_category": proposed_category}
    _, created = EditionApplication.objects.get_or_create(edition=edition, product=product, defaults=defaults | values)
    context.record("edition application", created)


def _published(context: DemoContext, row: dict) -> None:
    """Accepted applications frozen into entries, as publication does (without its e-mails and exports)."""
    edition = _edition(context, row, status=EditionStatus.REVIEW)
    if edition.status == EditionStatus.PUBLISHED:
        return
    entries = row["entries"]
    for entry in entries["products"]:
        product = _product(entry["organisation"], entry["model_number"])
        if product is None:
            slug, model_number = entry["organisation"], entry["model_number"]
            context.log(f"{row['year']} edition: {slug}/{model_number} is not a published demo product; skipped")
            continue
        _application(
            context,
            edition,
            product,
            statement=entries["statement"],
            proposed_category=entry["category"],
            status=ApplicationStatus.ACCEPTED,
            category=entry["category"],
            rationale_zh=entry["rationale_zh"],
            rationale_en=entry["rationale_en"],
            submitted_at=entries["submitted_at"],
            reviewed_at=entries["reviewed_at"],
        )
    freeze_entries(edition, now=row["published_at"])
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.PUBLISHED, published_at=row["published_at"])


def _open_call(context: DemoContext, row: dict) -> Edition:
    """An edition whose call is open on the day the demo is loaded, with applications waiting for staff."""
    now = timezone.now()
    edition = _edition(
        context,
        row,
        call_opens_at=min(row["call_opens_at"], clock.day_at(now - timedelta(days=1), clock.OPENS)),
        call_closes_at=max(row["call_closes_at"], clock.day_at(now + timedelta(days=60), clock.CLOSES)),
        status=EditionStatus.OPEN,
    )
    for application in row["applications"]:
        product = _product(application["organisation"], application["model_number"])
        if product is None:
            continue
        _application(
            context,
            edition,
            product,
            statement=application["statement"],
            proposed_category=application["proposed_category"],
            submitted_at=clock.some_day_before(now, within=14, key=f"{application['model_number']}:applied"),
        )
    return edition
