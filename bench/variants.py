"""What the bench measures: a page's request shapes (cached, uncached, plain, cold) and their figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from bench.pages import BenchPage

#: Sent with an uncached request: a session cookie bypasses the public page cache.
SESSION_COOKIE = "sessionid=x"


@dataclass
class Variant:
    """One measured request shape of one page."""

    page: BenchPage
    kind: str  # "cached" | "uncached" | "plain" | "cold"
    path: str | None = None
    skipped: str | None = None
    #: The session key of the signed-in user (``BenchPage.login``), made when the paths are resolved.
    session: str | None = None
    queries: int | None = None
    query_status: int | None = None
    query_error: str | None = None
    page_ms: dict | None = None
    bare_ms: dict | None = None
    ratio: dict | None = None
    statuses: dict = field(default_factory=dict)
    cache_headers: dict = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.page.login:
            return f"{self.page.name} [signed in]"
        return self.page.name if self.kind == "plain" else f"{self.page.name} [{self.kind}]"

    @property
    def cold(self) -> bool:
        """Every cache is emptied before each request (the first visitor after a publish)."""
        return self.kind == "cold"

    @property
    def cookie(self) -> str | None:
        if self.session:
            return f"{settings.SESSION_COOKIE_NAME}={self.session}"
        return SESSION_COOKIE if self.kind == "uncached" else None

    @property
    def headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie} if self.cookie else {}

    @property
    def budget_ratio(self) -> float:
        if self.kind == "cached":
            return self.page.max_cached_ratio
        return self.page.max_cold_ratio if self.cold else self.page.max_ratio

    @property
    def budget_queries(self) -> int | None:
        if self.kind == "cached":
            return None
        return self.page.max_cold_queries if self.cold else self.page.max_queries


def variants_for(pages: list[BenchPage]) -> list[Variant]:
    """Public pages cached and uncached, others plain; a page with a cold budget cold too."""
    variants = []
    for page in pages:
        kinds = ("cached", "uncached") if page.public else ("plain",)
        if page.max_cold_ratio is not None:
            kinds += ("cold",)
        variants.extend(Variant(page=page, kind=kind) for kind in kinds)
    return variants
