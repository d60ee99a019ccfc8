"""Two-sided lists between organisations: what the user's organisations received and sent, by status.

Meeting requests and programme applications are both listed this way on the member dashboard:
two boxes (tabs) with their counts, a filter per status with its count, a page of rows.
``count_by_status`` counts every box and status in one query; ``choose`` reads the box and the
status from the query string (anything unknown falls back); ``list_context`` is what the list
templates take (``templates/incubator/_boxes.html`` draws the tabs and the filter). The boxes are
named ``received`` and ``sent``; a model's ``Sides`` say which of its fields name the organisation
that received a row and the one that sent it, and read the user's rows, boxes and counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q

from portal.models import Membership

PER_PAGE = 25
RECEIVED, SENT = "received", "sent"


def organisations_of(user):
    """The ids of ``user``'s organisations (a subquery)."""
    return Membership.objects.filter(user=user).values("organisation_id")


@dataclass(frozen=True)
class Sides:
    """A two-sided model: ``received`` and ``sent`` name the fields of the organisation that received a
    row and of the one that sent it; ``boxes`` is the order of the tabs on the page."""

    received: str
    sent: str
    boxes: tuple[str, str] = (RECEIVED, SENT)

    def of(self, user) -> dict[str, Q]:
        """Each box's rows among those of ``user``'s organisations, in the tabs' order."""
        mine = organisations_of(user)
        fields = {RECEIVED: self.received, SENT: self.sent}
        return {box: Q(**{f"{fields[box]}__in": mine}) for box in self.boxes}

    def either(self, user) -> Q:
        """Rows to or from one of ``user``'s organisations."""
        sides = self.of(user)
        return sides[SENT] | sides[RECEIVED]

    def box(self, rows, user, box: str, status: str | None = None):
        """The ``rows`` in ``user``'s ``box`` (of ``status`` only, when given), newest first."""
        found = rows.filter(self.of(user)[box])
        if status:
            found = found.filter(status=status)
        return found.order_by("-created_at", "-pk")

    def counts(self, rows, user, statuses) -> dict[str, dict[str, int]]:
        """``{box: {status: n, "all": n}}`` of ``rows`` for both boxes, in one query (zeros for a visitor)."""
        if not getattr(user, "is_authenticated", False):
            return {box: {"all": 0, **dict.fromkeys(statuses, 0)} for box in self.boxes}
        return count_by_status(rows, self.of(user), statuses)


def count_by_status(queryset, sides: Mapping[str, Q], statuses) -> dict[str, dict[str, int]]:
    """``{box: {status: n, "all": n}}`` for each box (its rows: ``sides[box]``), in one query."""
    aggregates = {}
    for box, where in sides.items():
        aggregates[f"{box}__all"] = Count("pk", filter=where)
        for status in statuses:
            aggregates[f"{box}__{status}"] = Count("pk", filter=where & Q(status=status))
    counted = queryset.aggregate(**aggregates)
    return {
        box: {key.split("__", 1)[1]: counted.get(key, 0) for key in aggregates if key.startswith(f"{box}__")}
        for box in sides
    }


def choose(request, boxes, *, default: str, statuses) -> tuple[str, str | None]:
    """The box and the status the query string asks for: ``default`` and no status for anything else."""
    box = request.GET.get("box")
    status = request.GET.get("status")
    return (box if box in boxes else default), (status if status in statuses else None)


def list_context(request, rows, *, box: str, status: str | None, counts: dict, choices) -> dict:
    """The list page's context: the boxes (tabs, in ``counts``' order) and the chosen one, the status
    filter with counts, a page of ``rows``."""
    return {
        "tabs": [(name, counted["all"]) for name, counted in counts.items()],
        "box": box,
        "status": status,
        "page_obj": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "counts": counts,
        "box_counts": counts[box],
        "statuses": [(value, label, counts[box][value]) for value, label in choices],
    }
