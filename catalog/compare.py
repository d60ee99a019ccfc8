"""Product specifications as rows, values formatted with their units: one list for the
product page's table, the compare page and the edition exports.

A row ``differs`` when the products do not all have the same value; the template marks
it in words as well as colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MISSING = "—"


def _units(template, key: str):
    """A formatter for a value with its unit; ``template`` is a lazy msgid such as "%(rate)s Hz"."""

    def format_value(value) -> str:
        if value is None:
            return MISSING
        return str(template) % {key: floatformat(value, "-1")}

    return format_value


def format_weight(grams) -> str:
    """Grams below a kilogram, kilograms from 1,000 g (18500 → "18.5 kg"); one formatter for every table."""
    if grams is None:
        return MISSING
    if grams >= 1000:
        kilograms = f"{grams / 1000:.2f}".rstrip("0").rstrip(".")  # 18.5, 1.25, 2 (never 18.50)
        return str(gettext_lazy("%(weight)s kg")) % {"weight": kilograms}
    return str(gettext_lazy("%(weight)s g")) % {"weight": floatformat(grams, "-1")}


def _yes_no(value) -> str:
    return _("Yes") if value else _("No")


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else MISSING


@dataclass(frozen=True)
class Spec:
    label: str
    value: object  # callable(product) -> str


# The unit msgids ("%(rate)s Hz"...) are literal here so that makemessages finds them.
ELECTRODE = Spec(gettext_lazy("Electrode type"), lambda p: p.get_electrode_type_display())
#: The measured specifications, with their units.
MEASURED_SPECS = [
    Spec(gettext_lazy("Channels"), lambda p: str(p.channels) if p.channels else MISSING),
    Spec(gettext_lazy("Sampling rate"), lambda p: _units(gettext_lazy("%(rate)s Hz"), "rate")(p.sampling_rate_hz)),
    Spec(gettext_lazy("Wireless"), lambda p: _yes_no(p.wireless)),
    Spec(gettext_lazy("Battery life"), lambda p: _units(gettext_lazy("%(hours)s h"), "hours")(p.battery_hours)),
    Spec(gettext_lazy("Weight"), lambda p: format_weight(p.weight_g)),
]
#: The product page's "key specifications" table.
KEY_SPECS = [ELECTRODE, *MEASURED_SPECS]
#: The specification rows of a product that an edition entry also holds (its frozen copy):
#: shared by the compare page and the edition's exports (``catalog.editions.exports.spec_rows``).
PRODUCT_SPECS = [
    Spec(gettext_lazy("Model / version"), lambda p: p.model_number or MISSING),
    Spec(gettext_lazy("BCI type"), lambda p: p.get_bci_type_display()),
    Spec(gettext_lazy("Signal modality"), lambda p: p.get_signal_modality_display()),
    ELECTRODE,
    Spec(gettext_lazy("Functions"), lambda p: p.functions_display or MISSING),
    Spec(gettext_lazy("Application fields"), lambda p: p.application_fields_display or MISSING),
    Spec(gettext_lazy("Indications"), lambda p: p.indications_display or MISSING),
    Spec(gettext_lazy("Regulatory class"), lambda p: p.get_regulatory_class_display()),
    Spec(gettext_lazy("Registration certificate number"), lambda p: p.registration_number or MISSING),
    Spec(gettext_lazy("Regulatory milestones"), lambda p: p.milestones_display or MISSING),
    *MEASURED_SPECS,
]
SPECS = [
    Spec(gettext_lazy("Enterprise"), lambda p: p.organisation.name),
    *PRODUCT_SPECS,
    Spec(gettext_lazy("Release date"), lambda p: _date(p.release_date)),
]


def spec_table(product, specs=KEY_SPECS) -> list[tuple[str, str]]:
    """(Label, formatted value) of ``specs`` for one product, in the active language."""
    return [(str(spec.label), spec.value(product)) for spec in specs]


def compare_rows(products) -> list[dict]:
    rows = []
    for spec in SPECS:
        cells = [spec.value(product) for product in products]
        rows.append({"label": spec.label, "cells": cells, "differs": len(products) > 1 and len(set(cells)) > 1})
    return rows
