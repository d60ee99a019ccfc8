"""Matchmaking's records: staff-tuned weights, dismissed suggestions and investors' saved searches.

The scores themselves are computed, never stored (``incubator.matching``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from incubator.vocabulary import MatchKind
from portal.fields import optional_link


class MatchWeight(models.Model):
    """The weight staff give one criterion of one kind of matchmaking (0 leaves it out of the score)."""

    kind = models.CharField(_("matchmaking"), max_length=16, choices=MatchKind.choices)
    criterion = models.SlugField(_("criterion"), max_length=40)
    weight = models.DecimalField(
        _("weight"), max_digits=4, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = optional_link(settings.AUTH_USER_MODEL)

    class Meta:
        verbose_name = _("matchmaking weight")
        verbose_name_plural = _("matchmaking weights")
        ordering = ["kind", "criterion"]
        constraints = [models.UniqueConstraint(fields=["kind", "criterion"], name="incubator_unique_match_weight")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.criterion} × {self.weight}"


class DismissedSuggestion(models.Model):
    """An organisation no longer wants ``other`` suggested to it."""

    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="dismissed_suggestions"
    )
    other = models.ForeignKey("portal.Organisation", on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "other"], name="incubator_unique_dismissed_suggestion")
        ]

    def __str__(self):
        return f"{self.organisation} ✕ {self.other}"


class SavedSearch(models.Model):
    """An investor's filters on the startup directory; new matches arrive in an e-mail digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=100)
    #: The directory's query string (facets and text), as the listing kit parses it.
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    digest = models.BooleanField(_("e-mail me new matches"), default=True)
    #: Startups listed after this moment are "new" for the next digest.
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)
    #: The startup profiles its digests have listed: one suspended and verified again (or unlisted and
    #: listed again) reaches the directory anew, but is not news to this search.
    reported = models.JSONField(_("startups already sent"), default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name
