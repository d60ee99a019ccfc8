"""Team pages: create a team, its members and invitations, answer an invitation; the roster's changes
(``competition.teams.roster``): leave, remove a member, withdraw an invitation, hand over the
captaincy, delete the team.

Every team page looks the team up among the user's own teams (others get a 404, the anonymous the
sign-in page); the services refuse what the user's role does not allow (a 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competition import permissions, queries
from competition import services as entry_services
from competition.models import AlgorithmTask
from competition.teams import roster, services
from competition.teams.forms import InvitationForm, TeamForm
from competition.vocabulary import TeamRole
from portal.keep_input import keeps_input, posted_or_kept
from portal.review.errors import form_status, take_action, take_posted


@keeps_input
def team_create(request, slug):
    """A new team's form; once registration closed, back to the member's competition page with the reason
    (a draft or unknown competition stays a 404)."""
    competition = get_object_or_404(queries.competitions(), slug=slug)
    # A POST goes to the service, which says why on the form (and finds the team a repeated form made).
    closed = services.registration_closed(competition) or (
        request.method != "POST" and services.already_in_a_team(request.user, competition)
    )
    if closed:
        messages.info(request, closed)
        return redirect("competition:my_competition")
    form = TeamForm(posted_or_kept(request), user=request.user)
    return take_posted(
        request,
        form,
        lambda form: services.create_team(
            actor=request.user,
            competition=competition,
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
            creation_token=form.creation_token_value(),
        ),
        refused=services.TeamError,
        done=_("The team is created. Invite its members, then start an entry."),
        success_url=lambda team: team.get_absolute_url(),
    ) or render(
        request, "competition/team_create.html", {"competition": competition, "form": form}, status=form_status(request)
    )


def _find_team(request, pk):
    """The user's team ``pk`` (with its competition's stages), or ``None``."""
    return queries.teams_for(request.user).prefetch_related("competition__stages").filter(pk=pk).first()


def _my_team(request, pk):
    team = _find_team(request, pk)
    if team is None:
        raise Http404
    return team


@keeps_input
def team_detail(request, pk):
    team = _my_team(request, pk)
    is_captain = permissions.is_captain(request.user, team)
    form = InvitationForm(posted_or_kept(request)) if is_captain else None
    if request.method == "POST" and form is None:
        return render(request, "competition/team_detail.html", team_context(team, None, request.user), status=403)
    # Only a POST is taken, and a POST without the captain's form was answered above.
    return take_posted(
        request,
        form,
        lambda form: services.invite_member(
            actor=request.user, team=team, email=form.cleaned_data["email"], creation_token=form.creation_token_value()
        ),
        refused=services.TeamError,
        done=lambda _invitation: _("An invitation is on its way to %(email)s.") % form.cleaned_data,
        success_url=team.get_absolute_url(),
    ) or render(
        request, "competition/team_detail.html", team_context(team, form, request.user), status=form_status(request)
    )


def _standing(team, user) -> tuple[list, str | None]:
    """The team's memberships (captain first) and ``user``'s role in it."""
    memberships = list(team.memberships.select_related("user").order_by("-role", "joined_at"))
    return memberships, next((m.role for m in memberships if m.user_id == user.pk), None)


def team_context(team, form, user) -> dict:
    memberships, role = _standing(team, user)
    alone = len(memberships) == 1
    is_captain = role == TeamRole.CAPTAIN
    # A withdrawn invitation's address is shown to the captain only, as the pending ones are.
    events, older = queries.roster_history(team, show_addresses=is_captain)
    return {
        "team": team,
        "memberships": memberships,
        "is_captain": is_captain,
        # Who is in the team is fixed after the submission deadline: the sentence instead of the buttons.
        "roster_fixed": services.roster_fixed(team.competition),
        "alone": alone,
        "may_disband": is_captain and alone and not roster.why_not_disband(team, alone=alone),
        "invitations": team.invitations.pending() if is_captain else [],
        "entries": queries.as_shown(team.entries.select_related("track")).order_by("-updated_at"),
        # After the submission deadline: the sentence saying when new entries closed, not the button.
        "entries_closed": entry_services.new_entries_closed(team.competition),
        "algorithm_tasks": AlgorithmTask.objects.filter(track__competition_id=team.competition_id).order_by(
            "track__sort_order", "pk"
        ),
        "invite_form": form,
        "roster_history": events,
        "roster_history_cut": older,
    }


@login_required
def invitation(request, token):
    invitation = queries.invitation_by_token(token).first()
    if invitation is None:
        raise Http404
    if request.method == "POST":
        action = services.accept_invitation if request.POST.get("action") == "accept" else services.decline_invitation
        try:
            action(user=request.user, invitation=invitation)
        except services.InvitationAlreadyAccepted as exc:  # a repeated submit: the first one joined
            messages.info(request, str(exc))
            return redirect(invitation.team.get_absolute_url())
        except services.TeamError as exc:
            return _invitation_page(request, invitation, exc, status=400)
        if action is services.accept_invitation:
            messages.success(request, _("Welcome to %(team)s.") % {"team": invitation.team})
            return redirect(invitation.team.get_absolute_url())
        messages.info(request, _("The invitation is declined."))
        return redirect("competition:my_competition")
    try:
        services.check_invitation(user=request.user, invitation=invitation)
    except services.TeamError as exc:
        return _invitation_page(request, invitation, exc)
    return _invitation_page(request, invitation, None)


def _invitation_page(request, invitation, refusal, status=200):
    """The invitation with why it cannot be answered, if it cannot; one already in another team of
    the competition may still decline it."""
    context = {
        "invitation": invitation,
        "error": str(refusal) if refusal else None,
        "may_decline": isinstance(refusal, services.JoiningRefused),
    }
    return render(request, "competition/invitation.html", context, status=status)


# --- the roster ------------------------------------------------------------------------------


def _gone(request, pk):
    """A team the user is not in: after they left or deleted it (a repeated submit), say so kindly;
    else a 404, as for any team not theirs."""
    name = roster.gone_from(request.user, pk)
    if name is None:
        raise Http404
    messages.info(request, _("You are no longer in %(team)s.") % {"team": name})
    return redirect("competition:my_competition")


def _confirm(request, team, template: str, refusal: str, **context):
    """The page saying what leaving or deleting does (or why it is not possible), with the button."""
    context |= {"team": team, "refusal": refusal}
    return render(request, f"competition/{template}.html", context, status=form_status(request))


@login_required
def team_leave(request, pk):
    """Leave the team: GET says what happens, POST leaves (a member; a captain once alone deletes instead)."""
    team = _find_team(request, pk)
    if team is None:
        return _gone(request, pk)
    if request.method == "POST":
        try:
            roster.leave_team(actor=request.user, team=team)
        except roster.NotInTeam:  # a double submit that crossed the first
            return _gone(request, pk)
        except services.TeamError as exc:
            return _confirm(request, team, "team_leave", str(exc))
        messages.success(request, _("You have left %(team)s.") % {"team": team})
        return redirect("competition:my_competition")
    memberships, role = _standing(team, request.user)
    refusal = roster.why_not_leave(request.user, team, role=role, alone=len(memberships) == 1)
    takes_organisation = team.organisation_id is not None and team.created_by_id == request.user.pk
    return _confirm(request, team, "team_leave", refusal, takes_organisation=takes_organisation)


@login_required
def team_disband(request, pk):
    """Delete the team: GET says what happens, POST deletes it (its captain, alone in it, no entries)."""
    team = _find_team(request, pk)
    if team is None:
        return _gone(request, pk)
    if request.method == "POST":
        try:
            roster.disband_team(actor=request.user, team=team)
        except services.TeamError as exc:
            return _confirm(request, team, "team_disband", str(exc))
        messages.success(request, _("The team %(team)s is deleted.") % {"team": team})
        return redirect("competition:my_competition")
    permissions.require_captain(request.user, team)
    memberships, _role = _standing(team, request.user)
    return _confirm(request, team, "team_disband", roster.why_not_disband(team, alone=len(memberships) == 1))


def _roster_change(request, pk, change, *, done):
    """A captain's button on the team page: ``change(team)``, its message (or the refusal), back to the team."""
    team = _my_team(request, pk)
    take_action(request, lambda: change(team), done=done, refused=services.TeamError)
    return redirect(team.get_absolute_url())


@require_POST
@login_required
def member_remove(request, pk, membership_pk):
    return _roster_change(
        request,
        pk,
        lambda team: roster.remove_member(actor=request.user, team=team, membership_id=membership_pk),
        done=lambda membership: _("%(name)s is no longer in the team.") % {"name": membership.user.display_name},
    )


@require_POST
@login_required
def captain_hand_over(request, pk, membership_pk):
    return _roster_change(
        request,
        pk,
        lambda team: roster.hand_over_captaincy(actor=request.user, team=team, membership_id=membership_pk),
        done=lambda membership: _("%(name)s is now the team's captain.") % {"name": membership.user.display_name},
    )


@require_POST
@login_required
def invitation_withdraw(request, pk, invitation_pk):
    return _roster_change(
        request,
        pk,
        lambda team: roster.withdraw_invitation(actor=request.user, team=team, invitation_id=invitation_pk),
        done=lambda invitation: _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
    )
