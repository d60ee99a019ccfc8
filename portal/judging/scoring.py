"""The aggregation maths, in plain Python (no Django): a panel's scorecards in, each item's result out.

Definitions (docs/architecture.md, "Judging engine"):

* **A judge's total** for an item is the weighted mean of the criterion scores, each first put
  on a 0–100 scale (``100 × (value − min) / (max − min)``), so criteria of different ranges
  weigh only by their weight. A criterion left unscored (added to the rubric after the
  scorecard was submitted) is left out of that scorecard's mean.
* **Raw mean**: the mean of the judges' totals on the item (submitted scorecards only).
* **Normalised mean**: each judge's totals are standardised over that judge's scorecards in
  the panel, ``z = (total − judge's mean) / judge's standard deviation`` (population standard
  deviation); a judge with a single scorecard, or whose totals are all equal, has no spread to
  measure and contributes ``z = 0`` (neutral) to each item they scored. The item's normalised
  mean is the mean of its judges' z-scores. A harsh or lenient judge thus counts as much as any other.
* **Rank** by the chosen method (``raw`` or ``normalised``), highest first. **Tie-break**:
  normalised mean, then raw mean, then the number of scores (more first), then the item id
  (lower first), so every rank is distinct and the order is stable. Items without a submitted
  scorecard come last, unranked.
* **Disagreement**: the population standard deviation of the judges' totals on an item exceeds
  ``DISAGREEMENT_THRESHOLD`` (20 points, 20 % of the 0–100 scale); needs at least two scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import sqrt

#: Standard deviation of the judges' totals (0–100 scale) above which an item is flagged.
DISAGREEMENT_THRESHOLD = 20.0
SCALE = 100.0


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: float
    min_score: float
    max_score: float


@dataclass
class Aggregate:
    item_id: int
    #: ``[(judge_id, total, z)]``, by judge id.
    totals: list = field(default_factory=list)
    raw_mean: float | None = None
    normalised_mean: float | None = None
    spread: float | None = None
    disagreement: bool = False
    rank_raw: int | None = None
    rank_normalised: int | None = None

    @property
    def count(self) -> int:
        return len(self.totals)


def judge_total(values: dict, criteria: list[CriterionSpec]) -> float | None:
    """The weighted mean of ``values`` (``{criterion_id: score}``) on the 0–100 scale."""
    weighted = weights = 0.0
    for criterion in criteria:
        value = values.get(criterion.id)
        if value is None:
            continue
        width = criterion.max_score - criterion.min_score
        weighted += criterion.weight * SCALE * (float(value) - criterion.min_score) / width
        weights += criterion.weight
    return weighted / weights if weights else None


def mean(values) -> float:
    return sum(values) / len(values)


def pstdev(values) -> float:
    """Population standard deviation (0 for fewer than two values)."""
    if len(values) < 2:
        return 0.0
    centre = mean(values)
    return sqrt(sum((value - centre) ** 2 for value in values) / len(values))


def z_scores(totals_by_judge: dict[int, dict[int, float]]) -> dict[tuple[int, int], float]:
    """``{(judge_id, item_id): z}``: each judge's totals standardised over that judge's own totals."""
    found = {}
    for judge_id, totals in totals_by_judge.items():
        values = list(totals.values())
        centre, spread = mean(values), pstdev(values)
        for item_id, total in totals.items():
            found[(judge_id, item_id)] = (total - centre) / spread if spread > 0 else 0.0
    return found


def aggregate(
    cards: dict[tuple[int, int], dict], criteria: list[CriterionSpec], item_ids, *, threshold=DISAGREEMENT_THRESHOLD
) -> dict[int, Aggregate]:
    """``{item_id: Aggregate}`` from ``cards`` (``{(item_id, judge_id): {criterion_id: score}}``)."""
    by_judge: dict[int, dict[int, float]] = {}
    for (item_id, judge_id), values in cards.items():
        total = judge_total(values, criteria)
        if total is not None:
            by_judge.setdefault(judge_id, {})[item_id] = total
    z = z_scores(by_judge)
    results = {item_id: Aggregate(item_id) for item_id in item_ids}
    for judge_id in sorted(by_judge):
        for item_id, total in by_judge[judge_id].items():
            if item_id in results:
                results[item_id].totals.append((judge_id, total, z[(judge_id, item_id)]))
    for result in results.values():
        if result.totals:
            totals = [total for _judge, total, _z in result.totals]
            result.raw_mean = mean(totals)
            result.normalised_mean = mean([score for _judge, _total, score in result.totals])
            result.spread = pstdev(totals)
            result.disagreement = len(totals) >= 2 and result.spread > threshold
    rank(results.values())
    return results


def rank_key(result: Aggregate, method: str) -> tuple:
    """Sort key, best first: the method's mean, then the documented tie-break."""
    tie_break = (-result.normalised_mean, -result.raw_mean, -result.count, result.item_id)
    if method == "normalised":
        return tie_break
    return (-result.raw_mean, *tie_break)


def rank(results) -> None:
    """Set ``rank_raw`` and ``rank_normalised`` (1 = best) on the results that have scores."""
    scored = [result for result in results if result.totals]
    for method, attribute in (("raw", "rank_raw"), ("normalised", "rank_normalised")):
        for position, result in enumerate(sorted(scored, key=lambda r, m=method: rank_key(r, m)), 1):
            setattr(result, attribute, position)
