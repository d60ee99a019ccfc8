"""Explainable matchmaking, computed with numpy over whole columns (no database here).

Two kinds (``MatchKind``): a startup and an investor, a startup and a service platform (or
incubator, proof-of-concept programme). Each kind has **hard filters**, then a **weighted score**
over criteria, each criterion a number from 0 to 1::

    score = Σ weight(c) · criterion(c) / Σ weight(c)      (0 when every weight is 0)

Startup ↔ investor
    hard filters: the startup's stage is among the investor's stages; the startup's funding ask
    (CNY range) overlaps the investor's ticket range (a startup stating no ask is not suggested;
    an investor without a minimum starts at 0, without a maximum has none); at least one BCI type,
    function or application field in common.

    * ``focus``: Jaccard index of the two focus sets (BCI types, functions and application fields
      together): values in common / values in either;
    * ``stage``: Jaccard index of {the startup's stage} and the investor's stages, i.e. 1 / the
      number of the investor's stages (a specialist of the stage scores above a generalist);
    * ``ticket``: the share of the ask range inside the ticket range (1 when the ask sits wholly
      inside; an ask of one amount inside the range is 1);
    * ``trl``: the startup's technology readiness, (TRL − 1) / 8;
    * ``region``: 1 when the startup's region is among the investor's regions (a Shanghai startup
      is in Shanghai, the Yangtze River Delta and mainland China), else 0.

Startup ↔ platform
    hard filters: at least one of the startup's needs is served by one of the platform's services
    (``vocabulary.SERVICES_FOR_NEED``); the platform accepts applications.

    * ``needs``: the share of the startup's needs the platform serves;
    * ``services``: the share of the platform's services that answer one of the startup's needs
      (a platform focused on what the startup needs scores above a general one);
    * ``region``: 1 in the same region, 0.5 when both are in the Yangtze River Delta (Shanghai
      included), else 0.

Default weights (``DEFAULT_WEIGHTS``) apply to every criterion staff have not tuned
(``MatchWeight`` rows, 0–10). Ranking: score, then the lower organisation id first (scores are
compared at a precision of 10⁻⁶, so the order does not depend on floating-point noise).

Arrays: the profiles keep each multi-valued field as a bit mask (``*_mask``, a value's bit is its
position in the vocabulary); a startup's three focus masks are packed into one 64-bit integer
(BCI types in bits 0–15, functions 16–31, application fields 32–47), so a Jaccard index over
3,000 × 500 pairs is two ``&``/``|`` and two ``bitwise_count`` on a broadcast array.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import numpy as np
from django.utils.translation import gettext_lazy

from catalog.vocabulary import ApplicationField, BCIType, ProductFunction
from incubator.vocabulary import SERVICES_FOR_NEED, MatchKind, Need, PlatformService, Region, StartupStage
from portal.organisations import cities

INVESTOR = MatchKind.INVESTOR.value
PLATFORM = MatchKind.PLATFORM.value

INVESTOR_CRITERIA = ("focus", "stage", "ticket", "trl", "region")
PLATFORM_CRITERIA = ("needs", "services", "region")
CRITERIA = {INVESTOR: INVESTOR_CRITERIA, PLATFORM: PLATFORM_CRITERIA}

#: Weights used where staff have set none (``MatchWeight``): focus matters most, then stage and ticket.
DEFAULT_WEIGHTS = {
    INVESTOR: {"focus": 3.0, "stage": 2.0, "ticket": 2.0, "trl": 1.0, "region": 1.0},
    PLATFORM: {"needs": 3.0, "services": 1.0, "region": 1.0},
}
MAX_WEIGHT = 10

CRITERION_LABELS = {
    "focus": gettext_lazy("Focus"),
    "stage": gettext_lazy("Stage"),
    "ticket": gettext_lazy("Ticket size"),
    "trl": gettext_lazy("Technology readiness"),
    "region": gettext_lazy("Region"),
    "needs": gettext_lazy("Needs served"),
    "services": gettext_lazy("Platform focus"),
}

#: Bit offsets of the three focus vocabularies in the packed focus mask.
FOCUS_PARTS = ((BCIType, 0), (ProductFunction, 16), (ApplicationField, 32))
STAGES = list(StartupStage)
NEEDS = list(Need)
SERVICES = list(PlatformService)
REGIONS = list(Region)
SHANGHAI, DELTA, CHINA, ABROAD = (REGIONS.index(r) for r in Region)
#: The regions a place in each region lies in (a Shanghai startup is also in the delta and China).
REGION_SETS = np.array(
    [0b0111, 0b0110, 0b0100, 0b1000],  # shanghai, yangtze_delta, china, international
    dtype=np.int64,
)
#: For each need (by bit), the mask of the platform services that serve it.
NEED_SERVICES = np.array(
    [sum(1 << SERVICES.index(s) for s in SERVICES_FOR_NEED[need]) for need in NEEDS], dtype=np.int64
)
#: Cities of the Yangtze River Delta besides Shanghai, and those abroad, in both spellings.
DELTA_CITIES = cities.spellings(cities.DELTA)
ABROAD_CITIES = cities.spellings(cities.INTERNATIONAL)
SHANGHAI_NAMES = cities.spellings([cities.SHANGHAI])
PRECISION = 1_000_000


def region_of(city: str | None) -> int:
    """The region (index in ``Region``) of an organisation's city; an empty city is Shanghai (the default)."""
    name = cities.key(city or "")
    if not name or name in SHANGHAI_NAMES:
        return SHANGHAI
    if name in DELTA_CITIES:
        return DELTA
    if name in ABROAD_CITIES:
        return ABROAD
    return CHINA


def _mask(values, vocabulary) -> int:
    order = list(vocabulary.values)
    return sum(1 << order.index(v) for v in values or () if v in order)


def focus_mask(bci_types_mask: int, functions_mask: int, application_fields_mask: int) -> int:
    return int(bci_types_mask) | int(functions_mask) << 16 | int(application_fields_mask) << 32


def _amount(value) -> float:
    return np.nan if value is None else float(value)


# --- the arrays ---------------------------------------------------------------------------------


def _ints(records, key: str) -> np.ndarray:
    return np.array([r[key] for r in records], dtype=np.int64)


def _amounts(records, key: str) -> np.ndarray:
    """Amounts as floats, NaN where not stated."""
    return np.array([_amount(r[key]) for r in records], dtype=np.float64)


def _regions(records) -> np.ndarray:
    """The region (``region_of``) of each record's city."""
    return np.array([region_of(r.get("city")) for r in records], dtype=np.int64)


def _focus(records) -> np.ndarray:
    """The packed focus masks (``focus_mask``) of records with the three focus columns."""
    return np.array(
        [focus_mask(r["bci_types_mask"], r["functions_mask"], r["application_fields_mask"]) for r in records],
        dtype=np.int64,
    )


class _Columns:
    """Profiles as columns of a dataclass (one numpy array per field, one entry per organisation in ``ids``)."""

    @classmethod
    def from_records(cls, records) -> Self:
        """From dicts with the profile's columns (``id`` = the organisation's), any order."""
        records = sorted(records, key=lambda r: r["id"])
        return cls(ids=_ints(records, "id"), **cls._columns(records))

    @staticmethod
    def _columns(records) -> dict[str, np.ndarray]:
        """The columns but ``ids``, of ``records`` in ``ids``' order."""
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, index) -> Self:
        """The same columns, of the entries at ``index``."""
        return type(self)(**{name: getattr(self, name)[index] for name in self.__dataclass_fields__})


@dataclass
class Startups(_Columns):
    """One entry per startup, in ascending ``ids`` (the tie-break order)."""

    ids: np.ndarray
    stage: np.ndarray  # index in StartupStage
    trl: np.ndarray
    ask_min: np.ndarray  # float, NaN when not stated
    ask_max: np.ndarray
    focus: np.ndarray  # packed focus mask
    needs: np.ndarray
    region: np.ndarray  # index in Region

    @staticmethod
    def _columns(records) -> dict[str, np.ndarray]:
        stage_index = {s.value: n for n, s in enumerate(STAGES)}
        return {
            "stage": np.array([stage_index[r["stage"]] for r in records], dtype=np.int64),
            "trl": _ints(records, "trl"),
            "ask_min": _amounts(records, "ask_min_cny"),
            "ask_max": _amounts(records, "ask_max_cny"),
            "focus": _focus(records),
            "needs": _ints(records, "needs_mask"),
            "region": _regions(records),
        }


@dataclass
class Investors(_Columns):
    ids: np.ndarray
    stages: np.ndarray  # mask over StartupStage
    ticket_min: np.ndarray  # float, NaN when not stated
    ticket_max: np.ndarray
    focus: np.ndarray
    regions: np.ndarray  # mask over Region

    @staticmethod
    def _columns(records) -> dict[str, np.ndarray]:
        return {
            "stages": _ints(records, "stages_mask"),
            "ticket_min": _amounts(records, "ticket_min_cny"),
            "ticket_max": _amounts(records, "ticket_max_cny"),
            "focus": _focus(records),
            "regions": _ints(records, "regions_mask"),
        }


@dataclass
class Platforms(_Columns):
    ids: np.ndarray
    services: np.ndarray  # mask over PlatformService
    accepts: np.ndarray  # bool
    region: np.ndarray

    @staticmethod
    def _columns(records) -> dict[str, np.ndarray]:
        return {
            "services": _ints(records, "services_mask"),
            "accepts": np.array([bool(r["accepts_applications"]) for r in records], dtype=bool),
            "region": _regions(records),
        }


# --- criteria -----------------------------------------------------------------------------------


def _popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values).astype(np.float64)


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.zeros(np.broadcast_shapes(part.shape, whole.shape)), where=whole > 0)


def investor_criteria(s: Startups, i: Investors) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``(passes, criteria)`` for every startup (rows) × investor (columns); each criterion in 0–1."""
    n, m = len(s), len(i)
    with np.errstate(invalid="ignore", over="ignore"):
        common = s.focus[:, None] & i.focus[None, :]
        union = s.focus[:, None] | i.focus[None, :]
        focus = _share(_popcount(common), _popcount(union))
        in_stages = (i.stages[None, :] >> s.stage[:, None]) & 1 == 1
        stage = np.broadcast_to(_share(np.ones(m), _popcount(i.stages))[None, :], (n, m))
        ask_lo = np.where(np.isnan(s.ask_min), s.ask_max, s.ask_min)[:, None]
        ask_hi = np.where(np.isnan(s.ask_max), s.ask_min, s.ask_max)[:, None]
        ticket_lo = np.nan_to_num(i.ticket_min, nan=0.0)[None, :]
        ticket_hi = np.where(np.isnan(i.ticket_max), np.inf, i.ticket_max)[None, :]
        overlap = np.minimum(ask_hi, ticket_hi) - np.maximum(ask_lo, ticket_lo)
        overlaps = overlap >= 0  # False where the startup states no ask (NaN)
        width = ask_hi - ask_lo
        ticket = np.where(
            overlaps,
            np.where(
                width > 0, np.clip(np.divide(overlap, width, out=np.zeros_like(overlap), where=width > 0), 0, 1), 1.0
            ),
            0.0,
        )
    trl = np.broadcast_to(((s.trl - 1) / 8.0)[:, None], (n, m))
    region = ((REGION_SETS[s.region][:, None] & i.regions[None, :]) != 0).astype(np.float64)
    passes = in_stages & overlaps & (common != 0)
    return passes, {"focus": focus, "stage": stage, "ticket": ticket, "trl": trl, "region": region}


def served_needs(services: np.ndarray) -> np.ndarray:
    """For each platform, the mask of the needs (``Need`` bits) its services serve."""
    served = np.zeros_like(services)
    for bit, wanted in enumerate(NEED_SERVICES):
        served |= ((services & wanted) != 0).astype(np.int64) << bit
    return served


def needed_services(needs: np.ndarray) -> np.ndarray:
    """For each startup, the mask of the platform services that answer one of its needs."""
    needed = np.zeros_like(needs)
    for bit, services in enumerate(NEED_SERVICES):
        needed |= np.where((needs >> bit) & 1 == 1, services, 0)
    return needed


def platform_criteria(s: Startups, p: Platforms) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``(passes, criteria)`` for every startup (rows) × platform (columns)."""
    served = s.needs[:, None] & served_needs(p.services)[None, :]
    needs = _share(_popcount(served), _popcount(s.needs)[:, None])
    answering = p.services[None, :] & needed_services(s.needs)[:, None]
    services = _share(_popcount(answering), _popcount(p.services)[None, :])
    same = s.region[:, None] == p.region[None, :]
    in_delta = (s.region[:, None] <= DELTA) & (p.region[None, :] <= DELTA)
    region = np.where(same, 1.0, np.where(in_delta, 0.5, 0.0))
    passes = (served != 0) & p.accepts[None, :]
    return passes, {"needs": needs, "services": services, "region": region}


def combine(criteria: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """The weighted mean of the criteria (0 everywhere when every weight is 0)."""
    total = float(sum(weights.values()))
    shape = next(iter(criteria.values())).shape
    score = np.zeros(shape)
    if total <= 0:
        return score
    for name, values in criteria.items():
        weight = float(weights.get(name, 0))
        if weight:
            score += (weight / total) * values
    return score


def top_n(score: np.ndarray, passes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For each column, its best ``n`` rows: ``(index, valid)``, both ``(n, columns)``.

    Best = highest score (to 10⁻⁶), then the lowest row (rows are in ascending id). Rows failing
    the hard filters are never chosen: where a column has fewer than ``n`` passing rows, the
    remaining places are ``valid == False``.

    Only the passing pairs are ranked (the hard filters leave a fraction of them): each becomes
    one integer, column · (10⁶ + 1) + (10⁶ − score) then the row, and one sort of those integers
    orders every column at once.
    """
    rows, cols = score.shape
    n = min(n, rows)
    index = np.zeros((n, cols), dtype=np.int64)
    valid = np.zeros((n, cols), dtype=bool)
    if n == 0:
        return index, valid
    col, row = np.nonzero(passes.T)
    quantised = np.rint(score[row, col] * PRECISION).astype(np.int64)
    key = np.sort((col * (PRECISION + 1) + (PRECISION - quantised)) * rows + row)
    row, col = key % rows, key // rows // (PRECISION + 1)
    rank = np.arange(len(key)) - np.searchsorted(col, np.arange(cols))[col]
    kept = rank < n
    index[rank[kept], col[kept]] = row[kept]
    valid[rank[kept], col[kept]] = True
    return index, valid


def weights_for(kind: str, rows=()) -> dict[str, float]:
    """The defaults overridden by staff's ``(criterion, weight)`` rows of ``kind``."""
    weights = dict(DEFAULT_WEIGHTS[kind])
    for criterion, weight in rows:
        if criterion in weights:
            weights[criterion] = float(weight)
    return weights
