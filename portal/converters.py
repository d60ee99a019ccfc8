"""Path converters of the project's URLs, and the matching type for the JSON API's path IDs.

``<id:…>`` replaces Django's ``int`` converter in every URL pattern of the project (a test walks
the URL conf). ``int`` matches any run of digits, and a number that does not fit a database
integer column (a signed 64-bit ``bigint``) reached the query: SQLite's driver raised
``OverflowError`` (a 500) where PostgreSQL answered 404. ``id`` matches only what a column
can hold, so a longer number is no match, i.e. a 404, before any view runs.

The JSON API mounts the same converter in its paths (``"/{id:product_id}/"``) and annotates
the parameter with ``ApiId``, which validates (a 422 for anything the converter would let
through) and documents the bounds in the OpenAPI schema.

``<token:…>`` matches the alphabet of ``secrets.token_urlsafe`` (letters, digits, ``-``, ``_``) up to
the 64 characters a token column holds: a NUL byte in the path reached the lookup before, which
PostgreSQL refuses (``DataError``, a 500); now such a path is no match, a 404.

Importing this module registers the converters: every URL module that uses ``<id:…>`` or
``<token:…>`` imports it first.
"""

from __future__ import annotations

from django.urls import register_converter
from ninja import Path

#: The largest value of a signed 64-bit integer column (PostgreSQL ``bigint``, SQLite ``INTEGER``).
MAX_ID = 2**63 - 1


class IdConverter:
    """Digits that fit a database integer column, written once (no leading zero: ``/products/01/`` is
    not a second URL of product 1, which the page cache would store again); anything else does not
    match (404)."""

    regex = "0|[1-9][0-9]*"

    def to_python(self, value: str) -> int:
        number = int(value)  # a ValueError (more digits than Python converts) is no match too
        if number > MAX_ID:
            raise ValueError(f"{value} does not fit a 64-bit integer column")
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")


class TokenConverter:
    """A URL-safe token (invitation links); anything else does not match (404)."""

    regex = "[-A-Za-z0-9_]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(TokenConverter, "token")

#: A path ID of the JSON API (use it with ``{id:name}`` in the route).
ApiId = Path[int, {"ge": 1, "le": MAX_ID}]

#: A path slug of the JSON API (Django's ``SlugField`` alphabet, lower case as the models store it):
#: anything else is a 422 that names the pattern, not a query for a slug that cannot exist.
ApiSlug = Path[str, {"pattern": r"^[-a-z0-9_]+$", "max_length": 100}]
