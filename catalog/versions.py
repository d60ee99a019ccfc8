"""What differs between two versions of a product (read-only).

Two readers compare versions: a member whose save is refused because a colleague saved
a newer revision (``services.ProductConflict`` lists what the colleague changed), and
staff reviewing an edit of a live product in the admin (the inspect page lists what the
edit would change in the published version). Both ask ``field_changes`` here, so a
field reads the same way in both places.

The versions are ``Product`` objects: the table row (which holds the published version
once a product is live) or a revision's ``as_object()``. Nothing here writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import PRODUCT_FIELDS, Product
from portal.richtext import to_text

#: Fields holding rich text (sanitised HTML): compared and shown as their text.
RICH_TEXT_FIELDS = frozenset({"description_zh", "description_en"})

EMPTY = "—"


@dataclass(frozen=True)
class Change:
    """One difference: what it is about, its value before and its value after (display text)."""

    label: str
    old: str
    new: str


def display(product: Product, name: str) -> str:
    """The value of field ``name`` of ``product`` as a reader sees it (labels, not stored codes)."""
    if name in RICH_TEXT_FIELDS:
        return to_text(getattr(product, name)) or EMPTY
    value = getattr(product, f"{name}_display", None)
    if value is None and product._meta.get_field(name).choices:
        value = getattr(product, f"get_{name}_display")()
    if value is None:
        value = getattr(product, name)
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def _differs(old: Product, new: Product, name: str) -> bool:
    if name in RICH_TEXT_FIELDS:
        # Markup alone (a revision saved before sanitising, the editor's own tags) is not a change.
        return to_text(getattr(old, name)) != to_text(getattr(new, name))
    before, after = getattr(old, name), getattr(new, name)
    if isinstance(before, list) and isinstance(after, list):
        # A multi-valued field (functions, indications…) is a set of choices: another order is not a change.
        return _as_set(before) != _as_set(after)
    return before != after


def _as_set(values: list) -> list[str]:
    return sorted(json.dumps(value, sort_keys=True, ensure_ascii=False) for value in values)


def field_changes(old: Product, new: Product) -> list[Change]:
    """The member-edited fields that differ from ``old`` to ``new``, in the form's order."""
    return [
        Change(str(Product._meta.get_field(name).verbose_name), display(old, name), display(new, name))
        for name in PRODUCT_FIELDS
        if _differs(old, new, name)
    ]


def _media_key(item, file_field: str):
    """What identifies a picture or brochure across versions: its file's content, else its row in the library."""
    stored = getattr(item, file_field)
    return stored.file_hash or f"{file_field}:{getattr(item, f'{file_field}_id')}"


def _pair(first: str, second: str) -> str:
    return f"{first} / {second or EMPTY}"


@dataclass(frozen=True)
class MediaList:
    """A product's ordered pictures or brochures, as the comparison names them."""

    related_name: str
    file_field: str
    text_fields: tuple[str, str]  # Chinese, English
    added: str
    removed: str
    renamed: str
    reordered: str


MEDIA_LISTS = (
    MediaList(
        "images",
        "image",
        ("alt_zh", "alt_en"),
        added=gettext_lazy("Image added"),
        removed=gettext_lazy("Image removed"),
        renamed=gettext_lazy("Image alt text"),
        reordered=gettext_lazy("Image order"),
    ),
    MediaList(
        "brochures",
        "document",
        ("title_zh", "title_en"),
        added=gettext_lazy("Brochure added"),
        removed=gettext_lazy("Brochure removed"),
        renamed=gettext_lazy("Brochure title"),
        reordered=gettext_lazy("Brochure order"),
    ),
)


def _list_changes(kind: MediaList, old: Product, new: Product) -> list[Change]:
    old_by_key = {_media_key(item, kind.file_field): item for item in getattr(old, kind.related_name).all()}
    new_by_key = {_media_key(item, kind.file_field): item for item in getattr(new, kind.related_name).all()}

    def texts(item) -> tuple[str, str]:
        return tuple(getattr(item, name) for name in kind.text_fields)

    changes = [
        Change(str(kind.added), EMPTY, _pair(*texts(item))) for key, item in new_by_key.items() if key not in old_by_key
    ]
    changes += [
        Change(str(kind.removed), _pair(*texts(item)), EMPTY)
        for key, item in old_by_key.items()
        if key not in new_by_key
    ]
    changes += [
        Change(str(kind.renamed), _pair(*texts(old_by_key[key])), _pair(*texts(item)))
        for key, item in new_by_key.items()
        if key in old_by_key and texts(old_by_key[key]) != texts(item)
    ]
    kept_old = [key for key in old_by_key if key in new_by_key]
    kept_new = [key for key in new_by_key if key in old_by_key]
    if kept_old != kept_new:
        changes.append(
            Change(
                str(kind.reordered),
                " → ".join(texts(old_by_key[key])[0] for key in kept_old),
                " → ".join(texts(new_by_key[key])[0] for key in kept_new),
            )
        )
    return changes


def media_changes(old: Product, new: Product) -> list[Change]:
    """Pictures and brochures added, removed, reordered, or whose alt text / title changed."""
    return [change for kind in MEDIA_LISTS for change in _list_changes(kind, old, new)]


def changes(old: Product, new: Product) -> list[Change]:
    return [*field_changes(old, new), *media_changes(old, new)]


def pending_changes(product: Product) -> list[Change] | None:
    """What the latest revision of a live product changes in its published version.

    ``None`` when there is no published version to compare with (a product never
    approved, or unpublished): then the whole version is what staff review.
    ``product`` is the table row, which holds the published version of a live product.
    """
    if not product.live:
        return None
    if not product.has_unpublished_changes or product.latest_revision_id is None:
        return []
    return changes(product, product.latest_revision.as_object())
