"""The member dashboard: my organisations, my role and what I can do in each, invitations to me.

Apps add their own links to each organisation's card (``portal.dashboard``).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal import dashboard as sections
from portal import permissions
from portal.organisations import queries
from portal.organisations.views import describe_status


@login_required
def dashboard(request):
    memberships = list(queries.memberships_for(request.user))
    for membership in memberships:
        membership.can = permissions.role_capabilities(membership.role)
        membership.status = describe_status(membership.organisation)
        membership.sections = sections.sections_for(membership.organisation)
    invitations = list(queries.invitations_addressed_to(request.user))
    return render(
        request,
        "portal/dashboard/dashboard.html",
        {"memberships": memberships, "invitations": invitations},
    )
