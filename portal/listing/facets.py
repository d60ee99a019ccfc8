"""Facet types of a listing: what a visitor can filter a list by, each knowing how to filter and count.

* ``ChoiceFacet`` — a single-valued column with a fixed vocabulary (BCI type...);
* ``MaskFacet`` — a multi-valued list (functions...) through its ``<field>_mask`` column
  (``portal.listing.choices``): a row matches when it has *any* selected value;
* ``YearFacet`` — the year of a date column (a case's start year), read from the data;
* ``GroupedFacet`` — values found through a relation (enterprises, institutions, editions),
  counted with one grouped query (all of a listing's in one, ``counting.count_grouped_together``).

Choice, mask and year facets are *scanned*: ``portal.listing.counting`` counts every option of
all of them in one aggregate query. Several values of one facet are OR-ed, different facets
AND-ed. Values come from a URL, so each facet says which it ``accepts`` (anything else is
dropped before it reaches SQL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import CharField, Count, F, Q
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThan

from portal.db import by_name, english_name_key
from portal.i18n import is_english
from portal.listing.choices import choice_bit, choice_mask

SLUG = re.compile(r"[-a-z0-9]{1,80}")
YEAR = re.compile(r"(19|20)[0-9]{2}")


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


@dataclass(frozen=True)
class ChoiceFacet:
    """A single-valued field with a fixed vocabulary (a ``TextChoices``)."""

    param: str
    field: str
    choices: type
    label: str

    scanned = True  # counted in the one scan
    groups = False  # the scan's GROUP BY (only a YearFacet)

    def accepts(self, value: str) -> bool:
        return value in self.choices.values

    def ordered(self, values) -> list[str]:
        return [value for value in self.choices.values if value in values]

    def q(self, values, model) -> Q:
        return Q(**{f"{self.field}__in": values})

    def column(self, model) -> str:
        """The column the scan reads (in its ``p`` subquery)."""
        return model._meta.get_field(self.field).column

    def sql(self, column: str, values) -> tuple[str, list]:
        """``q()`` as SQL over ``column`` of the scan's subquery."""
        return f"{column} IN ({_placeholders(values)})", list(values)

    def option_sql(self, column: str, value) -> tuple[str, list]:
        return f"{column} = %s", [value]

    def option_values(self) -> list:
        """The values the scan counts, one ``COUNT`` each."""
        return list(self.choices.values)

    def value_label(self, value: str):
        """How a reader reads a chosen value (``Listing.chosen``): its vocabulary's label."""
        return self.choices(value).label

    def options(self, counts: dict) -> list[dict]:
        """``[{"value", "label", "count"}]`` from the scan's counts for this facet: every choice, in order."""
        return [
            {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in self.choices.choices
        ]


@dataclass(frozen=True)
class MaskFacet(ChoiceFacet):
    """A multi-valued list (``functions``...), filtered and counted through its ``<field>_mask`` column."""

    def q(self, values, model) -> Q:
        return Q(GreaterThan(F(self.column(model)).bitand(choice_mask(self.choices, values)), 0))

    def column(self, model) -> str:
        return f"{self.field}_mask"

    def sql(self, column: str, values) -> tuple[str, list]:
        return f"({column} & %s) > 0", [choice_mask(self.choices, values)]

    def option_sql(self, column: str, value) -> tuple[str, list]:
        return f"({column} & %s) > 0", [choice_bit(self.choices, value)]


@dataclass(frozen=True)
class YearFacet:
    """The year of a date field: the scan groups its counts by year (one row per year)."""

    param: str
    field: str
    label: str

    scanned = True
    groups = True
    #: The name of the year in the scan's subquery.
    alias = "y"

    def accepts(self, value: str) -> bool:
        return bool(YEAR.fullmatch(value))

    def ordered(self, values) -> list[str]:
        return sorted(values)

    def q(self, values, model) -> Q:
        # One ``__year`` lookup per value: a range on the date column, which its index serves.
        return reduce(or_, (Q(**{f"{self.field}__year": int(value)}) for value in values))

    def column(self, model) -> str:
        return self.alias

    def sql(self, column: str, values) -> tuple[str, list]:
        return f"{column} IN ({_placeholders(values)})", [int(value) for value in values]

    def option_values(self) -> list:
        return []  # counted per row of the GROUP BY, not per option

    def value_label(self, value: str):
        return value

    def options(self, counts: dict) -> list[dict]:
        """The years with rows, latest first."""
        return [
            {"value": str(year), "label": str(year), "count": counts[year]} for year in sorted(counts, reverse=True)
        ]


@dataclass(frozen=True)
class GroupedFacet:
    """Values found through a relation, counted with one grouped query.

    ``field`` is the lookup that holds the value (a slug, a year); ``labels`` the two lookups
    of its Chinese and English names. ``to_many``: the lookup crosses a to-many relation and
    a row may match several selected values, so the filter goes through a subquery and the
    counts are distinct (a listing taking one value per facet can leave it ``False``: a join
    on one value cannot list a row twice). ``limit``: show only the values with the most rows
    (and the selected ones), so the page stays small however many there are. ``pattern``:
    the values a URL may ask for.
    """

    param: str
    field: str
    labels: tuple[str, str]
    label: str
    to_many: bool = False
    limit: int | None = None
    pattern: re.Pattern = SLUG

    scanned = False
    groups = False

    def accepts(self, value: str) -> bool:
        return bool(self.pattern.fullmatch(value))

    def ordered(self, values) -> list[str]:
        return sorted(values)

    def q(self, values, model) -> Q:
        lookup = Q(**{f"{self.field}__in": values})
        if self.to_many:
            return Q(pk__in=model._default_manager.filter(lookup).values("pk"))
        return lookup

    def count(self, rows, selected=()) -> list[tuple[str, str, str, int]]:
        """``[(value, name_zh, name_en, n)]`` over the queryset ``rows``, by the Chinese name (pinyin,
        ``portal.db.by_name``): both languages, so one entry serves both. With a ``limit``, only the
        values with the most rows (and the selected ones), still by name (``top``)."""
        counted = self.grouped(rows).order_by(by_name(self.labels[0]).asc(), F(self.field).asc())
        return self.top([(str(value), label_zh, label_en, n) for value, label_zh, label_en, n in counted], selected)

    def top(self, counted: list, selected=()) -> list:
        """``counted`` (every value with rows, in name order) cut to the ``limit`` values with the most
        rows, equal counts in name order, and the selected ones (kept, so that they can be unselected).

        In Python rather than SQL: the grouped query has counted every value anyway, and a few
        hundred rows cost less to send than a second sort and a window over them; so a limited
        facet can share ``counting.count_grouped_together``'s one query.
        """
        if not self.limit:
            return counted
        chosen = set(selected)
        ranked = sorted(range(len(counted)), key=lambda i: (counted[i][0] not in chosen, -counted[i][3], i))
        return [counted[i] for i in sorted(ranked[: self.limit + len(chosen)])]

    def grouped(self, rows, *, as_text: bool = False):
        """``rows`` grouped by value: ``(value, name_zh, name_en, n)``, unordered. ``as_text``: the
        value as text, named ``facet_value`` (a ``UNION`` of facets whose values are slugs and years)."""
        name_zh, name_en = self.labels
        rows = rows.filter(**{f"{self.field}__isnull": False})
        value = self.field
        if as_text:
            rows, value = rows.annotate(facet_value=Cast(self.field, CharField())), "facet_value"
        return (
            rows.values_list(value, name_zh, name_en)
            # COUNT(*) on a to-one relation: the count needs no column of the rows, so PostgreSQL
            # can read a covering index instead of the table.
            .annotate(n=Count("pk", distinct=True) if self.to_many else Count("*"))
        )

    def value_label(self, value: str):
        """The value itself: its names are in the data (``Listing.chosen`` reads none)."""
        return value

    def options(self, counts: list) -> list[dict]:
        """The options of ``count()``'s rows, labelled in the active language (Chinese when no English)."""
        english = is_english()
        options = [
            {"value": value, "label": (label_en if english and label_en else label_zh), "count": n}
            for value, label_zh, label_en, n in counts
        ]
        if self.limit:
            # The most rows first; equal counts stay in the page's name order: ``count``'s (pinyin)
            # on a Chinese page, the English names A to Z on an English one.
            key = (lambda o: (-o["count"], english_name_key(o["label"]))) if english else (lambda o: -o["count"])
            options = sorted(options, key=key)
        return options
