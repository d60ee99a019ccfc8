"""The case services' refusals (``portal.review.errors.ServiceError``)."""

from portal.review.errors import ServiceError, StaleVersion


class SubmissionError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message (``field``: the form field)."""


class SubmissionConflict(SubmissionError, StaleVersion):
    """The submission changed since the form was rendered."""
