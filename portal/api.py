"""The portal's JSON API: one NinjaAPI, one OpenAPI document at ``/api/v1/openapi.json``.

Each domain app owns a ``ninja.Router`` in its own ``api.py`` and is mounted here. Endpoints
are read-only views of what the public pages show (the same ``queries`` functions, the same
visibility rules); translated fields follow Accept-Language.
"""

from django.http import Http404
from ninja import NinjaAPI, Router

api = NinjaAPI(
    title="BCI Industry Alliance Portal API",
    version="1",
    description="Read-only access to the portal's public data.",
    urls_namespace="api",
    # The interactive docs page loads scripts from a CDN, which the CSP (and many networks) forbid.
    docs_url=None,
)

#: (URL prefix, dotted path of a ninja Router). Apps add their line here.
ROUTERS = [
    ("/cases/", "cases.api.router"),
    ("/editions/", "catalog.api_editions.router"),
    ("/products/", "catalog.api.router"),
    ("/search/", "search.api.router"),
]

for prefix, router in ROUTERS:
    api.add_router(prefix, router)

#: Mounted last: any other path under the API (an ID beyond a 64-bit integer, which the <id:…>
#: converter does not match, a typo) is ninja's JSON 404, as documented, not the site's HTML page.
unmatched = Router(tags=["errors"])


@unmatched.api_operation(
    ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], "/{path:rest}", include_in_schema=False
)
def not_found(request, rest: str):
    raise Http404


api.add_router("", unmatched)
