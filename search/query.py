"""The backend-neutral query and result shapes that both engines speak."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language

from search.analysis import ParsedQuery, parse_query

SORTS = ("relevance", "newest")


def current_language() -> str:
    """The index language of the active language: English documents for English, Chinese otherwise."""
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


@dataclass
class SearchQuery:
    """What to look for.

    ``audiences``: the audiences the viewer holds (search.permissions.audiences_for);
    ``None`` means everything (staff). ``types`` narrows to document types (the tabs),
    ``filters`` to facet values (facet name -> accepted values).
    """

    text: str = ""
    language: str = "zh-hans"
    types: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    audiences: frozenset[str] | None = frozenset({"public"})
    #: Types left out of every count and hit: the search page's for this viewer (``declarations.hidden_from``).
    hidden_types: tuple[str, ...] = ()

    def __post_init__(self):
        self.parsed: ParsedQuery = parse_query(self.text)
        if self.sort not in SORTS:
            self.sort = "relevance"
        self.page = max(1, min(int(self.page or 1), 1000))
        self.per_page = max(1, min(int(self.per_page or 10), 50))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    doc_type: str
    object_id: str
    language: str
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> around matches
    date: object = None
    score: float = 0.0


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    type_counts: dict[str, int]
    suggestion: str = ""
    engine: str = "database"
    fallback: bool = False  # Elasticsearch was down: the database engine answered
    truncated: bool = False

    @property
    def keys(self) -> set[tuple[str, str]]:
        return {(hit.doc_type, hit.object_id) for hit in self.hits}
