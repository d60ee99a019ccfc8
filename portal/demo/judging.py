"""The demo's judging kit, shared by the apps whose demo has a panel (the typical-case selection, the competition).

``ensure_rubric`` makes a rubric from its TOML table (found by its Chinese name), ``ensure_judge``
a judge's account from a ``[[judges]]`` row (``key``, ``name``, ``role``; optional
``organisation``, ``address``, ``preferred_language``, ``expertise``, ``bio``), and
``while_scoring`` runs a scorecard's service as on a working day of the panel's window, and
``seeded_score`` invents a plausible score: an item's quality (seeded by its key) plus the judge's
bias and a little noise (seeded by item, judge and criterion), so every run scores alike.
The random numbers are invented demo data, never anything secret.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from portal.demo import clock
from portal.demo.registry import DemoContext
from portal.demo.users import DemoUser, ensure_account
from portal.judging.models import Criterion, JudgeProfile, Rubric
from portal.judging.validators import normalise_tags
from portal.models import User


def ensure_rubric(context: DemoContext, spec: dict) -> Rubric:
    """The rubric ``spec`` describes (``name_zh``, ``name_en``, ``[[criteria]]`` with a string ``weight``)."""
    rubric = Rubric.objects.filter(name_zh=spec["name_zh"]).first()
    context.record("rubric", rubric is None)
    if rubric is None:
        rubric = Rubric.objects.create(name_zh=spec["name_zh"], name_en=spec["name_en"])
        for order, row in enumerate(spec["criteria"]):
            Criterion.objects.create(rubric=rubric, order=order, **row | {"weight": Decimal(row["weight"])})
    return rubric


def ensure_judge(context: DemoContext, row: dict) -> User:
    """A judge's demo account (listed with the demo logins) and, when the row has ``expertise``, their profile."""
    spec = DemoUser(
        row["key"],
        row["name"],
        row["role"],
        organisation=row.get("organisation", ""),
        preferred_language=row.get("preferred_language", "zh-hans"),
        address=row.get("address", ""),
    )
    user = ensure_account(context, spec)
    if "expertise" in row:
        defaults = {"expertise": normalise_tags(row["expertise"]), "public_bio": row.get("bio", "")}
        _profile, created = JudgeProfile.objects.get_or_create(user=user, defaults=defaults)
        context.record("judge profile", created)
    return user


def seeded_score(item_key: str, judge_key, criterion: Criterion, bias: float) -> Decimal:
    """A whole score in ``criterion``'s range: the item's quality (4.5-9 of 10) + ``bias`` + noise (±1)."""
    quality = random.Random(item_key).uniform(4.5, 9.0)  # noqa: S311 - invented demo scores, not security
    noise = random.Random(f"{item_key}:{judge_key}:{criterion.order}").uniform(-1.0, 1.0)  # noqa: S311
    span = criterion.max_score - criterion.min_score
    value = criterion.min_score + (quality + bias + noise) * span / 10
    return Decimal(str(round(min(max(value, criterion.min_score), criterion.max_score))))


def while_scoring(panel, key: str):
    """Run a scorecard's service ``back_then`` (``portal.demo.clock``): on a working day since ``panel``'s
    scoring opened, at an hour chosen by ``key``; not when the demo is loaded (133 scorecards submitted
    in one second at 02:09 in the night)."""
    now = timezone.now()
    days = max(1, (clock.last_working_day(now) - clock.day_at(panel.scoring_opens_at, clock.OPENS).date()).days)
    moment = clock.some_day_before(now, within=days, key=key)
    return clock.back_then(max(moment, panel.scoring_opens_at))


def seeded_fraction(key: str) -> float:
    """A number in [0, 1) that depends only on ``key`` (which scorecards a demo judge has submitted, which comment)."""
    return random.Random(key).random()  # noqa: S311 - invented demo choices, not security
