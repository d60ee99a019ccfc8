"""The JSON API's error responses, described in its OpenAPI document.

django-ninja answers an unknown ID (``Http404``) with ``{"detail": "Not Found"}`` and invalid
parameters with 422 and ``{"detail": [{"type", "loc", "msg", "ctx"?}, ...]}`` (pydantic's
errors without the input), but documents neither: clients and schema-driven tests (schemathesis)
saw every 404 and 422 as undocumented. Each operation declares them with ``responses()``.
Kept apart from ``portal.api`` (which imports the apps' routers) so routers can import it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema


class NotFoundOut(Schema):
    """No public object has this ID (or it is not public)."""

    detail: str = Field(examples=["Not Found"])


class PageNotFoundOut(Schema):
    """A list's page beyond its last: the reason, and the number of its pages."""

    detail: str = Field(examples=["There is no page 9: the last page is 2"])
    pages: int = Field(description="The list's last page (1 for an empty list)")


class PageOutOfRange(Exception):
    """Raised by a list endpoint for a page beyond its last; answered with ``PageNotFoundOut`` (``portal.api``)."""

    def __init__(self, page: int, pages: int):
        super().__init__(page, pages)
        self.page = page
        self.pages = pages

    def answer(self) -> dict:
        message = _("There is no page %(page)s: the last page is %(pages)s")
        return {"detail": str(message) % {"page": self.page, "pages": self.pages}, "pages": self.pages}


class ValidationIssue(Schema):
    type: str = Field(
        description="pydantic's error type, e.g. int_parsing, greater_than_equal, literal_error (a value the "
        "parameter's enum does not list), string_pattern_mismatch"
    )
    loc: list[str | int] = Field(description='Where: the source ("path", "query") then the parameter name')
    msg: str = Field(description="The reason, in the request's language")
    ctx: dict[str, Any] | None = Field(
        None, description="The limit that was not met, when there is one (e.g. the allowed values)"
    )


class ValidationErrorOut(Schema):
    """A path or query parameter is not valid (not a number, out of range, not one of the values)."""

    detail: list[ValidationIssue]


#: The reasons of the errors the API's parameters give, by pydantic's error ``type`` (``msg`` is
#: pydantic's English otherwise), formatted with the error's ``ctx``.
REASONS = {
    "enum": _("Not one of the allowed values: %(expected)s"),
    "literal_error": _("Not one of the allowed values: %(expected)s"),
    "int_parsing": _("Not a whole number"),
    "int_from_float": _("Not a whole number"),
    "greater_than_equal": _("Must be at least %(ge)s"),
    "less_than_equal": _("Must be at most %(le)s"),
    "string_pattern_mismatch": _("Does not match the pattern %(pattern)s"),
    "string_too_long": _("At most %(max_length)s characters"),
}


def location(loc) -> list:
    """``[source, parameter]`` as documented: ninja leaves the name of a ``Query[Schema]`` argument
    and a list item's index in some errors (``["query", "params", "type", 0]``)."""
    loc = list(loc)
    while len(loc) > 2 and isinstance(loc[-1], int):
        loc.pop()
    if len(loc) == 3 and loc[0] in ("query", "path"):
        loc = [loc[0], loc[2]]
    return loc


def translated(issue: dict) -> dict:
    """``issue`` (one entry of a 422's ``detail``) with its ``msg`` in the active language, when known."""
    issue = {**issue, "loc": location(issue.get("loc", ()))}
    reason = REASONS.get(issue.get("type"))
    if reason is None:
        return issue
    try:
        return {**issue, "msg": str(reason) % (issue.get("ctx") or {})}
    except (KeyError, TypeError, ValueError):
        return issue


def responses(ok, *, not_found: bool = False, paged: bool = False, invalid: bool = True) -> dict:
    """``response=`` for an operation: ``ok`` for 200, plus the errors it can answer.

    ``paged``: a list whose page beyond the last is a 404 (``PageNotFoundOut``).
    """
    codes = {200: ok}
    if not_found:
        codes[404] = NotFoundOut
    if paged:
        codes[404] = PageNotFoundOut
    if invalid:
        codes[422] = ValidationErrorOut
    return codes
