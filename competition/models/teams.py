"""Teams: who enters. A registered member creates a team (optionally on behalf of an
organisation they belong to), becomes its captain and invites members by e-mail."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competition.vocabulary import TeamRole
from portal.fields import optional_link
from portal.idempotency import token_field, unique_token

#: How long a team invitation may be accepted.
INVITATION_DAYS = 14


class Team(models.Model):
    competition = models.ForeignKey(
        "competition.Competition", verbose_name=_("competition"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("team name"), max_length=120)
    organisation = optional_link("portal.Organisation", _("on behalf of"), related_name="competition_teams")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    #: The "new team" form's one-time token (``portal.idempotency``).
    creation_token = token_field()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["competition", "name"]
        constraints = [unique_token("created_by", name="competition_team_unique_token")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("competition:team_detail", kwargs={"pk": self.pk})

    @property
    def public_organisation(self):
        """The organisation the public pages name for the team: only once staff have verified it,
        as for anything an organisation publishes (a team may enter for one still pending)."""
        organisation = self.organisation
        return organisation if organisation is not None and organisation.is_verified else None


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(_("role"), max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "-role", "joined_at"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="competition_membership_unique")]

    def __str__(self):
        return f"{self.user} · {self.team}"


def default_expiry():
    return timezone.now() + timedelta(days=INVITATION_DAYS)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class TeamInvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Not answered, not withdrawn, not expired: the link still lets its addressee join."""
        return self.filter(
            accepted_at__isnull=True,
            declined_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=now or timezone.now(),
        )


class TeamInvitation(models.Model):
    """An e-mailed invitation to join a team: whoever follows the link signs in with the invited address."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = optional_link(settings.AUTH_USER_MODEL)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    #: The captain took it back (sent to a wrong address): the link says so and joins no one.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    creation_token = token_field()

    objects = TeamInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at"]
        constraints = [unique_token("team", name="competition_invitation_unique_token")]

    def __str__(self):
        return f"{self.email} → {self.team}"

    def get_absolute_url(self):
        return reverse("competition:invitation", kwargs={"token": self.token})

    @property
    def answerable_until(self):
        """When the link stops letting its addressee join, as the team page and the e-mail say: its
        expiry, or the competition's submission deadline (the roster is fixed then) if that is earlier."""
        deadline = self.team.competition.submission_deadline
        return self.expires_at if deadline is None or deadline > self.expires_at else deadline

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.declined_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )
