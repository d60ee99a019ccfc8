"""The public results page of a competition: its winners per track, once staff published them.

Until then the page is a 404 for everyone but alliance staff, who see a preview marked as such
(never cached: they are signed in). Published, it is public-cached under the app's tag, which
``competition.results.services`` clears when results are published or an award changes.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from competition import permissions, queries
from competition.models import CACHE_TAG
from competition.results import queries as results_queries
from portal import public_cache


@require_safe
def results_page(request, slug):
    competition = get_object_or_404(queries.competitions(), slug=slug)
    publication = results_queries.publication(competition)
    preview = publication is None
    if preview and not permissions.can_manage_competitions(request.user):
        raise Http404
    context = {
        "competition": competition,
        "call": queries.call_link(request, competition),
        "publication": publication,
        "preview": preview,
        "tracks": results_queries.winners_by_track(competition),
    }
    response = render(request, "competition/results/results.html", context)
    # The page names the winners' organisations: a rename or a suspension (their tag) refreshes it too.
    # The breadcrumbs name the call page: its title or address changing (the pages' tag) refreshes it.
    return response if preview else public_cache.mark_public(response, CACHE_TAG, "organisations", "pages", params=())
