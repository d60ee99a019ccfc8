"""A service's refusal, and the form mixin that shows it.

Every service refuses a rule the same way: it raises a subclass of ``ServiceError`` whose
``str()`` is a translated message for the person at the form, and whose ``field`` names the
form field the message is about, when there is one (``OrganisationError``, ``ProductError``,
``EditionError``, ``SubmissionError``, ``PrivacyError`` all derive from it). A form with
``ServiceErrorFormMixin`` shows it beside that field, or at the top when the form has no such
field.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A business rule refused the action. ``str(exc)`` is a translated message for the user.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


def add_service_error(form, exc: ServiceError) -> None:
    """Put a service's refusal on ``form``: beside ``exc.field`` when the form has it, else at the top."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


class ServiceErrorFormMixin:
    """For a Django form: ``form.add_service_error(exc)`` (see ``add_service_error``)."""

    def add_service_error(self, exc: ServiceError) -> None:
        add_service_error(self, exc)
