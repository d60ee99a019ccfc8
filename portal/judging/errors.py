"""The judging engine's refusal (a ``ServiceError``: its ``str()`` is a translated message)."""

from portal.review.errors import ServiceError


class JudgingError(ServiceError):
    """A judging rule refused the action (a conflict, a closed window, a stale scorecard…)."""
