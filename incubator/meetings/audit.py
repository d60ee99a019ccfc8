"""The meetings' log actions (``portal.review.audit``): every change of a request is an entry of its
Wagtail history, with the state before and after. Importing this module registers them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit
from portal.review.audit import LogAction

REQUESTED = "incubator.meeting.requested"
ACCEPTED = "incubator.meeting.accepted"
DECLINED = "incubator.meeting.declined"
WITHDRAWN = "incubator.meeting.withdrawn"
EXPIRED = "incubator.meeting.expired"

ACTIONS = (
    LogAction(REQUESTED, _("Request a meeting"), _("Meeting requested")),
    LogAction(ACCEPTED, _("Accept a meeting"), _("Meeting accepted")),
    LogAction(DECLINED, _("Decline a meeting"), _("Meeting declined")),
    LogAction(WITHDRAWN, _("Withdraw a meeting request"), _("Meeting request withdrawn")),
    LogAction(EXPIRED, _("Expire a meeting request"), _("Meeting request expired")),
)

audit.register(*ACTIONS)

record = audit.record
