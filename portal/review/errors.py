"""A service's refusal, and the form mixin that shows it.

Every service refuses a rule the same way: it raises a subclass of ``ServiceError`` whose
``str()`` is a translated message for the person at the form, and whose ``field`` names the
form field the message is about, when there is one (``OrganisationError``, ``ProductError``,
``EditionError``, ``SubmissionError``, ``PrivacyError`` all derive from it). A form with
``ServiceErrorFormMixin`` shows it beside that field, or at the top when the form has no such
field. ``take_posted`` is a member page's POST of such a form (``portal.review.admin.take_form``
is the staff pages' own), and ``form_status`` the status of the page that shows it again (400 after
a POST, as the staff pages answer); ``take_action`` is a POST with no form (a button), whose refusal is
a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect


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


class StaleVersion(ServiceError):
    """The record changed since the form was rendered (a newer save from another tab or a colleague).

    ``latest_version`` is what a deliberate second save of the kept input names to replace the
    newer one (``VersionedFormMixin.rebase``); ``None`` when the page must be opened again first.
    """

    def __init__(self, message, *, latest_version: int | None = None):
        super().__init__(message)
        self.latest_version = latest_version


def add_service_error(form, exc: ServiceError) -> None:
    """Put a service's refusal on ``form``: beside ``exc.field`` when the form has it, else at the top."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


class ServiceErrorFormMixin:
    """For a Django form: ``form.add_service_error(exc)`` (see ``add_service_error``)."""

    def add_service_error(self, exc: ServiceError) -> None:
        add_service_error(self, exc)


def take_posted(request, form, call, *, done, success_url, refused: type[Exception] = ServiceError):
    """A member page's form when it was posted and is valid: ``call(form)``, the ``done`` message and
    a redirect to ``success_url`` (``done`` and ``success_url`` are values, or functions of what
    ``call`` returned).

    ``None`` when the page is to be shown again: a GET, an invalid form, or the service's refusal
    (a ``refused``), put on the form beside its field. The view renders it::

        return take_posted(request, form, call, done=..., success_url=...) or render(request, ...)
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form)
        except refused as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return None


def form_status(request) -> int:
    """The status of a member page that shows its form again (``take_posted`` returned ``None``): 400
    once the form was posted (it has errors, or the service refused it, said beside its field), 200 for
    a GET. A stale version's 409 is the view's own::

        return take_posted(...) or render(request, template, context, status=form_status(request))
    """
    return 400 if request.method == "POST" else 200


def take_action(request, call, *, done, refused: type[Exception] = ServiceError) -> bool:
    """A posted button with no form (a member's or staff's): ``call()``, then the ``done`` message (a
    value, or a function of what ``call`` returned), or the refusal (a ``refused``) as an error
    message. Whether it was taken; the view redirects either way::

        take_action(request, lambda: services.withdraw(...), done=_("…"), refused=services.EditionError)
        return redirect(...)
    """
    try:
        result = call()
    except refused as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done(result) if callable(done) else done)
    return True
