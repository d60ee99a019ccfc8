"""Matchmaking's reads: the profiles as arrays for ``scoring``, an organisation's suggestions with their
reasons, its dismissed suggestions, the weights in force.

A suggestions page costs a fixed number of queries whatever the number of profiles: one for the
weights, one for the organisation's own profile, one per candidate kind for the arrays (only the
columns the scorer reads), one for the dismissed ids, one per kind for the chosen profiles with
their organisations, and (investors) the few of ``viewer_for`` (what the viewer may see of the
startups' funding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np
from django.urls import NoReverseMatch

from incubator.matching import explain, permissions, scoring
from incubator.models import DismissedSuggestion, InvestorProfile, MatchWeight, PlatformProfile, StartupProfile
from incubator.profiles import permissions as profile_permissions
from portal.organisations.models import OrganisationKind, VerificationStatus

LIMIT = 10

STARTUP_COLUMNS = (
    "stage", "trl", "ask_min_cny", "ask_max_cny", "bci_types_mask", "functions_mask", "application_fields_mask",
    "needs_mask",
)  # fmt: skip
INVESTOR_COLUMNS = (
    "stages_mask", "ticket_min_cny", "ticket_max_cny", "bci_types_mask", "functions_mask", "application_fields_mask",
    "regions_mask",
)  # fmt: skip
PLATFORM_COLUMNS = ("services_mask", "accepts_applications")
PLATFORM_KINDS = (OrganisationKind.SERVICE_PLATFORM, OrganisationKind.INCUBATOR)


def weights(kind: str) -> dict[str, float]:
    """The weights in force for ``kind``: staff's rows over the defaults."""
    return scoring.weights_for(kind, MatchWeight.objects.filter(kind=kind).values_list("criterion", "weight"))


def all_weights() -> dict[str, dict[str, float]]:
    rows = list(MatchWeight.objects.values_list("kind", "criterion", "weight"))
    return {kind: scoring.weights_for(kind, [(c, w) for k, c, w in rows if k == kind]) for kind in scoring.CRITERIA}


def _records(queryset, columns, *, exclude=()) -> list[dict]:
    city = ("organisation__city_zh", "organisation__city_en")
    rows = queryset.exclude(organisation_id__in=list(exclude)).values("organisation_id", *city, *columns)
    # The region is read from the Chinese name, or the English one where only that was written.
    return [row | {"id": row["organisation_id"], "city": row[city[0]] or row[city[1]]} for row in rows]


def listed_startups():
    """Startup profiles that may be suggested: listed, of verified startups."""
    return StartupProfile.objects.filter(
        listed=True,
        organisation__kind=OrganisationKind.STARTUP,
        organisation__verification_status=VerificationStatus.VERIFIED,
    )


def verified_investors():
    return InvestorProfile.objects.filter(
        organisation__kind=OrganisationKind.INVESTOR, organisation__verification_status=VerificationStatus.VERIFIED
    )


def open_platforms():
    return PlatformProfile.objects.filter(
        accepts_applications=True,
        organisation__kind__in=PLATFORM_KINDS,
        organisation__verification_status=VerificationStatus.VERIFIED,
    )


def investor_arrays(queryset=None, *, exclude=()) -> scoring.Investors:
    return scoring.Investors.from_records(
        _records(verified_investors() if queryset is None else queryset, INVESTOR_COLUMNS, exclude=exclude)
    )


def platform_arrays(queryset=None, *, exclude=()) -> scoring.Platforms:
    return scoring.Platforms.from_records(
        _records(open_platforms() if queryset is None else queryset, PLATFORM_COLUMNS, exclude=exclude)
    )


def dismissed_ids(organisation) -> set[int]:
    return set(DismissedSuggestion.objects.filter(organisation=organisation).values_list("other_id", flat=True))


def dismissed(organisation):
    """What ``organisation`` dismissed, newest first, with the other organisation (to undo)."""
    return (
        DismissedSuggestion.objects.filter(organisation=organisation)
        .select_related("other")
        .order_by("-created_at", "-pk")
    )


def profile_url(profile) -> str:
    """The profile's page (the profiles' URLs), or the organisation's page while those are not there."""
    try:
        return profile.get_absolute_url()
    except NoReverseMatch:
        return profile.organisation.get_absolute_url()


@dataclass
class Suggestions:
    """An organisation's suggestions, by what is suggested (``startups``, or ``investors`` and ``platforms``)."""

    organisation: object
    profile: object = None
    startups: list = field(default_factory=list)
    investors: list = field(default_factory=list)
    platforms: list = field(default_factory=list)
    dismissed: list = field(default_factory=list)

    @property
    def is_investor(self) -> bool:
        return self.organisation.kind == OrganisationKind.INVESTOR


def suggestions_for(organisation, viewer, *, limit: int = LIMIT) -> Suggestions:
    """The best ``limit`` suggestions for a verified investor or startup, each with its reasons.

    ``viewer``: the user who reads them (what the reasons may reveal of a startup's funding)."""
    result = Suggestions(organisation=organisation, dismissed=list(dismissed(organisation)))
    skip = {item.other_id for item in result.dismissed}
    if organisation.kind == OrganisationKind.INVESTOR:
        result.profile = InvestorProfile.objects.filter(organisation=organisation).first()
        if result.profile is not None:
            result.startups = _startups_for_investor(organisation, result.profile, skip, limit, viewer)
    elif organisation.kind == OrganisationKind.STARTUP:
        result.profile = StartupProfile.objects.filter(organisation=organisation).first()
        if result.profile is not None:
            own = scoring.Startups.from_records([_own_startup_record(result.profile, organisation)])
            others = skip | {organisation.pk}
            result.investors = _best_for_startup(own, scoring.INVESTOR, others, limit)
            result.platforms = _best_for_startup(own, scoring.PLATFORM, others, limit)
    return result


def _own_startup_record(profile, organisation) -> dict:
    return {name: getattr(profile, name) for name in STARTUP_COLUMNS} | {
        "id": organisation.pk,
        "city": organisation.city_zh or organisation.city_en,
    }


def _startups_for_investor(organisation, profile, skip, limit, viewer) -> list[explain.Suggestion]:
    record = {name: getattr(profile, name) for name in INVESTOR_COLUMNS} | {"id": organisation.pk}
    own = scoring.Investors.from_records([record])
    records = _records(listed_startups(), (*STARTUP_COLUMNS, "funding_visibility"), exclude=skip | {organisation.pk})
    startups = scoring.Startups.from_records(records)
    if not len(startups):
        return []
    kind_weights = weights(scoring.INVESTOR)
    passes, criteria = scoring.investor_criteria(startups, own)
    funding_shown_to = {row["id"]: row["funding_visibility"] for row in records}
    criteria = _without_hidden_asks(criteria, startups, funding_shown_to, viewer)
    score = scoring.combine(criteria, kind_weights)
    index, valid = scoring.top_n(score, passes, limit)
    rows = [int(k) for k, ok in zip(index[:, 0], valid[:, 0], strict=True) if ok]
    profiles = _profiles(StartupProfile, [int(startups.ids[r]) for r in rows])
    found = []
    for row in rows:
        startup_profile = profiles[int(startups.ids[row])]
        show = permissions.ask_visible(startup_profile, viewer)
        reasons = explain.explain_investor(startups, own, criteria, (row, 0), kind_weights, show_ask=show)
        found.append(_suggestion(startup_profile, float(score[row, 0]), reasons))
    return found


def _without_hidden_asks(criteria: dict, startups, funding_shown_to: dict, viewer) -> dict:
    """The ticket criterion of a startup whose funding figures ``viewer`` may not see says only whether
    its ask meets the investor's ticket range (1 or 0). Its share of overlap, shown as points or folded
    into the score and the order, would tell where the ask lies, and an investor moving its own ticket
    range could work the ask out. ``funding_shown_to``: each startup's funding visibility, by id."""
    seen_by = profile_permissions.viewer_for(viewer)
    hidden = np.array(
        [not profile_permissions.sees(funding_shown_to[int(pk)], int(pk), seen_by) for pk in startups.ids]
    )
    if not hidden.any():
        return criteria
    ticket = criteria["ticket"]
    return criteria | {"ticket": np.where(hidden[:, None], (ticket > 0).astype(ticket.dtype), ticket)}


#: What a startup's suggestions of each kind are made of: the arrays, the scorer's criteria, the
#: profiles shown and their reasons.
_CANDIDATES = {
    scoring.INVESTOR: (
        investor_arrays,
        scoring.investor_criteria,
        InvestorProfile,
        partial(explain.explain_investor, show_ask=True),
    ),
    scoring.PLATFORM: (platform_arrays, scoring.platform_criteria, PlatformProfile, explain.explain_platform),
}


def _best_for_startup(own, kind: str, skip, limit) -> list[explain.Suggestion]:
    """The best ``limit`` investors or platforms (``kind``) for the startup ``own``, each with its reasons."""
    arrays, criteria_of, model, reasons_of = _CANDIDATES[kind]
    candidates = arrays(exclude=skip)
    if not len(candidates):
        return []
    kind_weights = weights(kind)
    passes, criteria = criteria_of(own, candidates)
    score = scoring.combine(criteria, kind_weights)
    index, valid = scoring.top_n(score.T, passes.T, limit)
    cols = [int(k) for k, ok in zip(index[:, 0], valid[:, 0], strict=True) if ok]
    profiles = _profiles(model, [int(candidates.ids[c]) for c in cols])
    return [
        _suggestion(
            profiles[int(candidates.ids[col])],
            float(score[0, col]),
            reasons_of(own, candidates, criteria, (0, col), kind_weights),
        )
        for col in cols
    ]


def _profiles(model, organisation_ids) -> dict:
    return {
        p.organisation_id: p
        for p in model.objects.filter(organisation_id__in=organisation_ids).select_related("organisation")
    }


def _suggestion(profile, score, reasons) -> explain.Suggestion:
    suggestion = explain.Suggestion(other_id=profile.organisation_id, score=score, reasons=reasons)
    suggestion.organisation = profile.organisation
    suggestion.profile = profile
    suggestion.url = profile_url(profile)
    return suggestion
