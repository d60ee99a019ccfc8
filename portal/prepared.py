"""Queries whose SQL is compiled once per process: each call binds its own values.

Compiling a queryset is most of what a small query costs in Django: a page's chrome rows (a
filter of three alternatives and two sub-queries) cost about 2 ms of CPU to compile and 0.4 ms
to run and read; a case page's related-case candidates about the same. With the caches emptied
(the first visitor after a publish) every page pays that again. ``rows`` compiles a queryset of
one *shape* once, for stand-ins of its values, and from then on runs that SQL with the stand-ins
replaced by each call's values in the parameters.

A shape is what the SQL depends on: its name, and the number of items of each list value
(``path__in=[…]`` has a parameter per item). Each value must reach the SQL as a parameter of its
own, unchanged: ``filter(pk=…)``, ``__in``, ``Value(…)`` (``url_path__startswith=Value(path)``
escapes the pattern in SQL). A lookup that rewrites its value (``__startswith`` with a plain
string adds ``%``; ``__icontains`` lowers it) would leave the stand-in nowhere in the
parameters, and is refused when the shape is compiled; so is a value written into the SQL
itself (the shape is compiled twice, for two sets of stand-ins, and the SQL must not change).

A compiled shape keeps the database alias its queryset chose when it was compiled. The portal
has one database and no router; with a router that picks a database per read (replicas), the
shape would keep reading from the first one chosen: key the shapes by alias before adding one.
"""

from __future__ import annotations

from collections import Counter

from django.db import connections

#: Compiled shapes, per process: ``(shape, lengths) -> (db, sql, params, slots, converters, model, fields)``.
_COMPILED: dict[tuple, tuple] = {}
#: How many lengths of a shape's lists are kept compiled, per shape name (``_KEPT``).
MAX_SHAPES_PER_NAME = 16
_KEPT: Counter = Counter()


def rows(shape: str, build, **values) -> list[tuple]:
    """The rows of ``build(**values)`` (a ``values_list`` queryset) as tuples, converted as Django would.

    ``values``: ints, strings, or lists or tuples of them. ``build`` is called only when the shape
    is compiled, with stand-ins in place of the values: it must build the query from its
    arguments alone (no other value that changes between calls).
    """
    return _run(_compiled(shape, build, values), values)


def instances(shape: str, build, **values) -> list:
    """``rows`` of ``build(**values)``, a queryset of a model (maybe annotated, no ``select_related``),
    as instances of the model: its columns, and each annotation as an attribute."""
    compiled = _compiled(shape, lambda **arguments: _all_columns(build(**arguments)), values)
    db, model, fields = compiled[0], compiled[5], compiled[6]
    columns = len(model._meta.concrete_fields)
    found = []
    for row in _run(compiled, values):
        instance = model.from_db(db, fields[:columns], row[:columns])
        for name, value in zip(fields[columns:], row[columns:], strict=True):
            setattr(instance, name, value)
        found.append(instance)
    return found


def _all_columns(queryset):
    """``queryset`` as a ``values_list`` of its model's columns, then its annotations."""
    columns = [field.attname for field in queryset.model._meta.concrete_fields]
    return queryset.values_list(*columns, *queryset.query.annotations)


def _compiled(shape: str, build, values: dict) -> tuple:
    lengths = tuple(
        (name, len(value) if isinstance(value, (list, tuple)) else None) for name, value in sorted(values.items())
    )
    key = (shape, lengths)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _compile(shape, build, values)
        # A list's length may come from a request (a URL's segments): the compiled forms kept per name
        # are capped, so that no input grows the process without bound; past the cap, compiled per call.
        if _KEPT[shape] < MAX_SHAPES_PER_NAME:
            _COMPILED[key] = compiled
            _KEPT[shape] += 1
    return compiled


def _run(compiled: tuple, values: dict) -> list[tuple]:
    db, sql, params, slots, converters = compiled[:5]
    flat = _flatten(values)
    bound = [param if slot is None else flat[slot] for param, slot in zip(params, slots, strict=True)]
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(sql, bound)
        found = cursor.fetchall()
    if not converters:
        return found
    return [_converted(row, converters, connection) for row in found]


def _stand_in(name: str, index: int, value, turn: int):
    """A stand-in for ``value`` (the ``index``-th value of the call, named ``name``), of its type.

    Ints stay small and positive: Django compiles a value out of a column's range (a negative
    depth, a key over 32 bits) as "no row" instead of a parameter.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"{name}: prepared values are ints or strings, not {type(value).__name__}")
    if isinstance(value, int):
        return 30_001 + 1_000 * turn + index
    return f"prepared:{name}:{index}:{turn}"


def _flatten(values: dict) -> dict:
    """``{(name, item index or None): value}`` for every value and every item of a list value."""
    flat = {}
    for name, value in values.items():
        if isinstance(value, (list, tuple)):
            flat.update({(name, position): item for position, item in enumerate(value)})
        else:
            flat[(name, None)] = value
    return flat


def _compiled_for(build, values: dict, turn: int):
    """``build``'s compiler, SQL and parameters for this round's stand-ins, and the stand-ins by slot."""
    stand_ins = {
        slot: _stand_in(slot[0], index, value, turn) for index, (slot, value) in enumerate(_flatten(values).items())
    }
    arguments = {
        name: [stand_ins[(name, position)] for position in range(len(value))]
        if isinstance(value, (list, tuple))
        else stand_ins[(name, None)]
        for name, value in values.items()
    }
    queryset = build(**arguments)
    compiler = queryset.query.get_compiler(queryset.db)
    return queryset, compiler, *compiler.as_sql(), stand_ins


def _compile(shape: str, build, values: dict) -> tuple:
    """Compiled twice, for two sets of stand-ins: a parameter is a value's slot where it holds that
    slot's stand-in both times (a constant of the query that equals one by chance cannot twice)."""
    queryset, compiler, sql, params, first = _compiled_for(build, values, 0)
    _db, _compiler, sql_again, params_again, second = _compiled_for(build, values, 1)
    if sql != sql_again or len(params) != len(params_again):
        raise ValueError(f"{shape}: the SQL depends on the values, not only on their shape")
    by_pair = {(first[slot], second[slot]): slot for slot in first}
    slots = [_slot_of(by_pair, pair) for pair in zip(params, params_again, strict=True)]
    pairs = zip(slots, params, params_again, strict=True)
    changed = any(slot is None and param != again for slot, param, again in pairs)
    if changed or any(slot not in slots for slot in first):
        raise ValueError(
            f"{shape}: each value must reach the SQL as a parameter of its own, unchanged "
            "(not through a lookup that rewrites it, nor computed into another parameter)"
        )
    fields = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    converters = list(compiler.get_converters(fields).items())
    fields = tuple(queryset.query.selected or ())
    if fields != tuple(queryset._fields):  # Django 5.2 selects a values_list's columns in the order named
        raise ValueError(f"{shape}: the columns would not come in the order the query names them")
    return queryset.db, sql, tuple(params), slots, converters, queryset.model, fields


def _slot_of(by_pair: dict, pair: tuple):
    """The value slot a parameter holds (``None``: a constant of the query)."""
    if not all(isinstance(param, (int, str)) and not isinstance(param, bool) for param in pair):
        return None
    return by_pair.get(pair)


def _converted(row: tuple, converters: list, connection) -> tuple:
    """``row`` through the converters Django applies to these columns (SQLite's booleans, JSON...)."""
    values = list(row)
    for position, (functions, expression) in converters:
        value = values[position]
        for function in functions:
            value = function(value, expression, connection)
        values[position] = value
    return tuple(values)
