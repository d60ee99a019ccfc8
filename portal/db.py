"""Database helpers shared by the apps."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, connections, models
from django.db.models import CharField, F, Func, Value, Window
from django.db.models.functions import Coalesce, JSONObject, Lower, NullIf, RowNumber

from portal.i18n import is_english

#: PostgreSQL's ICU collations (their names are case-sensitive): Chinese in pinyin order (安徽 北京
#: 重庆 上海, where the code points give 上海 北京 安徽 重庆), and other text in the Unicode root
#: order (A to Z, case and accents aside, where the database's C collation puts "Zeta" before "alpha").
PINYIN = "zh-x-icu"
ALPHABETICAL = "und-x-icu"


def object_lock(name: str) -> None:
    """Hold a lock named ``name`` until the current transaction ends (call it inside ``atomic``).

    PostgreSQL: a transaction-level advisory lock on a 64-bit hash of the name, so writers
    of one logical object (e.g. one object's search documents, which may not exist yet and
    so have no row to lock) run one after another. SQLite serialises every write
    transaction already, so nothing is needed there.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])


def object_locks(names) -> None:
    """``object_lock`` for many names in one query, in a fixed order (two such writers cannot deadlock)."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({lock_key(name) for name in names})
    if keys:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(pg_advisory_xact_lock(key)) FROM unnest(%s::bigint[]) AS key", [keys])


class Collated(Func):
    """``expression COLLATE collation`` on PostgreSQL; the bare ``expression`` on other databases.

    SQLite (the embedded demo, development only) has no ICU collations: there names stay in code
    point order. The choice is made when the SQL is compiled, by the connection it is compiled for,
    so one expression serves a model's ``Meta.indexes`` too: its migration reads the same whichever
    database ``makemigrations`` ran against, and applies on both (on SQLite the index is the plain
    column's). (Not a subclass of Django's ``Collate``: an index takes that one as a wrapper of its
    own class only, and would refuse a subclass.) Not for ``Meta.ordering``: modelcluster sorts a
    page preview's unsaved relations in Python by its field names.
    """

    template = "%(expressions)s COLLATE %(collation)s"

    def __init__(self, expression, collation: str):
        self.collation = collation
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return compiler.compile(self.get_source_expressions()[0])
        extra_context.setdefault("collation", connection.ops.quote_name(self.collation))
        return super().as_sql(compiler, connection, **extra_context)


def by_name(name_zh: str, name_en: str = "", *, english: bool | None = None):
    """What a list "by name" is ordered by: the Chinese name ``name_zh`` (a field or lookup) in
    pinyin order; on an English page, when the model has an English name ``name_en``, that name
    (the Chinese one where there is none) A to Z, case aside. A text of one column in any language
    (a page's title, a team's name) is a ``name_zh``: the pinyin order puts Latin text A to Z too,
    case and accents aside (after the Chinese). ``english``: the English order (or not) whatever
    the page's language (an admin column of English names).

    Follow it with ``"pk"`` in ``order_by``: two equal names would otherwise swap places between
    the pages of a list. Without ``name_en`` it is the same in every language: what an index
    (``Meta.indexes``: the catalogue's serves the Chinese order) or a list built once, at import,
    takes. On an English page ``Lower`` keeps SQLite's order case-blind too.
    """
    if name_en and (is_english() if english is None else english):
        return Collated(Lower(Coalesce(NullIf(name_en, Value("")), name_zh)), ALPHABETICAL)
    return Collated(F(name_zh), PINYIN)


def english_name_key(name: str) -> tuple[str, str]:
    """``by_name``'s English order in Python, for a few names already read (a facet's options):
    A to Z, case and accents aside (what ``und-x-icu`` gives on PostgreSQL), then as written."""
    letters = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return letters.casefold(), name


#: The fields ``names_in_order`` orders as names: a record's name or title, in one column or in two
#: (``<stem>_zh`` or ``<stem>``, and ``<stem>_en``).
NAME_STEMS = ("name", "title")


def names_in_order(model, ordering, *, as_shown: bool = False) -> list:
    """``ordering`` (``order_by`` items of ``model``) with each item that orders by a name made
    ``by_name``, in the active language: a name field (``NAME_STEMS``), and a relation whose model
    is ordered by its name (``"organisation"``: Django orders by the related ``Meta.ordering``,
    ``["name_zh"]``, in code point order). Other items stay as they are.

    For lists whose order is a model's ``Meta.ordering`` or a field name (the Wagtail admin's
    listings): ``Meta.ordering`` stays field names (see ``Collated``). ``as_shown``: the items are
    a column the reader chose, which shows one language: a column of Chinese names reads in
    pinyin, one of English names A to Z, in either language (a relation shows its name in the
    active language, so it is ordered in it).
    """
    return [expression for item in ordering for expression in _in_name_order(model, item, as_shown, ())]


def _in_name_order(model, item, as_shown: bool, seen: tuple) -> list:
    if not isinstance(item, str) or item.lstrip("-") in ("", "?", "pk"):
        return [item]
    descending, path = item.startswith("-"), item.lstrip("-")
    owner, field = _resolve(model, path)
    if field is None or path.rpartition("__")[2] != field.name:  # an annotation, a key's column (``_id``)...
        return [item]
    if field.many_to_one or field.one_to_one:
        related = field.related_model
        ordering = related._meta.ordering
        if related in seen or not ordering or not all(isinstance(part, str) for part in ordering):
            return [item]
        flipped = [_flip(part) if descending else part for part in ordering]
        expanded = [
            expression
            for part in flipped
            for expression in _in_name_order(model, _under(path, part), False, (*seen, related))
        ]
        return [item] if all(isinstance(part, str) for part in expanded) else expanded
    name = _name_expression(owner, field, path, as_shown)
    if name is None:
        return [item]
    return [name.desc() if descending else name.asc()]


def _resolve(model, path: str):
    """``(the model holding the last field of path, that field)``, or ``(model, None)``."""
    *relations, last = path.split("__")
    try:
        for part in relations:
            model = model._meta.get_field(part).related_model
            if model is None:
                return model, None
        field = model._meta.get_field(last)
    except (FieldDoesNotExist, AttributeError):
        return model, None
    return model, (field if field.concrete or field.many_to_one or field.one_to_one else None)


def _name_expression(owner, field, path: str, as_shown: bool):
    """``by_name`` of the name ``field`` (at ``path``), or ``None`` when it is no name."""
    if not isinstance(field, (models.CharField, models.TextField)):
        return None
    prefix = path[: len(path) - len(field.name)]
    stem, _sep, language = field.name.rpartition("_") if field.name.endswith(("_zh", "_en")) else (field.name, "", "")
    if stem not in NAME_STEMS:
        return None
    siblings = {f.name for f in owner._meta.concrete_fields}
    chinese = next((name for name in (f"{stem}_zh", stem) if name in siblings), None)
    english = f"{stem}_en" if f"{stem}_en" in siblings else ""
    if language == "en":
        return by_name(prefix + chinese, prefix + english, english=True) if chinese else by_name(path)
    if as_shown or not english:
        return by_name(path)
    return by_name(path, prefix + english)


def _under(path: str, part: str) -> str:
    """The related model's ordering ``part`` seen from the model ``path`` starts at."""
    return ("-" if part.startswith("-") else "") + f"{path}__{part.lstrip('-')}"


def _flip(part: str) -> str:
    return part[1:] if part.startswith("-") else f"-{part}"


def save_next_version(instance: models.Model, update_fields: list[str]) -> None:
    """Save ``update_fields`` and raise ``instance.version`` by one in the same ``UPDATE`` (the
    number a form read is how a stale edit is told apart), then read the new number back."""
    instance.version = F("version") + 1
    instance.save(update_fields=[*update_fields, "version", "updated_at"])
    instance.refresh_from_db(fields=["version"])


def lock_key(name: str) -> int:
    """The advisory lock key of ``name``: a signed 64-bit hash."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def analyze(*models) -> None:
    """Refresh the query planner's statistics of ``models``' tables, after a bulk write.

    Until autovacuum gets to it, the planner estimates from the tables as they were before (empty,
    after a rebuild on a new database) and picks plans for a few rows: nested loops over thousands.
    Outside a transaction PostgreSQL also vacuums (``VACUUM (ANALYZE)``; it refuses to inside one):
    the rows a rebuild deleted stay in the indexes until then, and every scan visits them.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"VACUUM (ANALYZE) {table}" if vacuum else f"ANALYZE {table}")


def rows_in_one_query(querysets: dict, *, constant: str = "") -> dict[str, list]:
    """The objects of several small querysets, of any models, in **one** query: ``{name: [object]}``.

    A ``UNION ALL`` of one row per object: the queryset's name, the object's position in its
    queryset's ordering (``ROW_NUMBER()`` over it, so the database's collation orders as
    before) and its concrete fields as one JSON object, made model instances again
    (``Model.from_db``, each value through its field). For the few short lists a page reads
    together (a case page's inlines), each otherwise one query.

    ``constant``: a name for querysets that are the same on every call (nothing from a request in
    them, e.g. every site and its settings): their SQL is compiled once per process under it,
    which is most of the cost (a JSON object of 20 columns is a few hundred ORM expressions).
    """
    found: dict[str, list] = {name: [] for name in querysets}
    compiled = _COMPILED.get(constant) if constant else None
    if compiled is None:
        union = _union(querysets, found)
        if union is None:
            return {name: [obj for _position, obj in rows] for name, rows in found.items()}
        compiled = union.db, *union.query.sql_with_params()
        if constant:
            _COMPILED[constant] = compiled
    return _fetch(querysets, found, *compiled)


def relations_in_one_query(instance: models.Model, names: tuple[str, ...]) -> dict[str, list]:
    """``instance``'s related objects ``names`` (reverse foreign keys, many-to-many) in **one** query.

    ``rows_in_one_query`` of ``instance.<name>.all()`` for each name, in each related model's
    default order, whose SQL is compiled once per process for a model and its names: the
    querysets are built for a placeholder key that cannot be a primary key, and each call
    binds the instance's own key in its place. For a detail page's inlines, read by every
    visitor's first view after a publish.
    """
    shape = f"{instance._meta.label}:{','.join(names)}"
    compiled = _COMPILED.get(shape)
    if compiled is None:
        querysets = _relations(type(instance), names, _PLACEHOLDER_KEY)
        union = _union(querysets, {})
        db, sql, params = union.db, *union.query.sql_with_params()
        if _PLACEHOLDER_KEY not in params:
            raise ValueError(f"{shape}: no relation is filtered by the instance's key")
        compiled = _COMPILED[shape] = db, sql, params, querysets
    db, sql, params, querysets = compiled  # the querysets: which model (and database) each row is of
    bound = tuple(instance.pk if param == _PLACEHOLDER_KEY else param for param in params)
    return _fetch(querysets, {name: [] for name in names}, db, sql, bound)


#: ``relations_in_one_query``: the key its SQL is compiled with (no table holds a negative id).
_PLACEHOLDER_KEY = -7_193_514_286_401


def _relations(model, names: tuple[str, ...], pk) -> dict[str, models.QuerySet]:
    """``{name: the related objects of the instance of ``model`` whose key is ``pk``}``."""
    querysets = {}
    for name in names:
        field = model._meta.get_field(name)
        if field.one_to_many:  # a reverse foreign key: the inlines pointing at the instance
            lookup = field.field.name
        elif field.many_to_many and field.concrete:  # the instance's own many-to-many field
            lookup = field.related_query_name()
        else:
            raise ValueError(f"{model._meta.label}.{name} is not a reverse foreign key or a many-to-many field")
        querysets[name] = field.related_model._default_manager.filter(**{lookup: pk})
    return querysets


def _fetch(querysets: dict, found: dict, db: str, sql: str, params) -> dict[str, list]:
    """Run the compiled union and make its rows model instances again, in each queryset's order."""
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        for name, position, row in cursor.fetchall():
            values = json.loads(row) if isinstance(row, str) else row
            found[name].append((position, _from_json(querysets[name], values)))
    return {name: [obj for _position, obj in sorted(rows, key=lambda row: row[0])] for name, rows in found.items()}


#: Compiled SQL, per process: ``rows_in_one_query(constant=…)`` and ``relations_in_one_query`` (per model and names).
_COMPILED: dict[str, tuple] = {}


def _union(querysets: dict, found: dict):
    """The ``UNION ALL`` of ``querysets`` (``rows_in_one_query``); lists that are not querysets go to
    ``found`` as they are (e.g. a preview's unsaved inlines)."""
    branches = []
    for name, queryset in querysets.items():
        if not isinstance(queryset, models.QuerySet):
            found[name] = list(enumerate(queryset))
            continue
        model = queryset.model
        ordering = [*(queryset.query.order_by or model._meta.ordering or ()), "pk"]
        order_by = [
            item if not isinstance(item, str) else F(item[1:]).desc() if item.startswith("-") else F(item).asc()
            for item in ordering
        ]
        fields = {field.attname: F(field.attname) for field in model._meta.concrete_fields}
        branches.append(
            queryset.order_by()
            .annotate(
                union_name=Value(name, output_field=CharField()),
                union_position=Window(RowNumber(), order_by=order_by),
                union_row=JSONObject(**fields),
            )
            .values_list("union_name", "union_position", "union_row")
        )
    if not branches:
        return None
    first, *rest = branches
    return first.union(*rest, all=True) if rest else first


def _from_json(queryset, row: dict):
    fields = queryset.model._meta.concrete_fields
    values = []
    for field in fields:
        value = row.get(field.attname)
        if value is not None and isinstance(field, models.DecimalField):
            # JSON has floats: the column's own scale back, as the database driver gives it.
            value = Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
        elif value is not None:
            value = field.to_python(value)
        values.append(value)
    return queryset.model.from_db(queryset.db, [field.attname for field in fields], values)
