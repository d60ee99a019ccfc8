"""The meetings' log actions (``portal.review.audit``): every change of a request is an entry of its
Wagtail history, with the state before and after. Importing this module registers them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit

REQUESTED = audit.action("incubator.meeting.requested", _("Request a meeting"), _("Meeting requested"))
ACCEPTED = audit.action("incubator.meeting.accepted", _("Accept a meeting"), _("Meeting accepted"))
DECLINED = audit.action("incubator.meeting.declined", _("Decline a meeting"), _("Meeting declined"))
WITHDRAWN = audit.action("incubator.meeting.withdrawn", _("Withdraw a meeting request"), _("Meeting request withdrawn"))
EXPIRED = audit.action("incubator.meeting.expired", _("Expire a meeting request"), _("Meeting request expired"))

record = audit.record
