"""The transactional outbox: side effects recorded with the change that causes them (portal/outbox.py)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    RETRYING = "retrying", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Given up")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn, not done")

    @classmethod
    def condition(cls, state: str) -> Q:
        return {
            cls.WAITING: Q(done_at__isnull=True, gave_up_at__isnull=True, attempts=0),
            cls.RETRYING: Q(done_at__isnull=True, gave_up_at__isnull=True, attempts__gt=0),
            cls.GAVE_UP: Q(done_at__isnull=True, gave_up_at__isnull=False),
            cls.DONE: Q(done_at__isnull=False, withdrawn=""),
            cls.WITHDRAWN: Q(done_at__isnull=False) & ~Q(withdrawn=""),
        }[state]


class OutboxWithdrawal(models.TextChoices):
    """Why a message ended without its effect (``portal.outbox.Withdrawn``): what staff read in the admin.

    The first four are a recurring e-mail's (``portal.unsubscribe``), as its scope's check tells them apart.
    """

    UNSUBSCRIBED = (
        "unsubscribed",
        _(
            "Not sent: while it waited, its recipient stopped all e-mails of this kind (unsubscribed, or "
            "turned off or deleted every saved search that sent them)."
        ),
    )
    TURNED_OFF = (
        "turned_off",
        _(
            "Not sent: while it waited, its recipient turned off or deleted what it reports on (the saved "
            "searches it lists); their other e-mails of this kind still go out."
        ),
    )
    REWRITTEN = (
        "rewritten",
        _(
            "Not sent as written: while it waited, its recipient turned off or deleted part of what it reports "
            "on (some of the saved searches it lists); it was written again for the rest, as a new task."
        ),
    )
    RECIPIENT_INELIGIBLE = (
        "recipient_ineligible",
        _("Not sent: while it waited, its recipient's account was deactivated or may no longer receive it."),
    )


class OutboxMessage(models.Model):
    """One side effect (an e-mail, an index update, an export...) to carry out after its transaction commits.

    Written in the transaction of the change, so it exists exactly when the change does.
    ``done_at`` is set in the same transaction as the effect's own writes, under a row
    lock, so an effect runs to completion once however often it is handed over.
    """

    effect = models.CharField(_("effect"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict)
    # At most one message per key, ever: scheduling the same key twice is a no-op.
    key = models.CharField(_("idempotency key"), max_length=200, null=True, blank=True, unique=True)
    # Messages of one topic are satisfied together (a later index update covers the earlier ones).
    topic = models.CharField(_("topic"), max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    available_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    gave_up_at = models.DateTimeField(_("gave up at"), null=True, blank=True)
    # Set with ``done_at`` when the effect found its work no longer wanted and did nothing.
    withdrawn = models.CharField(_("withdrawn because"), max_length=40, choices=OutboxWithdrawal.choices, blank=True)

    class Meta:
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=Q(done_at__isnull=True, gave_up_at__isnull=True),
                name="outbox_pending",
            ),
            models.Index(fields=["done_at"], name="outbox_done"),
        ]

    def __str__(self):
        return f"{self.effect} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.done_at is None and self.gave_up_at is None

    @property
    def state(self) -> str:
        if self.done_at is not None:
            return OutboxState.WITHDRAWN if self.withdrawn else OutboxState.DONE
        if self.gave_up_at is not None:
            return OutboxState.GAVE_UP
        return OutboxState.RETRYING if self.attempts else OutboxState.WAITING

    def get_state_display(self) -> str:
        return OutboxState(self.state).label
