"""The member dashboard: my own work, my organisations, my role and what I can do in each, invitations to me.

Apps add their own links to each organisation's card and their cards to "My work" (``portal.dashboard``);
alliance staff and project managers find the admin there too.
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
    of_organisation = sections.sections_of([membership.organisation for membership in memberships])
    for membership in memberships:
        membership.can = permissions.role_capabilities(membership.role)
        membership.status = describe_status(membership.organisation)
        membership.sections = of_organisation[membership.organisation.pk]
    context = {
        "memberships": memberships,
        "invitations": list(queries.invitations_addressed_to(request.user)),
        "shortcuts": sections.shortcuts_for(request.user),
        "uses_admin": request.user.has_perm("wagtailadmin.access_admin"),
    }
    return render(request, "portal/dashboard/dashboard.html", context)
