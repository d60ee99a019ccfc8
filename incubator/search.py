"""What the incubator puts in the portal's search (see search/declarations.py): startups.

A listed profile of a verified startup gives two documents:

* ``incubator_startup`` (audience ``public``): the public text only: the name, the summary, the
  stage and the focus (BCI types, functions, indications, application fields, needs) with their
  labels in both languages, so 康复 and "rehabilitation" both find it;
* ``incubator_startup_investor`` (audience ``investor``: members of verified investor
  organisations, ``search.permissions.audiences_for``; staff see everything): the same plus the
  text of the groups the startup shows to every verified investor (``public`` or ``investors``:
  team, traction, use of funds, IP notes). Groups kept to matched investors are in no document:
  a search cannot reveal them.

Anything else (unlisted, unverified) has no document. The documents change with the profile (its
saves) and with its organisation (its name, its verification).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import ApplicationField, BCIType, ProductFunction
from incubator.models import StartupProfile
from incubator.profiles import permissions as profile_permissions
from incubator.vocabulary import Need, StartupStage, Visibility
from portal.organisations.models import OrganisationKind, VerificationStatus
from portal.vocabulary import Indication
from search.declarations import (
    ALL_LANGUAGES,
    PUBLIC,
    TEXT_FIELDS,
    DocumentType,
    Entry,
    Facet,
    join,
    labels_in_all_languages,
    per_language,
    register,
)
from search.permissions import register_audiences

PUBLIC_TYPE = "incubator_startup"
INVESTOR_TYPE = "incubator_startup_investor"
#: The audience of the investors' documents.
INVESTOR = "investor"
#: The searchable text of each group (both languages).
GROUP_TEXT = {
    "team": ("key_people_zh", "key_people_en"),
    "funding": ("use_of_funds_zh", "use_of_funds_en"),
    "traction": ("traction_zh", "traction_en"),
    "ip": ("ip_notes_zh", "ip_notes_en"),
}


def _queryset():
    return StartupProfile.objects.select_related("organisation").order_by("pk")


def is_public(profile) -> bool:
    organisation = profile.organisation
    return (
        profile.listed
        and organisation.kind == OrganisationKind.STARTUP
        and organisation.verification_status == VerificationStatus.VERIFIED
    )


def _labels(profile) -> str:
    return " ".join(
        [
            labels_in_all_languages(StartupStage, [profile.stage]),
            labels_in_all_languages(BCIType, profile.bci_types or []),
            labels_in_all_languages(ProductFunction, profile.functions or []),
            labels_in_all_languages(Indication, profile.indications or []),
            labels_in_all_languages(ApplicationField, profile.application_fields or []),
            labels_in_all_languages(Need, profile.needs or []),
        ]
    )


def investor_text(profile) -> str:
    """The text of the groups every verified investor sees."""
    shown = [group for group in GROUP_TEXT if profile.visibility_of(group) in (Visibility.PUBLIC, Visibility.INVESTORS)]
    return join(*(getattr(profile, name) for group in shown for name in GROUP_TEXT[group]))


def _entry(profile, *, audience: str, extra: str = "") -> Entry:
    organisation = profile.organisation

    def render():
        return {
            "title": organisation.name,
            "summary": str(profile.get_stage_display()),
            "text": profile.summary,
            "url": profile.get_absolute_url(),
        }

    return Entry(
        object_id=str(profile.pk),
        language=ALL_LANGUAGES,
        text={
            "title": join(organisation.name_zh, organisation.name_en),
            "summary": join(profile.summary_zh, profile.summary_en),
            "body": join(_labels(profile), extra),
        },
        display=per_language(render),
        audiences=[audience],
        facets={"startup_stage": [profile.stage], "bci_type": list(profile.bci_types or [])},
        date=profile.created_at.date() if profile.created_at else None,
    )


def build_public(profile) -> list[Entry]:
    return [_entry(profile, audience=PUBLIC)] if is_public(profile) else []


def build_investor(profile) -> list[Entry]:
    return [_entry(profile, audience=INVESTOR, extra=investor_text(profile))] if is_public(profile) else []


def _organisation_profiles(organisation):
    return StartupProfile.objects.filter(organisation=organisation).values_list("pk", flat=True)


FACETS = [
    Facet("startup_stage", _("Stage"), choices=StartupStage),
    Facet("bci_type", _("BCI type"), choices=BCIType),
]


def _startups(name: str, label, build, position: int, **audience) -> DocumentType:
    """The startups' documents, as the public or the investors see them (``build``; ``audience``:
    the investors' type is offered to investors, in place of the public one)."""
    return DocumentType(
        name=name,
        label=label,
        label_one=_("Startup"),
        model="incubator.StartupProfile",
        fields=TEXT_FIELDS,
        facets=FACETS,
        queryset=_queryset,
        build=build,
        position=position,
        dependencies={"portal.Organisation": _organisation_profiles},
        **audience,
    )


# A tab is named as the list its results come from (incubator.menus).
register(_startups(PUBLIC_TYPE, _("Startup directory"), build_public, 60))
register(
    _startups(
        INVESTOR_TYPE,
        _("Startup directory (investor view)"),
        build_investor,
        61,
        audiences=frozenset({INVESTOR}),
        replaces=PUBLIC_TYPE,
    )
)


def investor_audiences(user) -> set[str]:
    """Members of verified investor organisations hold the investors' audience (``search.permissions``)."""
    return {INVESTOR} if profile_permissions.is_investor(user) else set()


register_audiences(investor_audiences)
