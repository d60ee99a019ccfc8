"""The portal's JSON API: one NinjaAPI, one OpenAPI document at ``/api/v1/openapi.json``.

Each domain app owns a ``ninja.Router`` in its own ``api.py`` and is mounted here. Endpoints
are read-only views of what the public pages show (the same ``queries`` functions, the same
visibility rules); translated fields follow Accept-Language.
"""

from ninja import NinjaAPI

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
