"""Form fields the portal's forms share (members' forms and the admin's)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin import widgets
from wagtail.admin.forms.models import register_form_field_override

#: The years a typed date and time may fall in. A time typed in Asia/Shanghai on 1 January of
#: year 1 is a moment before year 1 in UTC: PostgreSQL stores it and then cannot read it back
#: (``DataError``, a 500), and the last days of year 9999 overflow any arithmetic on them.
YEARS = (1900, 2999)


def within_years(value) -> None:
    """Refuse a date or date and time outside ``YEARS`` (a translated message beside the field)."""
    if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": YEARS[0], "last": YEARS[1]},
        )


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time within ``YEARS``; every date-and-time field of the portal's forms is one."""

    default_validators = [within_years]


def bound_admin_date_times() -> None:
    """The Wagtail admin's model forms (pages, viewsets, snippets) take date-and-time columns with
    ``BoundedDateTimeField``, in Wagtail's own widget (called once, from ``PortalConfig.ready``)."""
    register_form_field_override(
        models.DateTimeField, override={"widget": widgets.AdminDateTimeInput, "form_class": BoundedDateTimeField}
    )


class BoundedDateTimesViewSetMixin:
    """For a Wagtail ``ModelViewSet`` whose form is built from ``form_fields`` (Django's model form,
    not Wagtail's): its date-and-time columns take ``BoundedDateTimeField`` too."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("form_class", BoundedDateTimeField)
        return super().formfield_for_dbfield(db_field, **kwargs)


class VersionField(forms.IntegerField):
    """The version of the record a form was rendered with, hidden: the service refuses a save based on an
    older one. Missing or not a number, the page was altered (or kept from an older portal): its error
    says so in words, at the top of the form (``VersionedFormMixin``)."""

    widget = forms.HiddenInput
    default_error_messages = dict.fromkeys(
        ("required", "invalid", "min_value"),
        _("This page is out of date or was altered: open it again. What you typed is kept below."),
    )


class VersionedFormMixin:
    """For a form with a ``VersionField``: its error is one of the form's own, shown at the top, where
    every template shows errors (Django writes a hidden field's as "(Hidden field version) …", or
    nowhere when the template lays out the visible fields only)."""

    def full_clean(self):
        super().full_clean()
        errors = getattr(self, "_errors", None) or {}
        for name in [name for name in errors if isinstance(self.fields.get(name), VersionField)]:
            for message in errors.pop(name):
                self.add_error(None, message)

    def rebase(self, version: int | None, basis: str | None = None) -> None:
        """After a conflict (``StaleVersion.latest_version``): the page shown again with the input kept
        carries the newer version, so saving it deliberately replaces that one (``None``: unchanged).
        A form that edits part of a record carries a ``basis`` of what it edits too (a case's step):
        ``basis`` is the newer one."""
        if version is None:
            return
        self.data = self.data.copy()
        for name in [name for name, field in self.fields.items() if isinstance(field, VersionField)]:
            self.data[self.add_prefix(name)] = version
        if basis is not None and "basis" in self.fields:
            self.data[self.add_prefix("basis")] = basis


def checkboxes(label, choices=(), **options) -> forms.MultipleChoiceField:
    """An optional choice of several values (e.g. a vocabulary's ``.choices``), one checkbox each;
    ``options`` are the field's others (``help_text``)."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, **options
    )
