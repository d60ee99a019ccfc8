"""The case services' refusals (``portal.review.errors.ServiceError``)."""

from portal.review.errors import ServiceError, StaleVersion


class SubmissionError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message (``field``: the form field)."""


class SubmissionConflict(SubmissionError, StaleVersion):
    """The submission changed since the form was rendered.

    ``latest_basis`` is the step's ``step_basis`` now: the page shown again carries it with
    ``latest_version``, so saving the kept input deliberately replaces the newer values.
    """

    def __init__(self, message, *, latest_version: int | None = None, latest_basis: str | None = None):
        super().__init__(message, latest_version=latest_version)
        self.latest_basis = latest_basis
