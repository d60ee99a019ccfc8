"""Who may do what with programme applications. Every check of the applications is here.

An application is between a startup and a platform (a service platform or an incubator): the
members of either side see it; the startup's members withdraw it while it awaits review; the
platform's members decide on it, and so do alliance staff and project managers, in the Wagtail
admin. On the member pages nobody else reaches it: ``incubator.programmes.queries`` leaves it
out, so its ID is a 404.
"""

from __future__ import annotations

from portal import permissions as portal_permissions
from portal.organisations.models import OrganisationKind
from portal.permissions import member_organisation_ids

PLATFORM_KINDS = (OrganisationKind.SERVICE_PLATFORM, OrganisationKind.INCUBATOR)
APPLYING_KINDS = (OrganisationKind.STARTUP,)


def takes_part(organisation) -> bool:
    """For the dashboard's section: startups apply, platforms and incubators receive."""
    return organisation.kind in (*APPLYING_KINDS, *PLATFORM_KINDS)


def may_apply_for(user, startup) -> bool:
    """Members of a verified startup apply in its name."""
    return startup.kind in APPLYING_KINDS and startup.is_verified and startup.pk in member_organisation_ids(user)


def receives_applications(platform) -> bool:
    """A verified platform or incubator whose profile says it accepts applications."""
    profile = getattr(platform, "platform_profile", None)
    return (
        platform.kind in PLATFORM_KINDS
        and platform.is_verified
        and profile is not None
        and profile.accepts_applications
    )


def may_decide(user) -> bool:
    """Alliance staff and project managers decide on any application."""
    return portal_permissions.is_alliance_staff(user)


def received(user, application) -> bool:
    """The application was sent to one of the user's organisations."""
    return application.platform_id in member_organisation_ids(user)


def may_decide_on(user, application) -> bool:
    """The platform's members decide on the applications it received, while the alliance has it verified
    (a suspended platform's acceptance would still put the startup into the pipeline and e-mail it)."""
    return received(user, application) and application.platform.is_verified


def decisions_paused(user, application) -> bool:
    """The application was sent to one of the user's organisations, which the alliance does not have
    verified at the moment (suspended): its members decide again once it is (``may_decide_on``)."""
    return received(user, application) and not application.platform.is_verified


def may_withdraw(user, application) -> bool:
    return application.startup_id in member_organisation_ids(user)
