"""Form fields the portal's forms share (members' forms and the admin's)."""

from __future__ import annotations

from django import forms


def checkboxes(label, choices=(), **options) -> forms.MultipleChoiceField:
    """An optional choice of several values (e.g. a vocabulary's ``.choices``), one checkbox each;
    ``options`` are the field's others (``help_text``)."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, **options
    )
