"""Team pages: create a team, its members and invitations, answer an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from competition import permissions, queries
from competition import services as entry_services
from competition.models import AlgorithmTask
from competition.teams import services
from competition.teams.forms import InvitationForm, TeamForm
from portal.review.errors import take_posted


@login_required
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
    form = TeamForm(request.POST or None, user=request.user)
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
    ) or render(request, "competition/team_create.html", {"competition": competition, "form": form})


@login_required
def team_detail(request, pk):
    team = get_object_or_404(queries.teams_for(request.user).prefetch_related("competition__stages"), pk=pk)
    is_captain = permissions.is_captain(request.user, team)
    form = InvitationForm(request.POST or None) if is_captain else None
    if request.method == "POST" and form is None:
        return render(request, "competition/team_detail.html", team_context(team, None), status=403)
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
    ) or render(request, "competition/team_detail.html", team_context(team, form))


def team_context(team, form) -> dict:
    return {
        "team": team,
        "memberships": team.memberships.select_related("user").order_by("-role", "joined_at"),
        "invitations": team.invitations.filter(accepted_at__isnull=True, declined_at__isnull=True),
        "entries": queries.as_shown(team.entries.select_related("track")).order_by("-updated_at"),
        # After the submission deadline: the sentence saying when new entries closed, not the button.
        "entries_closed": entry_services.new_entries_closed(team.competition),
        "algorithm_tasks": AlgorithmTask.objects.filter(track__competition_id=team.competition_id).order_by(
            "track__sort_order", "pk"
        ),
        "invite_form": form,
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
        "may_decline": isinstance(refusal, services.AlreadyInATeam),
    }
    return render(request, "competition/invitation.html", context, status=status)
