from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from portal.i18n import Bilingual, TranslatedField


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Footer and contact details staff edit in the admin (Settings → Site settings)."""

    organisation_name_zh = models.CharField(
        _("alliance name (Chinese)"), max_length=200, default="上海市脑机接口产业创新战略联盟"
    )
    organisation_name_en = models.CharField(
        _("alliance name (English)"), max_length=200, default="Shanghai BCI Industry Innovation Strategic Alliance"
    )
    address = Bilingual(
        models.CharField, _("address (Chinese)"), _("address (English)"), max_length=300, required=False
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    icp_number = models.CharField(_("ICP filing number"), max_length=60, blank=True)

    organisation_name = TranslatedField("organisation_name_zh", "organisation_name_en")

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def read_for_site(cls, site) -> SiteSettings:
        """The site's settings, or an unsaved row holding the defaults: pages read them, they never write.

        (Wagtail's ``for_site`` would create the row during the first page render.)
        """
        return cls.base_queryset().filter(site=site).first() or cls(site=site)

    @classmethod
    def ensure_for_every_site(cls, *, using: str = "default") -> None:
        """Make the missing rows (after ``migrate``, and for the demo), so reading never has to."""
        sites = Site.objects.using(using).exclude(pk__in=cls.objects.using(using).values("site_id"))
        cls.objects.using(using).bulk_create([cls(site=site) for site in sites])
