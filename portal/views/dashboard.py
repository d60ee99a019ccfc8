"""The member dashboard: my organisations, my role and what I can do in each, invitations to me."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal import permissions, queries
from portal.models.organisations import VerificationStatus

#: What each verification status means for a member, shown beside the badge.
STATUS_HELP = {
    VerificationStatus.PENDING: _(
        "Awaiting verification: nothing you publish is public until the alliance verifies your organisation."
    ),
    VerificationStatus.VERIFIED: _("Verified: your organisation's page and what you publish are public."),
    VerificationStatus.REJECTED: _(
        "Verification refused: nothing you publish is public. Correct the profile to submit it for verification again."
    ),
    VerificationStatus.SUSPENDED: _(
        "Suspended: your organisation's page and everything it published are hidden "
        "until the alliance verifies it again."
    ),
}

STATUS_BADGE = {
    VerificationStatus.PENDING: "badge-warning",
    VerificationStatus.VERIFIED: "badge-success",
    VerificationStatus.REJECTED: "badge-danger",
    VerificationStatus.SUSPENDED: "badge-danger",
}


def describe_status(organisation) -> dict:
    status = organisation.verification_status
    return {
        "label": organisation.get_verification_status_display(),
        "help": STATUS_HELP[status],
        "badge": STATUS_BADGE[status],
    }


@login_required
def dashboard(request):
    memberships = list(queries.memberships_for(request.user))
    for membership in memberships:
        membership.can = permissions.role_capabilities(membership.role)
        membership.status = describe_status(membership.organisation)
    invitations = list(queries.invitations_addressed_to(request.user))
    return render(
        request,
        "portal/dashboard/dashboard.html",
        {"memberships": memberships, "invitations": invitations},
    )
