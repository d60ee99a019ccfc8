"""The judging engine's refusals (``ServiceError``\\ s: their ``str()`` is a translated message)."""

from portal.review.errors import ServiceError, StaleVersion


class JudgingError(ServiceError):
    """A judging rule refused the action (a conflict, a closed window, a stale scorecard…)."""


class ScorecardUnavailable(JudgingError):
    """No save of the scorecard is taken now, whatever was typed: the panel's scoring window is not
    open, or the scorecard is submitted and locked. The page answers 409 (the request conflicts with
    the scorecard's state) and shows what was typed again; what was typed itself is refused with 400."""


class StaleScorecard(ScorecardUnavailable, StaleVersion):
    """The scorecard was saved elsewhere since the form was shown (409, the input kept);
    ``latest_version`` is the one a deliberate second save replaces."""
