"""Counting a listing's facets in a fixed number of queries, whatever the rows or the selection.

Each facet counts the rows matching the *other* facets' selections, so a visitor sees what
each choice would give. Every option of the scanned facets (choice, mask, year) and the total
come from **one** aggregate query (``count_in_one_scan``); the grouped facets from one more
(``count_grouped_together``).
"""

from __future__ import annotations

from django.db import connections
from django.db.models import CharField, F, Q, Value, Window
from django.db.models.functions import ExtractYear, RowNumber

from portal.db import by_name


def selections(facets, selected: dict, model) -> dict[str, Q]:
    """``{param: Q}`` of each selected facet."""
    return {facet.param: facet.q(selected[facet.param], model) for facet in facets if facet.param in selected}


def others(by_param: dict[str, Q], param: str | None) -> Q:
    """Every selection but ``param``'s, AND-ed (``None``: all of them)."""
    q = Q()
    for other, condition in by_param.items():
        if other != param:
            q &= condition
    return q


def count_facets(facets, selected: dict, base) -> dict:
    """The total, the scanned facets' ``{param: {value: n}}`` and the grouped facets' ``count()`` rows.

    ``base`` is the queryset of every row the list may show (a search already applied).
    """
    model = base.model
    by_param = selections(facets, selected, model)
    grouped = [facet for facet in facets if not facet.scanned]
    # The grouped facets' selections restrict every scanned count.
    scope = base.filter(*(by_param[facet.param] for facet in grouped if facet.param in by_param))
    counted = count_in_one_scan(facets, selected, scope)
    rows = {facet.param: base.filter(others(by_param, facet.param)) for facet in grouped}
    if len(grouped) > 1:
        counted.update(count_grouped_together(grouped, rows, selected))
    else:
        counted.update(
            {facet.param: facet.count(rows[facet.param], selected.get(facet.param, [])) for facet in grouped}
        )
    return counted


def count_grouped_together(facets, rows: dict, selected: dict | None = None) -> dict:
    """Each grouped facet's ``count()`` rows, of the queryset ``rows[param]``, in one ``UNION ALL``.

    Each branch numbers its groups in the facet's order (``ROW_NUMBER()`` over the Chinese
    name in pinyin order, then the value, as ``count()`` orders them); a facet with a ``limit``
    keeps its top values and the ``selected[param]`` ones (``GroupedFacet.top``).
    """
    selected = selected or {}
    branches = []
    for facet in facets:
        name_zh = facet.labels[0]
        branches.append(
            facet.grouped(rows[facet.param], as_text=True)
            .annotate(
                facet=Value(facet.param, output_field=CharField()),
                position=Window(RowNumber(), order_by=[by_name(name_zh).asc(), F("facet_value").asc()]),
            )
            .order_by()
        )
    first, *rest = branches
    found = {facet.param: [] for facet in facets}
    for value, label_zh, label_en, n, param, position in first.union(*rest, all=True):
        found[param].append((position, (str(value), label_zh, label_en, n)))
    return {
        facet.param: facet.top([row for _position, row in sorted(found[facet.param])], selected.get(facet.param, []))
        for facet in facets
    }


def _where(parts) -> tuple[str, list]:
    sql = " AND ".join(f"({part_sql})" for part_sql, _params in parts) or "1 = 1"
    return sql, [param for _sql, params in parts for param in params]


def count_in_one_scan(facets, selected: dict, rows) -> dict:
    """The total and every option count of the scanned facets, in one query.

    ``rows`` already applies the grouped facets' selections. Each count is
    ``COUNT(*) FILTER (WHERE <other facets' selections> AND <option>)`` over the rows' facet
    columns, written as SQL directly: building the same ~50 filtered aggregates with the ORM
    costs more time than running them. With a year facet the scan is grouped by year: a
    year's row gives that year's count, the other counts are summed over the years. Bitwise
    ``&`` and ``FILTER`` work alike on PostgreSQL and SQLite (3.30+).
    """
    scanned = [facet for facet in facets if facet.scanned]
    grouping = next((facet for facet in scanned if facet.groups), None)
    model = rows.model
    if grouping is not None:
        rows = rows.annotate(**{grouping.alias: ExtractYear(grouping.field)})
    inner_sql, inner_params = rows.values(*(facet.column(model) for facet in scanned)).query.sql_with_params()
    quote = connections[rows.db].ops.quote_name
    columns = {facet.param: "p." + quote(facet.column(model)) for facet in scanned}
    conditions = {
        facet.param: facet.sql(columns[facet.param], selected[facet.param])
        for facet in scanned
        if facet.param in selected
    }

    def but(param):
        return [condition for other, condition in conditions.items() if other != param]

    counted = [("total", list(conditions.values()))]
    if grouping is not None:
        counted.append((grouping.param, but(grouping.param)))
    counted += [
        ((facet.param, value), [*but(facet.param), facet.option_sql(columns[facet.param], value)])
        for facet in scanned
        for value in facet.option_values()
    ]
    filters, params = [], []
    for _key, parts in counted:
        sql, where_params = _where(parts)
        filters.append(f"COUNT(*) FILTER (WHERE {sql})")
        params.extend(where_params)
    group = f"p.{quote(grouping.alias)}, " if grouping is not None else ""
    # Only quoted column names and placeholders are interpolated; every value is a parameter.
    statement = f"SELECT {group}{', '.join(filters)} FROM ({inner_sql}) AS p"  # noqa: S608
    if grouping is not None:
        statement += f" GROUP BY p.{quote(grouping.alias)}"
    with connections[rows.db].cursor() as cursor:
        cursor.execute(statement, [*params, *inner_params])
        found = cursor.fetchall()
    return _summed([key for key, _parts in counted], found, scanned, grouping)


def _summed(keys, found, scanned, grouping) -> dict:
    result = {facet.param: {} for facet in scanned}
    result["total"] = 0
    for row in found:
        year, counts = (row[0], row[1:]) if grouping is not None else (None, row)
        for key, count in zip(keys, counts, strict=True):
            if key == "total":
                result["total"] += int(count)
            elif isinstance(key, str):  # the grouping facet: this row's year
                if year and count:
                    result[key][int(year)] = int(count)
            else:
                param, value = key
                result[param][value] = result[param].get(value, 0) + int(count)
    return result


def facet_rows(facets, counted: dict, selected: dict) -> list[dict]:
    """``[{"facet", "selected", "options"}]`` in the facets' order.

    Each option is ``{"value", "label", "count", "selected"}``.
    """
    rows = []
    for facet in facets:
        chosen = selected.get(facet.param, [])
        options = facet.options(counted[facet.param])
        for option in options:
            option["selected"] = option["value"] in chosen
        rows.append({"facet": facet, "selected": chosen, "options": options})
    return rows
