"""Member pages for organisations: register, edit, members and invitations, public page.

Views are thin: look the object up through a queryset limited to what the user may
reach (another organisation's ID is a 404), call a service, render. Business rules and
permission checks live in ``portal.organisations.services`` / ``portal.permissions``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import panels, permissions, public_cache
from portal.i18n import before_full_stop
from portal.keep_input import keeps_input, posted_or_kept
from portal.organisations import invitations, queries, services
from portal.organisations.forms import InvitationForm, MemberRoleForm, OrganisationForm
from portal.organisations.models import Invitation, MemberRole, VerificationStatus
from portal.review.errors import form_status, take_action, take_posted

#: What each verification status means for a member, shown beside the badge.
STATUS_HELP = {
    VerificationStatus.PENDING: gettext_lazy(
        "Awaiting verification: nothing you publish is public until the alliance verifies your organisation."
    ),
    VerificationStatus.VERIFIED: gettext_lazy("Verified: your organisation's page and what you publish are public."),
    VerificationStatus.REJECTED: gettext_lazy(
        "Verification refused: nothing you publish is public. Correct the profile to submit it for verification again."
    ),
    VerificationStatus.SUSPENDED: gettext_lazy(
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


def _my_organisation(request, pk):
    return get_object_or_404(queries.organisations_for(request.user), pk=pk)


@keeps_input
def organisation_create(request):
    form = OrganisationForm(posted_or_kept(request))
    return take_posted(
        request,
        form,
        lambda form: services.create_organisation(
            creator=request.user, creation_token=form.creation_token_value(), **form.profile()
        ),
        refused=services.OrganisationError,
        done=lambda organisation: (
            _("%(organisation)s is registered. The alliance will verify it; until then nothing it publishes is public.")
            % {"organisation": organisation}
        ),
        success_url=lambda organisation: reverse("portal:organisation_members", kwargs={"pk": organisation.pk}),
    ) or render(
        request,
        "portal/organisations/organisation_form.html",
        {"form": form, "organisation": None},
        status=form_status(request),
    )


@keeps_input
def organisation_edit(request, pk):
    organisation = _my_organisation(request, pk)
    if not permissions.can_edit_profile(request.user, organisation):
        raise PermissionDenied
    form = OrganisationForm(posted_or_kept(request), instance=organisation)
    taken = take_posted(
        request,
        form,
        lambda form: services.update_organisation(actor=request.user, organisation=organisation, **form.changes()),
        refused=services.OrganisationError,
        done=_("The organisation's profile is saved."),
        success_url=reverse("portal:dashboard"),
    )
    if taken:
        return taken
    organisation.refresh_from_db()  # the bound form wrote unsaved values onto the instance
    return render(
        request,
        "portal/organisations/organisation_form.html",
        {"form": form, "organisation": organisation, "status": describe_status(organisation)},
        status=form_status(request),
    )


def _members_page(request, organisation, *, invite_form=None, status=200):
    membership = permissions.membership(request.user, organisation)
    can_manage = membership is not None and membership.role == MemberRole.OWNER
    context = {
        "organisation": organisation,
        "status": describe_status(organisation),
        "my_membership": membership,
        "can_manage": can_manage,
        "members": list(queries.organisation_members(organisation)),
        "invitations": list(queries.pending_invitations(organisation)) if can_manage else [],
        "invite_form": (invite_form or InvitationForm()) if can_manage else None,
        "roles": MemberRole.choices,
    }
    return render(request, "portal/organisations/members.html", context, status=status)


@login_required
def organisation_members(request, pk):
    """Everyone in the organisation sees who belongs to it; owners also invite and manage here."""
    organisation = _my_organisation(request, pk)
    if request.method != "POST":
        return _members_page(request, organisation)
    form = InvitationForm(request.POST)
    invited = take_posted(
        request,
        form,
        lambda form: invitations.invite_member(
            inviter=request.user,
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            creation_token=form.creation_token_value(),
        ),
        refused=services.OrganisationError,
        done=lambda invitation: _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
        success_url=reverse("portal:organisation_members", kwargs={"pk": organisation.pk}),
    )
    if invited:
        return invited
    return _members_page(request, organisation, invite_form=form, status=400)


@require_POST
@login_required
def member_role(request, pk, membership_id):
    organisation = _my_organisation(request, pk)
    membership = organisation.memberships.select_related("user").filter(pk=membership_id).first()
    form = MemberRoleForm(request.POST)
    if membership is None:
        messages.info(request, _("This person is no longer a member of the organisation."))
    elif not form.is_valid():
        messages.error(request, _("Choose a role."))
    else:
        role = form.cleaned_data["role"]
        take_action(
            request,
            lambda: services.change_member_role(actor=request.user, membership=membership, role=role),
            refused=services.OrganisationError,
            done=_("%(member)s is now %(role)s.") % {"member": membership.user, "role": MemberRole(role).label},
        )
    return redirect("portal:organisation_members", pk=organisation.pk)


@require_POST
@login_required
def member_remove(request, pk, membership_id):
    organisation = _my_organisation(request, pk)
    membership = organisation.memberships.select_related("user").filter(pk=membership_id).first()
    if membership is None:
        messages.info(request, _("This person is no longer a member of the organisation."))
        return redirect("portal:organisation_members", pk=organisation.pk)
    leaving = membership.user_id == request.user.pk
    if leaving:
        done = _("You have left %(organisation)s.") % {"organisation": before_full_stop(organisation)}
    else:
        done = _("%(member)s has been removed.") % {"member": membership.user}
    removed = take_action(
        request,
        lambda: services.remove_member(actor=request.user, membership=membership),
        refused=services.OrganisationError,
        done=done,
    )
    if removed and leaving:
        return redirect("portal:dashboard")
    return redirect("portal:organisation_members", pk=organisation.pk)


@require_POST
@login_required
def organisation_leave(request, pk):
    organisation = _my_organisation(request, pk)
    if take_action(
        request,
        lambda: services.leave_organisation(user=request.user, organisation=organisation),
        refused=services.OrganisationError,
        done=_("You have left %(organisation)s.") % {"organisation": before_full_stop(organisation)},
    ):
        return redirect("portal:dashboard")
    return redirect("portal:organisation_members", pk=organisation.pk)


@require_POST
@login_required
def invitation_revoke(request, pk, invitation_id):
    organisation = _my_organisation(request, pk)
    invitation = get_object_or_404(organisation.invitations, pk=invitation_id)
    take_action(
        request,
        lambda: invitations.revoke_invitation(actor=request.user, invitation=invitation),
        refused=services.OrganisationError,
        done=_("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
    )
    return redirect("portal:organisation_members", pk=organisation.pk)


@login_required
def invitation_accept(request, token):
    """GET shows what the invitation offers and whether this account can accept it; POST accepts."""
    invitation = get_object_or_404(Invitation.objects.select_related("organisation", "invited_by"), token=token)
    if request.method == "POST":
        try:
            invitations.accept_invitation(user=request.user, invitation=invitation)
        except services.InvitationAlreadyAccepted as exc:
            messages.info(request, str(exc))
            return redirect("portal:dashboard")
        except services.OrganisationError as exc:
            return _invitation_page(request, invitation, problem=str(exc), status=400)
        messages.success(
            request,
            _("Welcome to %(organisation)s. You are now %(role)s.")
            % {"organisation": before_full_stop(invitation.organisation), "role": invitation.get_role_display()},
        )
        return redirect("portal:dashboard")
    try:
        invitations.check_invitation(user=request.user, invitation=invitation)
    except services.InvitationAlreadyAccepted as exc:
        return _invitation_page(request, invitation, problem=str(exc), accepted=True)
    except services.OrganisationError as exc:
        return _invitation_page(request, invitation, problem=str(exc))
    return _invitation_page(request, invitation)


def _invitation_page(request, invitation, *, problem="", accepted=False, status=200):
    return render(
        request,
        "portal/organisations/invitation_accept.html",
        {"invitation": invitation, "organisation": invitation.organisation, "problem": problem, "accepted": accepted},
        status=status,
    )


def organisation_detail(request, slug):
    """The organisation's public page: verified organisations only, with what it has on the portal
    (the apps' ``ORGANISATION_PANELS``, ``portal.panels``: public records only, whoever asks).

    Members and alliance staff may also open it before verification (with a notice);
    for everyone else an unverified organisation does not exist (404).
    """
    organisation = get_object_or_404(queries.organisations_visible_to(request.user), slug=slug)
    response = render(
        request,
        "portal/organisations/organisation_detail.html",
        {"organisation": organisation, "status": describe_status(organisation)},
    )
    if organisation.is_verified:
        # The panels other apps put on the page (portal.panels) declare what they show.
        public_cache.mark_public(
            response, f"organisation:{organisation.pk}", "organisations", *panels.ORGANISATION.tags()
        )
    return response
