import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.fields import who
from portal.i18n import Bilingual, Joined
from portal.idempotency import token_field, unique_token
from portal.organisations.cities import SHANGHAI
from portal.review.state import ReviewState


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    STARTUP = "startup", _("Startup")
    INVESTOR = "investor", _("Investor")
    HOSPITAL = "hospital", _("Hospital")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    SERVICE_PLATFORM = "service_platform", _("Service platform")
    INCUBATOR = "incubator", _("Incubator")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", pgettext_lazy("organisation verification status", "Verified")
    REJECTED = "rejected", _("Verification refused")
    SUSPENDED = "suspended", _("Suspended")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)


class Organisation(models.Model):
    """A member organisation of the alliance ecosystem.

    Anything an organisation publishes (products, cases, startup profiles) becomes
    public only once alliance staff have verified the organisation.
    """

    name = Bilingual(models.CharField, _("name (Chinese)"), _("name (English)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    description = Bilingual(
        models.TextField, _("description (Chinese)"), _("description (English)"), required=False, max_length=5000
    )
    website = models.URLField(_("website"), blank=True)
    city = Bilingual(
        models.CharField, _("city (Chinese)"), _("city (English)"), required=False, max_length=100, defaults=SHANGHAI
    )
    unified_social_credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("The 18-character code on the business licence; checked by staff during verification."),
    )
    verification_status = models.CharField(
        _("verification status"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = who(_("verified by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    #: Raised by every change of the profile: the edit form carries the number it was rendered with,
    #: so a page opened before someone else's save cannot overwrite it unawares.
    version = models.PositiveIntegerField(default=1, editable=False)
    #: The registration form's one-time token (``portal.idempotency``): sent twice, it registers once.
    creation_token = token_field()
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations", verbose_name=_("members")
    )

    objects = OrganisationQuerySet.as_manager()

    #: Verification is the organisation's review (``portal.organisations.verification``).
    review = ReviewState(
        status="verification_status", note="verification_note", decided_at="verified_at", decided_by="verified_by"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # Field names, not ``portal.db.by_name``: modelcluster sorts a case preview's unsaved
        # institutions in Python by these names. The lists shown ask for the pinyin order themselves.
        ordering = ["name_zh"]
        # The services check these first for a friendly error; the constraints settle races.
        constraints = [
            models.UniqueConstraint(
                Lower("name_zh"),
                name="unique_organisation_name_zh",
                violation_error_message=_(
                    "An organisation with this name is already registered. "
                    "Ask one of its owners to invite you instead of registering it again."
                ),
            ),
            models.UniqueConstraint(
                Upper("unified_social_credit_code"),
                condition=~models.Q(unified_social_credit_code=""),
                name="unique_organisation_credit_code",
                violation_error_message=_(
                    "An organisation with this unified social credit code is already registered."
                ),
            ),
            unique_token(name="portal_organisation_unique_creation_token"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.EDITOR)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return Joined(self.user, " · ", self.organisation, f" ({self.get_role_display()})")

    @property
    def is_owner(self) -> bool:
        return self.role == MemberRole.OWNER


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.PORTAL_INVITATION_DAYS)


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed invitation to join an organisation with a role.

    The token is the only secret: whoever follows the link must sign in (or sign up)
    with the invited address to accept it.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.EDITOR)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = who(_("accepted by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    #: The invitation form's one-time token (``portal.idempotency``): sent twice, it invites once.
    creation_token = token_field()

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [unique_token("organisation", name="portal_invitation_unique_creation_token")]

    def __str__(self):
        return Joined(self.email, " → ", self.organisation)

    def get_absolute_url(self):
        return reverse("portal:invitation_accept", kwargs={"token": self.token})

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
