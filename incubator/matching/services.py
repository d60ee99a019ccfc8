"""Matchmaking's writes: dismissing a suggestion (and undoing it), staff's weights.

Keyword-only, one transaction each, the permission checked inside, a translated refusal
(``MatchingError``). Dismissing twice dismisses once; undoing what is not dismissed does nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from incubator.matching import permissions, scoring
from incubator.models import DismissedSuggestion, MatchWeight
from incubator.vocabulary import MatchKind
from portal.review.errors import ServiceError


class MatchingError(ServiceError):
    pass


def _check_pair(actor, organisation, other) -> None:
    if not permissions.suggestion_organisations(actor).filter(pk=organisation.pk).exists():
        raise MatchingError(_("Only members of a verified investor or startup organisation receive suggestions."))
    if not permissions.counterparts(organisation).filter(pk=other.pk).exists():
        raise MatchingError(_("This organisation is not one that could be suggested to yours."), field="other")


@transaction.atomic
def dismiss_suggestion(*, actor, organisation, other) -> DismissedSuggestion:
    """``other`` is no longer suggested to ``organisation`` (idempotent)."""
    _check_pair(actor, organisation, other)
    dismissed, _created = DismissedSuggestion.objects.get_or_create(
        organisation=organisation, other=other, defaults={"dismissed_by": actor}
    )
    return dismissed


@transaction.atomic
def restore_suggestion(*, actor, organisation, other) -> bool:
    """``other`` may be suggested to ``organisation`` again. Whether it had been dismissed."""
    _check_pair(actor, organisation, other)
    deleted, _by_model = DismissedSuggestion.objects.filter(organisation=organisation, other=other).delete()
    return bool(deleted)


@transaction.atomic
def set_weights(*, actor, weights: dict[tuple[str, str], Decimal]) -> int:
    """Staff's weights, ``{(kind, criterion): weight}`` (0–10). Returns how many changed."""
    if not permissions.can_tune_weights(actor):
        raise MatchingError(_("Only alliance staff change the matchmaking weights."))
    current = {(w.kind, w.criterion): w for w in MatchWeight.objects.select_for_update()}
    _require_a_weight_per_kind(current, weights)
    changed = 0
    for (kind, criterion), weight in weights.items():
        if criterion not in scoring.CRITERIA.get(kind, ()):
            raise MatchingError(_("Unknown matchmaking criterion: %(name)s.") % {"name": criterion})
        weight = Decimal(weight)
        if not Decimal(0) <= weight <= Decimal(scoring.MAX_WEIGHT):
            raise MatchingError(
                _("A weight is between 0 and %(max)s.") % {"max": scoring.MAX_WEIGHT}, field=f"{kind}__{criterion}"
            )
        row = current.get((kind, criterion))
        if row is None:
            if weight == Decimal(str(scoring.DEFAULT_WEIGHTS[kind][criterion])):
                continue
            MatchWeight.objects.create(kind=kind, criterion=criterion, weight=weight, updated_by=actor)
            changed += 1
        elif row.weight != weight:
            row.weight, row.updated_by = weight, actor
            row.save(update_fields=["weight", "updated_by", "updated_at"])
            changed += 1
    return changed


def _require_a_weight_per_kind(current: dict, weights: dict) -> None:
    """Every weight of a kind at 0 would score every suggestion 0 (their order meaningless): refused."""
    for kind, criteria in scoring.CRITERIA.items():
        if not any(_weight_after(kind, criterion, current, weights) for criterion in criteria):
            raise MatchingError(
                _(
                    "Give at least one criterion of “%(kind)s” a weight above 0: with every weight at 0, every "
                    "suggestion would score 0 and their order would mean nothing."
                )
                % {"kind": MatchKind(kind).label}
            )


def _weight_after(kind: str, criterion: str, current: dict, weights: dict) -> Decimal:
    """The weight of ``(kind, criterion)`` once ``weights`` are saved: given, else its row, else its default."""
    if (kind, criterion) in weights:
        return Decimal(weights[(kind, criterion)])
    row = current.get((kind, criterion))
    return row.weight if row is not None else Decimal(str(scoring.DEFAULT_WEIGHTS[kind][criterion]))
