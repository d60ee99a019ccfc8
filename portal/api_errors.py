"""The JSON API's error responses, described in its OpenAPI document.

django-ninja answers an unknown ID (``Http404``) with ``{"detail": "Not Found"}`` and invalid
parameters with 422 and ``{"detail": [{"type", "loc", "msg", "ctx"?}, ...]}`` (pydantic's
errors without the input), but documents neither: clients and schema-driven tests (schemathesis)
saw every 404 and 422 as undocumented. Each operation declares them with ``responses()``.
Kept apart from ``portal.api`` (which imports the apps' routers) so routers can import it.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class NotFoundOut(Schema):
    """No public object has this ID (or it is not public)."""

    detail: str = Field(examples=["Not Found"])


class ValidationIssue(Schema):
    type: str = Field(description="pydantic's error type, e.g. int_parsing, greater_than_equal, literal_error")
    loc: list[str | int] = Field(description='Where: the source ("path", "query") then the parameter name')
    msg: str
    ctx: dict[str, Any] | None = Field(None, description="The limit that was not met, when there is one")


class ValidationErrorOut(Schema):
    """A path or query parameter is not valid (not a number, out of range, not one of the values)."""

    detail: list[ValidationIssue]


def responses(ok, *, not_found: bool = False, invalid: bool = True) -> dict:
    """``response=`` for an operation: ``ok`` for 200, plus the errors it can answer."""
    codes = {200: ok}
    if not_found:
        codes[404] = NotFoundOut
    if invalid:
        codes[422] = ValidationErrorOut
    return codes
