"""The alliance's selections of typical cases, one per year (shared by both language trees)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from portal.i18n import Bilingual


class TypicalCaseSelection(models.Model):
    """The alliance's selection of typical cases for a year, e.g. "2026 典型案例"."""

    name = Bilingual(models.CharField, _("name (Chinese)"), _("name (English)"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    introduction = Bilingual(models.TextField, _("introduction (Chinese)"), _("introduction (English)"), required=False)

    panels = [
        FieldRowPanel([FieldPanel("name_zh"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("year")]),
        FieldPanel("introduction_zh"),
        FieldPanel("introduction_en"),
    ]

    class Meta:
        verbose_name = _("typical-case selection")
        verbose_name_plural = _("typical-case selections")
        ordering = ["-year", "name_zh"]

    def __str__(self):
        return self.name
