"""Multi-valued choice fields: a JSON list of ``TextChoices`` values, mirrored into a bit mask.

A model lists such fields in ``MULTI_VALUED = {"functions": ProductFunction, ...}`` (the
app's ``vocabulary.py``); each has an integer ``<field>_mask`` column beside it, where a
value's bit is its position in the vocabulary (so new values are appended, never inserted
or removed). Facets (``portal.listing.facets.MaskFacet``) then filter and count with
``mask & bits`` on an integer column, on PostgreSQL and SQLite alike, in the one counting
scan. Anything writing the lists without ``save()`` (``bulk_create``, ``update``) sets the
masks with ``choice_mask`` itself.

* ``MaskedChoices``: the model mixin that keeps the masks in ``save()``;
* ``labels_mixin(MULTI_VALUED)``: ``<field>_display`` properties (the values' labels as one phrase);
* ``validate_choice_list``: what the fields' module-level validators call (migrations name
  those functions, so each app keeps its own ``validators.validate_<field>``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.i18n import join_labels


def choice_bit(choices, value: str) -> int:
    """The bit of ``value`` in a multi-valued field's mask: its position in the vocabulary."""
    return 1 << list(choices.values).index(value)


def choice_mask(choices, values) -> int:
    """The mask of ``values`` (values outside the vocabulary are left out)."""
    mask = 0
    for value in values:
        if value in choices.values:
            mask |= choice_bit(choices, value)
    return mask


def validate_choice_list(value, choices) -> None:
    """A JSON list of distinct values of ``choices``."""
    if not isinstance(value, list) or any(item not in choices.values for item in value):
        raise ValidationError(_("Choose only from the listed options."), code="invalid_choice")
    if len(set(value)) != len(value):
        raise ValidationError(_("Each option can be chosen once."), code="duplicate_choice")


def choice_labels(field: str, choices) -> property:
    """A ``<field>_display`` property: the labels of the field's values, joined (康复训练、养老康复)."""
    return property(lambda self: join_labels(choices, getattr(self, field)), doc=f"The labels of ``{field}``.")


def labels_mixin(fields: dict[str, type]) -> type:
    """A mixin class with ``<field>_display`` for each multi-valued field in ``fields``."""
    return type(
        "MultiValuedLabels",
        (),
        {
            "__doc__": "``<field>_display`` for each multi-valued field: its values' labels as one phrase.",
            **{f"{name}_display": choice_labels(name, choices) for name, choices in fields.items()},
        },
    )


class MaskedChoices:
    """Keeps each ``<field>_mask`` column equal to its list, in ``save()`` (``multi_valued`` names them)."""

    multi_valued: dict[str, type] = {}

    def save(self, *args, **kwargs):
        self.set_masks()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.multi_valued):
            kwargs["update_fields"] = {*update_fields, *(f"{name}_mask" for name in self.multi_valued)}
        return super().save(*args, **kwargs)

    def set_masks(self) -> None:
        """Derive the facet bit masks from the multi-valued lists."""
        for name, choices in self.multi_valued.items():
            setattr(self, f"{name}_mask", choice_mask(choices, getattr(self, name) or []))
