"""What an outcome measure is: e.g. typing speed, at 6 months, 62 characters/minute.

A case's (``CaseOutcome``, an inline of the page) and a submission's (``CaseSubmissionOutcome``)
have the same fields.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


def number_display(value) -> str:
    """A Decimal without trailing zeros or exponent: 0.210 → 0.21, 110.000 → 110."""
    return "" if value is None else format(value.normalize(), "f")


class OutcomeMeasure(models.Model):
    measure = models.CharField(_("measure"), max_length=200)
    time_frame = models.CharField(_("time frame"), max_length=100, blank=True)
    result = models.CharField(_("result"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        abstract = True

    @property
    def value_display(self) -> str:
        return number_display(self.value)

    @property
    def line(self) -> str:
        """The row on one line, as search and the review screens read it: measure · time frame ·
        result · value (left out where the result says it already: "97% with a 12,000-word vocabulary")."""
        value = f"{self.value_display} {self.unit}".strip() if self.value is not None else ""
        if value and self.value_display in self.result:
            value = ""
        return " · ".join(part for part in (self.measure, self.time_frame, self.result, value) if part)
