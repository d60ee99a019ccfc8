from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from portal import queries
from portal.models import Invitation, Organisation


@login_required
def dashboard(request):
    memberships = queries.memberships_for(request.user)
    return render(request, "portal/dashboard.html", {"memberships": memberships})


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.verified(), slug=slug)
    return render(request, "portal/organisation_detail.html", {"organisation": organisation})


@login_required
def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation.objects.pending(), token=token)
    return render(request, "portal/invitation_accept.html", {"invitation": invitation})
