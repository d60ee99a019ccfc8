"""``make bench`` for cases: the 2,000-case data set and the page resolvers.

``seed_cases`` runs after ``load_demo`` (``SEEDS`` in bench/pages.py) and adds live
``CasePage``s under the Chinese case library until it holds ``BENCH_CASES``, spread over
the whole vocabulary, the demo hospitals and institutes and start years 2019-2026, each with
two outcome rows. Pages are added with treebeard (no revisions: the public pages read the
live rows). Resolvers are listed in bench/pages.py, which bench/run.py imports once Django is set up.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from cases import queries
from cases.models import CaseOutcome, CasePage
from cases.permissions import SUBMITTING_KINDS
from cases.vocabulary import Approach, BCIType, CaseFunction, CaseStatus, Indication, TrialPhase
from portal.db import analyze
from portal.models import Organisation

BENCH_CASES = 2_000


def seed_cases(total: int = BENCH_CASES) -> dict:

    index = queries.case_index("zh-hans")
    if index is None:
        return {"cases": 0, "created": 0}
    existing = CasePage.objects.child_of(index).count()
    missing = total - existing
    if missing <= 0:
        return {"cases": existing, "created": 0}
    rng = random.Random(2_000)  # noqa: S311 - reproducible benchmark data, not security
    institutions = list(Organisation.objects.verified().filter(kind__in=SUBMITTING_KINDS))
    now = timezone.now()
    with transaction.atomic():
        pages = []
        for n in range(missing):
            page = CasePage(
                title=f"基准案例{n:05d}",
                slug=f"bench-case-{n:05d}",
                summary=f"基准测试用的虚构案例 {n}。",
                bci_type=rng.choice(BCIType.values),
                approach=rng.choice(Approach.values),
                functions=rng.sample(CaseFunction.values, rng.randint(1, 2)),
                indications=rng.sample(Indication.values, rng.randint(1, 3)),
                phase=rng.choice(TrialPhase.values),
                enrolment=rng.randint(1, 60),
                start_date=date(2019, 1, 1) + timedelta(days=rng.randint(0, 8 * 365)),
                case_status=rng.choice(CaseStatus.values),
                consent_confirmed=True,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            index.add_child(instance=page)
            pages.append(page)
        # A ParentalManyToManyField is written by page.save(); the through table directly is faster.
        through = CasePage.institutions.through
        through.objects.bulk_create(
            through(casepage_id=page.pk, organisation_id=organisation.pk)
            for page in pages
            for organisation in rng.sample(institutions, min(len(institutions), rng.randint(1, 3)))
        )
        CaseOutcome.objects.bulk_create(
            CaseOutcome(page=page, sort_order=i, measure=f"指标{i}", time_frame="6个月", result="改善", value=i)
            for page in pages
            for i in range(2)
        )
    # Fresh statistics, as autovacuum would give a live site: without them PostgreSQL takes the
    # 2,000 new pages for a handful and plans the index's page of results as a nested loop over
    # the whole tree (~100 ms instead of ~2 ms).
    analyze(Page, CasePage, CasePage.institutions.through, CaseOutcome)
    return {"cases": existing + missing, "created": missing}


def case_index_with_facets(language: str = "zh-hans"):
    def resolve() -> str | None:

        index = queries.case_index(language)
        return index.url + "?type=invasive&indication=paralysis&sort=newest" if index else None

    resolve.description = f"case index, filtered by two facets ({language})"
    return resolve


def first_case(language: str = "zh-hans"):
    def resolve() -> str | None:

        case = CasePage.objects.live().filter(locale__language_code=language).order_by("path").first()
        return case.url if case else None

    resolve.description = f"first live case ({language})"
    return resolve


def busiest_institution(language: str = "zh-hans"):
    """The organisation page (with its cases panel) of the verified institution that most cases name."""

    def resolve() -> str | None:
        institution = (
            Organisation.objects.verified().annotate(n=Count("cases")).filter(n__gt=0).order_by("-n", "slug").first()
        )
        with translation.override(language):
            return institution and reverse("portal:organisation_detail", kwargs={"slug": institution.slug})

    resolve.description = f"organisation page of the institution most cases name ({language})"
    return resolve


def cases_api():
    def resolve() -> str:
        return "/api/v1/cases/?language=zh-hans&indication=paralysis"

    resolve.description = "cases API, filtered"
    return resolve
