"""The portal's JSON API: one NinjaAPI, one OpenAPI document at ``/api/v1/openapi.json``.

Each domain app owns its ``ninja.Router``s and declares them in its own ``api.py`` as
``ROUTERS = {"/<prefix>/": router}``; they are found there (``portal.discovery``) and mounted
here in the order of their prefixes, so the document does not depend on ``INSTALLED_APPS``.
Endpoints are read-only views of what the public pages show (the same ``queries`` functions,
the same visibility rules); translated fields follow Accept-Language.
"""

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.translation import gettext
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError

from portal import discovery
from portal.api_errors import PageOutOfRange, translated

#: Mounted last: any other path under the API (an ID beyond a 64-bit integer, which the <id:…>
#: converter does not match, a typo) is ninja's JSON 404, as documented, not the site's HTML page.
unmatched = Router(tags=["errors"])


@unmatched.api_operation(
    ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], "/{path:rest}", include_in_schema=False
)
def not_found(request, rest: str):
    raise Http404


def routers() -> list[tuple[str, Router]]:
    """``(prefix, router)`` of every app's ``ROUTERS``, by prefix."""
    found: dict[str, Router] = {}
    for label, declared in discovery.declared("api", "ROUTERS"):
        for prefix, router in declared.items():
            if prefix in found:
                raise ImproperlyConfigured(f"{label}.api.ROUTERS: {prefix} is mounted by another app already")
            found[prefix] = router
    return sorted(found.items())


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="BCI Industry Alliance Portal API",
        version="1",
        description="Read-only access to the portal's public data.",
        urls_namespace="api",
        # The interactive docs page loads scripts from a CDN, which the CSP (and many networks) forbid.
        docs_url=None,
    )
    for prefix, router in routers():
        api.add_router(prefix, router)
    api.add_router("", unmatched)
    api.add_exception_handler(Http404, not_found_answer)
    api.add_exception_handler(ValidationError, invalid_answer)
    api.add_exception_handler(PageOutOfRange, page_out_of_range_answer)
    return api


def not_found_answer(request, exc):
    """The documented 404 (``NotFoundOut``) in the request's language, the same with DEBUG on: ninja's
    default appends the exception text there (``"Not Found: "``), which clients of the dev server then saw."""
    return api.create_response(request, {"detail": gettext("Not Found")}, status=404)


def invalid_answer(request, exc):
    """ninja's 422 (``ValidationErrorOut``) with each reason in the request's language."""
    return api.create_response(request, {"detail": [translated(issue) for issue in exc.errors]}, status=422)


def page_out_of_range_answer(request, exc):
    """A list's page beyond its last (``PageNotFoundOut``): the reason in the request's language."""
    return api.create_response(request, exc.answer(), status=404)


api = build_api()
