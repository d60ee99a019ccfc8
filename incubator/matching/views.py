"""The suggestions page (signed-in members of verified investors and startups) and its dismiss / undo buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from incubator.matching import permissions, queries, services
from incubator.matching.forms import SuggestionActionForm


@login_required
@require_safe
def suggestions(request):
    organisations = list(permissions.suggestion_organisations(request.user))
    if not organisations:
        return render(request, "incubator/matching/refused.html", status=403)
    sections = [queries.suggestions_for(organisation, request.user) for organisation in organisations]
    return render(request, "incubator/matching/suggestions.html", {"sections": sections})


def _pair(request):
    form = SuggestionActionForm(request.POST)
    if not form.is_valid():
        raise Http404
    organisation = get_object_or_404(
        permissions.suggestion_organisations(request.user), slug=form.cleaned_data["organisation"]
    )
    other = get_object_or_404(permissions.counterparts(organisation), pk=form.cleaned_data["other"])
    return organisation, other


def _change(request, service, done: str):
    """A suggestion's button: ``service`` on the posted pair, the ``done`` message (``%(name)s``: the
    other organisation), back to the suggestions."""
    organisation, other = _pair(request)
    service(actor=request.user, organisation=organisation, other=other)
    messages.success(request, done % {"name": other.name})
    return redirect("incubator:suggestions")


@login_required
@require_POST
def dismiss(request):
    return _change(request, services.dismiss_suggestion, _("%(name)s will no longer be suggested to you."))


@login_required
@require_POST
def restore(request):
    return _change(request, services.restore_suggestion, _("%(name)s may be suggested to you again."))
