"""The case services' refusals (``portal.review.errors.ServiceError``)."""

from portal.review.errors import ServiceError


class SubmissionError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message (``field``: the form field)."""


class SubmissionConflict(SubmissionError):
    """The submission changed since the form was rendered.

    ``latest_version`` is what a deliberate second save of the kept input names to replace the
    newer one (``VersionedForm.rebase``); ``None`` when the page must be opened again first.
    """

    def __init__(self, message, *, latest_version: int | None = None):
        super().__init__(message)
        self.latest_version = latest_version
