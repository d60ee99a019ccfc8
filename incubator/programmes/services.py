"""Writes of the programme applications: keyword-only, one transaction each, the permission checked
inside, a translated ``ProgrammeError`` for what a rule refuses, e-mails through the outbox and
every step in the application's Wagtail history.

The life of an application::

    apply ─▶ submitted ─accept─▶ accepted
                 │     ─reject─▶ rejected   (with the reason the startup reads)
                 └──withdraw──▶ withdrawn   (by the startup, while it awaits review)

A startup has at most one application awaiting review per platform; once it is decided or
withdrawn the startup may apply again. The decisions are the review kit's (``REVIEW``): the
platform's members take them on the member page, alliance staff there or in the Wagtail admin.
An accepted startup enters the project managers' pipeline (discovered, source "application").
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubator.models import ProgrammeApplication
from incubator.pipeline import services as pipeline
from incubator.programmes import emails, permissions, queries
from incubator.vocabulary import ApplicationStatus, PipelineSource, PlatformService
from portal import outbox
from portal.idempotency import created_with, save_once
from portal.models import Organisation
from portal.review import audit
from portal.review.audit import LogAction
from portal.review.decisions import Decision, Notice, Review
from portal.review.errors import ServiceError
from portal.review.notify import members_to_tell

MESSAGE_MAX = 3000
#: The refusal of an application for none of the platform's services (the form's, then the service's).
NO_SERVICE = gettext_lazy("Choose at least one of the services you apply for.")

SUBMITTED_ACTION = LogAction(
    "incubator.programme_application.submitted", gettext_lazy("Apply to a programme"), gettext_lazy("Application sent")
)
WITHDRAWN_ACTION = LogAction(
    "incubator.programme_application.withdrawn",
    gettext_lazy("Withdraw a programme application"),
    gettext_lazy("Application withdrawn"),
)
audit.register(SUBMITTED_ACTION, WITHDRAWN_ACTION)


class ProgrammeError(ServiceError):
    """A rule of the applications refused the action (``str()``: the translated reason)."""


def _state(application: ProgrammeApplication) -> dict:
    return {"status": application.status, "services": list(application.services)}


def _notify(application: ProgrammeApplication, event: str) -> None:
    outbox.schedule(emails.EFFECT, {"application_id": application.pk, "event": event})


def _clean_services(platform, services) -> list[str]:
    offered = list(getattr(platform.platform_profile, "services", None) or [])
    chosen = [value for value in PlatformService.values if value in set(services or [])]
    unknown = set(services or []) - set(offered)
    if unknown:
        raise ProgrammeError(_("Choose among the services this platform offers."), field="services")
    if offered and not chosen:
        raise ProgrammeError(NO_SERVICE, field="services")
    return chosen


def _clean_message(message) -> str:
    message = (message or "").strip()
    if not message:
        raise ProgrammeError(
            _("Say what you ask of the programme: the platform reviews your application on it."), field="message"
        )
    if len(message) > MESSAGE_MAX:
        raise ProgrammeError(
            _("Keep the message within %(limit)s characters.") % {"limit": MESSAGE_MAX}, field="message"
        )
    return message


@transaction.atomic
def apply(*, actor, startup, platform, services, message: str, token=None) -> ProgrammeApplication:
    """Apply, in ``startup``'s name, to ``platform``'s programme for ``services``.

    The same form sent twice (``token``) creates one application; a second application while
    one awaits review is refused with the date of the first.
    """
    # The startup's row is locked: two different forms sent at once cannot both pass the check below.
    startup = Organisation.objects.select_for_update().get(pk=startup.pk)
    if not permissions.may_apply_for(actor, startup):
        raise PermissionDenied
    earlier = created_with(ProgrammeApplication.objects.filter(startup=startup), token)
    if earlier is not None:
        return earlier
    if not permissions.receives_applications(platform):
        raise ProgrammeError(_("This platform does not take applications at the moment."))
    waiting = queries.open_application(startup, platform)
    if waiting is not None:
        raise ProgrammeError(
            _(
                "%(startup)s already has an application awaiting review here, sent on %(date)s. "
                "Withdraw it to send another."
            )
            # The day in Shanghai, as the pages write it (sent before 08:00, the stored UTC time is the day before).
            % {"startup": startup.name, "date": timezone.localdate(waiting.created_at).isoformat()}
        )
    application = ProgrammeApplication(
        startup=startup,
        platform=platform,
        services=_clean_services(platform, services),
        message=_clean_message(message),
        submitted_by=actor,
        creation_token=token,
    )
    application, created = save_once(application, among=ProgrammeApplication.objects.filter(startup=startup))
    if created:
        audit.record(
            actor=actor, target=application, action=SUBMITTED_ACTION.name, before={}, after=_state(application)
        )
        _notify(application, "submitted")
    return application


@transaction.atomic
def withdraw(*, actor, application: ProgrammeApplication) -> ProgrammeApplication:
    """The startup takes back an application awaiting review (withdrawing it twice changes nothing)."""
    application = ProgrammeApplication.objects.select_for_update().get(pk=application.pk)
    if not permissions.may_withdraw(actor, application):
        raise PermissionDenied
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    if application.status != ApplicationStatus.SUBMITTED:
        raise ProgrammeError(
            _("This application's status is “%(status)s”: only one awaiting review can be withdrawn.")
            % {"status": application.get_status_display()}
        )
    before = _state(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["status", "withdrawn_at"])
    after = _state(application)
    audit.record(actor=actor, target=application, action=WITHDRAWN_ACTION.name, before=before, after=after)
    _notify(application, "withdrawn")
    return application


def _enter_pipeline(application: ProgrammeApplication, *, by, note: str) -> None:
    """An accepted startup enters the project managers' pipeline (discovered, source "application"),
    unless it is there already."""
    services_label = application.services_display
    pipeline.discover_on_behalf(
        startup=application.startup,
        source=PipelineSource.APPLICATION,
        note=" · ".join(part for part in (application.platform.name_zh, services_label) if part),
    )


def _not_awaiting(application: ProgrammeApplication, decision) -> str:
    return _("This application's status is “%(status)s”: only one awaiting review can be decided.") % {
        "status": application.get_status_display()
    }


#: The platform's (or staff's) decisions on an application, e-mailed to the startup's members.
REVIEW = Review(
    ProgrammeApplication,
    may_decide=permissions.may_decide,
    may_decide_on=permissions.may_decide_on,
    error=ProgrammeError,
    refusal=_not_awaiting,
    notice=Notice(
        emails.EFFECT,
        lambda application, event: {"application_id": application.pk, "event": event},
        recipients=lambda application: members_to_tell(application.startup),  # the decisions are the startup's news
    ),
    decisions=[
        Decision(
            "accept",
            gettext_lazy("Accept"),
            to=ApplicationStatus.ACCEPTED,
            from_states=(ApplicationStatus.SUBMITTED,),
            note_field="note",
            service=_enter_pipeline,
            email="accepted",
            done=gettext_lazy("The application is accepted; the startup is told."),
            done_untold=gettext_lazy("The application is accepted. The startup has no member to notify."),
            log=LogAction(
                "incubator.programme_application.accepted",
                gettext_lazy("Accept a programme application"),
                gettext_lazy("Application accepted"),
            ),
        ),
        Decision(
            "reject",
            gettext_lazy("Decline"),
            to=ApplicationStatus.REJECTED,
            from_states=(ApplicationStatus.SUBMITTED,),
            note_required=True,
            note_field="note",
            missing_note=gettext_lazy("Give the reason: the startup's members will read it."),
            email="rejected",
            done=gettext_lazy("The application is declined; the startup is told why."),
            done_untold=gettext_lazy(
                "The application is declined. The startup has no member to notify: nobody is told."
            ),
            log=LogAction(
                "incubator.programme_application.rejected",
                gettext_lazy("Decline a programme application"),
                gettext_lazy("Application declined, with a reason"),
            ),
        ),
    ],
)


def accept(*, actor, application: ProgrammeApplication, note: str = "") -> ProgrammeApplication:
    """Accept the application; ``note`` (the next steps) is e-mailed to the startup."""
    return REVIEW.take("accept", application, by=actor, note=note)


def reject(*, actor, application: ProgrammeApplication, reason: str) -> ProgrammeApplication:
    """Decline the application with the reason the startup's members read."""
    return REVIEW.take("reject", application, by=actor, note=reason)
