"""The data rooms' e-mails and their outbox effects, each mail in its recipient's language.

A request goes to the startup's members; an approval, a refusal and a revocation to the
investor's members. The services schedule the effects in their own transaction
(``portal.outbox``); each effect reads the access again and sends nothing when what it
announces no longer holds (a request approved before the mail went out is not announced as
waiting). A decision's mail also names the decision (``DECISION_NOTICE``: its ``decided_at``), so
of the same decision taken twice while the first mail waited (approved, revoked, asked again,
approved) only the latest is announced. ``incubator/tasks.py`` imports this module so that
Celery's workers know the effects.
"""

from __future__ import annotations

from django.urls import reverse

from incubator.models import DataRoomAccess
from incubator.vocabulary import AccessStatus
from portal import outbox
from portal.emails import site_url
from portal.review.decisions import Notice
from portal.review.notify import StillTrue, tell_members

REQUESTED_EFFECT = "incubator.dataroom_requested_email"
DECISION_EFFECT = "incubator.dataroom_decision_email"
#: What an investor hears about (templates incubator/datarooms/email/access_<event>*.txt).
DECISIONS = (AccessStatus.APPROVED, AccessStatus.DECLINED, AccessStatus.REVOKED)
#: The investor's mail about a decision (``decide``): the event is the status it led to.
DECISION_NOTICE = Notice(DECISION_EFFECT, lambda access, status: {"access_id": access.pk, "status": status})
still_true = StillTrue({status: (status,) for status in DECISIONS})


def _context(access) -> dict:
    return {
        "access": access,
        "startup_name": lambda: str(access.startup.name),
        "investor_name": lambda: str(access.investor.name),
        "status": lambda: str(access.get_status_display()),
    }


def send_requested(access) -> None:
    url = lambda: site_url(reverse("incubator:dataroom_manage", kwargs={"organisation_pk": access.startup_id}))  # noqa: E731
    tell_members(
        access.startup,
        template="incubator/datarooms/email/access_requested",
        context=_context(access) | {"room_url": url},
        recipient="member",
    )


def send_decision(access) -> None:
    url = lambda: site_url(reverse("incubator:dataroom", kwargs={"access_pk": access.pk}))  # noqa: E731
    tell_members(
        access.investor,
        template=f"incubator/datarooms/email/access_{access.status}",
        context=_context(access) | {"room_url": url},
        recipient="member",
    )


def _access(access_id: int) -> DataRoomAccess | None:
    return DataRoomAccess.objects.select_related("startup", "investor").filter(pk=access_id).first()


@outbox.effect(REQUESTED_EFFECT)
def requested_email(*, access_id: int) -> None:
    access = _access(access_id)
    if access is None or access.status != AccessStatus.REQUESTED:
        return
    send_requested(access)


@outbox.effect(DECISION_EFFECT)
def decision_email(*, access_id: int, status: str, decided_at: str | None = None) -> None:
    access = _access(access_id)
    if access is None or status not in DECISIONS or not still_true(access, status, decided_at=decided_at):
        return
    send_decision(access)
