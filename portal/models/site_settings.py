from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from portal.i18n import Bilingual, TranslatedField

#: A public security (公安) network filing number as the Ministry issues it: the province's
#: abbreviation, 公网安备 and the 14-digit code, then 号.
PUBLIC_SECURITY_FILING = re.compile(r"^\w{1,4}公网安备 ?(\d{14})号$")
#: Where a public security filing is looked up (the footer's link, as the rules require).
PUBLIC_SECURITY_SEARCH = "https://beian.mps.gov.cn/#/query/webSearch?code="


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
    public_security_filing = models.CharField(
        _("public security filing number"),
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(
                PUBLIC_SECURITY_FILING, _("Write the number as it was issued, e.g. 沪公网安备31010402000001号.")
            )
        ],
        help_text=_("Shown in the footer beside the ICP number, linked to the national filing search."),
    )

    organisation_name = TranslatedField("organisation_name_zh", "organisation_name_en")

    class Meta:
        verbose_name = _("site settings")

    @property
    def public_security_filing_url(self) -> str:
        """The filing's page on the national search, or ``""`` without a well-formed number."""
        found = PUBLIC_SECURITY_FILING.match(self.public_security_filing or "")
        return f"{PUBLIC_SECURITY_SEARCH}{found.group(1)}" if found else ""

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
