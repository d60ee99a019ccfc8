"""Balanced, conflict-free assignment of judges to items: the plan, in plain Python (no Django).

``plan`` gives each item ``k`` judges (counting the judges it keeps), never a conflicted or
excluded one, keeping judges' loads within one of each other, preferring judges whose expertise
overlaps the item's tags. Deterministic: the same input gives the same plan.

1. Items are taken most constrained first (fewest eligible judges for the places they need,
   then by id). Each place goes to the eligible judge with the lowest load, then the largest
   overlap of expertise and tags, then the lowest id.
2. A repair pass then moves new assignments from the most to the least loaded judges while
   the spread exceeds one and such a move exists (the least loaded judge must be eligible for
   the item and not on it yet). Kept assignments never move.

An item that ends with fewer than ``k`` judges is reported with how many eligible judges it had.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Plan:
    #: ``(item_id, judge_id)`` pairs to create.
    new: list[tuple[int, int]] = field(default_factory=list)
    #: ``{judge_id: load}`` after the plan, kept assignments included.
    loads: dict[int, int] = field(default_factory=dict)
    #: ``{item_id: (judges it has, judges without a conflict it could have)}`` for items short of ``k``.
    uncovered: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def spread(self) -> int:
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


def plan(
    *,
    items: dict[int, set],
    judges: dict[int, set],
    k: int,
    conflicted: Callable[[int, int], bool],
    kept: dict[int, set] | None = None,
    excluded: dict[int, set] | None = None,
) -> Plan:
    """Plan the assignments of ``items`` (``{id: tags}``) to ``judges`` (``{id: expertise}``).

    ``kept``: ``{item_id: judge ids}`` already on an item (they count towards ``k`` and the
    loads); ``excluded``: ``{item_id: judge ids}`` who may not be put on it (recused).
    """
    kept = {item: set(found) for item, found in (kept or {}).items()}
    excluded = excluded or {}
    loads = dict.fromkeys(judges, 0)
    for found in kept.values():
        for judge in found:
            if judge in loads:
                loads[judge] += 1
    eligible = {
        item: {
            judge
            for judge in judges
            if judge not in kept.get(item, ()) and judge not in excluded.get(item, ()) and not conflicted(judge, item)
        }
        for item in items
    }
    need = {item: max(0, k - len(kept.get(item, ()))) for item in items}
    on_item = {item: set(kept.get(item, ())) for item in items}
    placed: dict[int, list[int]] = {judge: [] for judge in judges}
    result = Plan()
    for item in sorted(items, key=lambda i: (len(eligible[i]) - need[i], i)):
        tags = items[item]
        chosen = heapq.nsmallest(need[item], eligible[item], key=lambda j: (loads[j], -len(judges[j] & tags), j))
        for judge in chosen:
            loads[judge] += 1
            on_item[item].add(judge)
            placed[judge].append(item)
        if len(on_item[item]) < k:
            result.uncovered[item] = (len(on_item[item]), len(eligible[item]) + len(kept.get(item, ())))
    _rebalance(loads, placed, on_item, eligible)
    result.new = sorted((item, judge) for judge, placed_items in placed.items() for item in placed_items)
    result.loads = loads
    return result


def _rebalance(loads, placed, on_item, eligible) -> None:
    """Move new assignments from the most to the least loaded judges while that narrows the spread."""
    while loads:
        low = min(loads.values())
        moved = False
        for high in sorted(loads, key=lambda j: (-loads[j], j)):
            if loads[high] - low <= 1:
                break
            if _move_one(high, loads, placed, on_item, eligible):
                moved = True
                break
        if not moved:
            return


def _move_one(high, loads, placed, on_item, eligible) -> bool:
    """Move one of ``high``'s new items to a judge with a load at least two below ``high``'s."""
    for receiver in sorted(loads, key=lambda j: (loads[j], j)):
        if loads[high] - loads[receiver] <= 1:
            return False
        for item in placed[high]:
            if receiver in eligible[item] and receiver not in on_item[item]:
                placed[high].remove(item)
                placed[receiver].append(item)
                on_item[item].discard(high)
                on_item[item].add(receiver)
                loads[high] -= 1
                loads[receiver] += 1
                return True
    return False
