"""Meeting requests between organisations (an investor and a startup, a startup and a platform)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incubator.vocabulary import MeetingStatus
from portal.fields import optional_link, who
from portal.idempotency import token_field, unique_token


class MeetingRequest(models.Model):
    """``sender`` proposes time slots to ``recipient``; the recipient accepts one or declines with a reason.

    A pending request expires at ``expires_at`` (``INCUBATOR_MEETING_EXPIRY_DAYS`` after it was
    sent, or at its last proposed time if that is sooner: ``services.answer_deadline``; a beat
    task marks it). ``uid`` names the meeting in its calendar file (``.ics``).
    """

    sender = models.ForeignKey(
        "portal.Organisation", verbose_name=_("from"), on_delete=models.CASCADE, related_name="meetings_sent"
    )
    recipient = models.ForeignKey(
        "portal.Organisation", verbose_name=_("to"), on_delete=models.CASCADE, related_name="meetings_received"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=3000)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("place or video link"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PENDING, db_index=True
    )
    chosen_slot = optional_link("incubator.MeetingSlot", _("chosen time"))
    decline_reason = models.TextField(_("reason for declining"), max_length=1000, blank=True)
    responded_by = who(_("answered by"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    creation_token = token_field()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            unique_token("sender", name="incubator_meeting_unique_creation_token"),
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="incubator_meeting_not_self"
            ),
        ]

    def __str__(self):
        return self.subject


class MeetingSlot(models.Model):
    """A time the sender proposes (stored in UTC, shown in Asia/Shanghai)."""

    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "starts_at"], name="incubator_unique_meeting_slot")]

    def __str__(self):
        return self.starts_at.isoformat()
