"""Profile pages: the startup directory and profiles, investors, platforms; members' profile editor; saved searches.

Views are thin: parse, call a query or a service, render. Public pages are cached for anonymous
visitors (``portal.public_cache``, tag ``incubator-profiles``); a profile page only while the profile
is public (``_cached_if_public``: its own members also see it before). What a signed-in visitor sees of
a startup is decided per field group by ``permissions.visible_groups``.
"""

from __future__ import annotations

from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incubator import money
from incubator.datarooms import queries as dataroom_queries
from incubator.meetings import queries as meeting_queries
from incubator.models.profiles import FIELD_GROUPS
from incubator.profiles import emails, permissions, queries, services
from incubator.profiles.forms import FORMS, SavedSearchForm
from incubator.programmes import queries as programme_queries
from portal import public_cache, unsubscribe
from portal.i18n import is_english
from portal.keep_input import keeps_input, posted_or_kept
from portal.listing.links import FacetLinks
from portal.organisations import queries as portal_queries
from portal.review.errors import take_action

TITLES = {
    "startup": gettext_lazy("Startup profile"),
    "investor": gettext_lazy("Investor profile"),
    "platform": gettext_lazy("Service platform profile"),
}

GROUP_LABELS = {
    "team": gettext_lazy("the team"),
    "funding": gettext_lazy("the funding"),
    "traction": gettext_lazy("the traction"),
    "ip": gettext_lazy("the intellectual property"),
    "deck": gettext_lazy("the pitch deck"),
}


def _list_context(found, listing) -> dict:
    links = FacetLinks(listing, found.query)
    return {
        "page_obj": found.page,
        "facets": links.decorate(found.facets),
        "query": found.query,
        "filter_pairs": links.pairs(keep=False),
        "sorts": found.sorts,
        "search_keep": links.search_keep(),
        "search_clear_url": links.search_cleared(),
        "filters_clear_url": links.filters_cleared(),
    }


# --- startups ------------------------------------------------------------------------------


@require_safe
def startup_list(request):
    investor = permissions.is_investor(request.user)
    found = queries.startup_page(request.GET, investor=investor)
    listing = queries.STARTUPS_FOR_INVESTORS if investor else queries.STARTUPS
    viewer = permissions.viewer_for(request.user)
    rows = []
    for profile in found.page.object_list:
        groups = permissions.groups_for(profile, viewer)
        if "funding" in groups:
            profile.ask_display = money.cny_range(profile.ask_min_cny, profile.ask_max_cny)
        rows.append((profile, groups))
    context = {
        **_list_context(found, listing),
        "rows": rows,
        "investor": investor,
        "can_save_search": permissions.can_save_searches(request.user),
        "saved_search_form": SavedSearchForm(initial={"query": request.GET.urlencode()}),
    }
    response = render(request, "incubator/profiles/startup_list.html", context)
    return public_cache.mark_public(response, *queries.TAGS, params=listing.params())


@require_safe
def startup_detail(request, slug):
    profile = queries.profile_for("startup", slug, request.user)
    if profile is None:
        raise Http404
    groups = permissions.visible_groups(profile, request.user)
    viewer = permissions.viewer_for(request.user)
    hidden = [group for group in FIELD_GROUPS if group not in groups]
    funding = "funding" in groups
    context = {
        "profile": profile,
        "organisation": profile.organisation,
        "groups": groups,
        "hidden": hidden,
        "viewer": viewer,
        **_own(request.user, profile),
        "hidden_labels": (", " if is_english() else "、").join(str(GROUP_LABELS[group]) for group in hidden),
        "funding_raised": money.cny(profile.funding_raised_cny) if funding else "",
        "ask": money.cny_range(profile.ask_min_cny, profile.ask_max_cny) if funding else "",
        # What the visitor can ask of the startup: a meeting (any organisation of a kind that may meet
        # it), data-room access (a verified investor's member).
        **_meetings(request.user, profile.organisation),
        **_data_room(request.user, viewer, profile.organisation),
    }
    response = render(request, "incubator/profiles/startup_detail.html", context)
    return _cached_if_public(response, profile)


def _own(user, profile) -> dict:
    """Whether ``profile`` is the visitor's organisation's (``own``: the page says so and links to the
    editor), and if so whether it is not public yet because the alliance has not verified the
    organisation (``unverified``: only its members see the page until then)."""
    own = permissions.is_own_profile(user, profile.organisation)
    return {"own": own, "unverified": own and not profile.organisation.is_verified}


def _cached_if_public(response, profile):
    """The page goes to the anonymous visitors' cache only while ``profile`` is public: what its own members
    see of it before (unlisted, or the organisation not verified yet) is never declared public
    (``portal.organisations.views.organisation_detail`` does the same)."""
    if permissions.is_public_profile(profile):
        return public_cache.mark_public(response, *queries.TAGS)
    return response


def _meetings(user, organisation) -> dict:
    """The meeting requests between the visitor's organisations and ``organisation`` (the profile's)
    awaiting an answer, and whether one of them may still ask (one request awaiting an answer per pair:
    the button led to a form the service refuses once written)."""
    senders = meeting_queries.senders_for(user, organisation)
    waiting = meeting_queries.waiting_between(senders, organisation)
    blocked = meeting_queries.blocked_senders(waiting, organisation)
    return {"meeting_requests": waiting, "may_meet": len(blocked) < len(senders)}


def _data_room(user, viewer, startup) -> dict:
    """Where the requests of the visitor's investor organisations for ``startup``'s room stand, and
    whether one of them may still ask (an organisation whose request waits, or is approved, has
    nothing to ask: the button led to a form whose message went nowhere)."""
    if not viewer.investor_orgs:
        return {"data_room_requests": [], "may_request_data_room": False}
    requests = dataroom_queries.accesses_to(user, startup)
    asked = {access.investor_id for access in requests if access.status in dataroom_queries.open_statuses()}
    return {"data_room_requests": requests, "may_request_data_room": bool(viewer.investor_orgs - asked)}


@require_safe
def pitch_deck(request, slug):
    """The startup's pitch deck, from the private storage, for those who may see the deck group (else 404)."""
    profile = queries.profile_for("startup", slug, request.user)
    if profile is None or not permissions.may_download_deck(profile, request.user):
        raise Http404
    try:
        handle = profile.pitch_deck.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=f"{profile.organisation.slug}-pitch-deck.pdf")


# --- investors and platforms ---------------------------------------------------------------


def _directory(request, found, listing, template: str):
    """A directory of investors or platforms: the profiles ``found`` with ``listing``'s facets, public."""
    context = {**_list_context(found, listing), "profiles": found.page.object_list}
    response = render(request, template, context)
    return public_cache.mark_public(response, *queries.TAGS, params=listing.params())


@require_safe
def investor_list(request):
    return _directory(
        request, queries.investor_page(request.GET), queries.INVESTORS, "incubator/profiles/investor_list.html"
    )


@require_safe
def investor_detail(request, slug):
    profile = queries.profile_for("investor", slug, request.user)
    if profile is None:
        raise Http404
    context = {
        "profile": profile,
        "organisation": profile.organisation,
        **_own(request.user, profile),
        "ticket": money.cny_range(profile.ticket_min_cny, profile.ticket_max_cny),
        # A startup meets investors too (its suggested investors lead here).
        **_meetings(request.user, profile.organisation),
    }
    response = render(request, "incubator/profiles/investor_detail.html", context)
    return _cached_if_public(response, profile)


@require_safe
def platform_list(request):
    return _directory(
        request, queries.platform_page(request.GET), queries.PLATFORMS, "incubator/profiles/platform_list.html"
    )


@require_safe
def platform_detail(request, slug):
    profile = queries.profile_for("platform", slug, request.user)
    if profile is None:
        raise Http404
    own = _own(request.user, profile)
    context = {
        "profile": profile,
        "organisation": profile.organisation,
        **own,
        **_programme(request.user, profile, own=own["own"]),
        # A startup meets platforms and incubators too (its suggested platforms lead here).
        **_meetings(request.user, profile.organisation),
    }
    response = render(request, "incubator/profiles/platform_detail.html", context)
    return _cached_if_public(response, profile)


def _programme(user, profile, *, own: bool) -> dict:
    """The applications of the visitor's startups that await the platform's review, and whether one of
    their startups may still apply (a startup whose application waits has nothing to send: the button
    led to a form the service refuses once written)."""
    if not profile.accepts_applications:
        return {"waiting_applications": [], "may_apply": False}
    applicants = programme_queries.applicants_for(user)
    if not applicants:
        # A visitor with no startup (or not signed in) keeps the button: its page says who may apply. The
        # platform's own members do not: their page says it is their profile (the form would refuse them).
        return {"waiting_applications": [], "may_apply": not own}
    waiting = programme_queries.waiting_applications(applicants, profile.organisation)
    may_apply = len({application.startup_id for application in waiting}) < len(applicants)
    return {"waiting_applications": waiting, "may_apply": may_apply}


# --- members: the profile editor -----------------------------------------------------------


@keeps_input
def profile_edit(request, organisation_pk):
    """Create or edit the profile of one of the user's organisations (its kind decides which)."""
    organisation = get_object_or_404(portal_queries.organisations_for(request.user), pk=organisation_pk)
    kind = permissions.profile_kind(organisation)
    if kind is None or not permissions.can_edit_profile_of(request.user, organisation):
        raise PermissionDenied
    profile = services.MODELS[kind].objects.filter(organisation=organisation).first()
    form_class = FORMS[kind]
    form = form_class(posted_or_kept(request), request.FILES or None, profile=profile)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_profile(actor=request.user, organisation=organisation, kind=kind, **form.save_fields())
            except services.ProfileConflict as exc:
                form.add_service_error(exc)
                status = 409
            except services.ProfileError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The profile is saved."))
                return redirect("incubator:profile_edit", organisation_pk=organisation.pk)
        else:
            status = 400
    context = {"form": form, "organisation": organisation, "profile": profile, "kind": kind, "title": TITLES[kind]}
    return render(request, "incubator/profiles/profile_form.html", context, status=status)


# --- members: saved searches ---------------------------------------------------------------


@login_required
def saved_searches(request):
    if not permissions.can_save_searches(request.user):
        raise PermissionDenied
    searches = queries.with_filters(queries.saved_searches_for(request.user))
    return render(request, "incubator/profiles/saved_searches.html", {"searches": searches})


@require_POST
@login_required
def saved_search_create(request):
    if not permissions.can_save_searches(request.user):
        raise PermissionDenied
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        for error in chain.from_iterable(form.errors.values()):
            messages.error(request, error)
        return redirect(f"{reverse('incubator:startup_list')}?{form.directory_query()}")
    take_action(
        request,
        lambda: services.save_search(actor=request.user, **form.cleaned_data),
        refused=services.ProfileError,
        done=_saved_search_done,
    )
    return redirect("incubator:saved_searches")


def _saved_search_done(saved) -> str:
    """What saving a search did: its e-mail was asked for, or not (the box left unticked)."""
    if saved.digest:
        return _("The search is saved. New matching startups will be e-mailed to you.")
    return _("The search is saved. It is not e-mailed to you: switch its e-mail on here when you want it.")


@require_POST
@login_required
def saved_search_delete(request, pk):
    saved = get_object_or_404(queries.saved_searches_for(request.user), pk=pk)
    services.delete_search(actor=request.user, saved=saved)
    messages.success(request, _("The saved search is deleted."))
    return redirect("incubator:saved_searches")


@require_POST
@login_required
def saved_search_digest(request, pk):
    """Turn a saved search's e-mail on (``digest=on``) or off (anything else)."""
    saved = get_object_or_404(queries.saved_searches_for(request.user), pk=pk)
    digest = request.POST.get("digest") == "on"
    services.set_digest(actor=request.user, saved=saved, digest=digest)
    if digest:
        done = _("New startups matching “%(name)s” will be e-mailed to you.")
    else:
        done = _("“%(name)s” is no longer e-mailed to you; it stays saved.")
    messages.success(request, done % {"name": saved.name})
    return redirect("incubator:saved_searches")


# A mail program's one-click request (RFC 8058) is a POST without the site's CSRF cookie. The signed
# token is the credential, and all the request can do is stop e-mails (``portal.unsubscribe``).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request, token):
    """GET (also what mail scanners fetch) asks; POST (the page's button, a mail program's one click) stops
    every digest of the token's account. No sign-in needed; an altered link is a 400 that says so."""
    user_id = unsubscribe.user_id_from(token, emails.DIGEST_SCOPE)
    context = {"invalid": user_id is None, "stopped": False}
    if user_id is not None and request.method == "POST":
        services.stop_digests(user_id=user_id)
        context["stopped"] = True
    status = 400 if user_id is None else 200
    return render(request, "incubator/profiles/digest_unsubscribe.html", context, status=status)
