"""Writes with business rules for the incubator's profiles and saved searches.

Keyword-only, one transaction each, the permission checked inside, a refused rule raised as
``ProfileError`` with a translated message.

A profile is created by its organisation's first save and edited by every later one; every save
locks the organisation's row (so two first saves cannot both create) and carries the ``version``
the form was rendered with (0: no profile yet). A save on an older version is refused
(``ProfileConflict``) and the form keeps the input, unless it changes nothing (the same form sent
twice), which is a no-op. Every save invalidates the public pages (``CACHE_TAG``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incubator.models import SavedSearch, StartupProfile
from incubator.profiles import permissions
from portal import public_cache
from portal.organisations.models import Organisation
from portal.review.errors import ServiceError

#: What the public profile pages and the directory depend on (``portal.public_cache``).
CACHE_TAG = "incubator-profiles"
MODELS = permissions.PROFILE_MODELS
#: The most saved searches one user keeps.
MAX_SAVED_SEARCHES = 20


class ProfileError(ServiceError):
    """A business rule refused the action; ``str(exc)`` is a translated message."""


class ProfileConflict(ProfileError):
    """The profile changed since the form was rendered."""


def editable_fields(model) -> set[str]:
    """The fields a member edits (the organisation, masks, version and timestamps apart)."""
    return {
        field.name
        for field in model._meta.concrete_fields
        if field.editable and field.name not in ("id", "organisation", "pitch_deck")
    }


def _unchanged(profile, fields: dict) -> bool:
    return all(getattr(profile, name) == value for name, value in fields.items())


def _validated(profile) -> None:
    try:
        profile.full_clean(exclude=["organisation"], validate_unique=False)
    except ValidationError as exc:
        errors = exc.message_dict
        name, messages = next(iter(errors.items()))
        raise ProfileError(messages[0], field=None if name == "__all__" else name) from exc


@transaction.atomic
def save_profile(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    version: int,
    fields: dict,
    deck=None,
    remove_deck: bool = False,
):
    """Create or update ``organisation``'s profile of ``kind`` ("startup", "investor", "platform").

    ``deck``: a clean PDF (``portal.uploads.CleanPDF``) replacing the startup's pitch deck;
    ``remove_deck`` removes it. Returns the saved profile.
    """
    model = MODELS[kind]
    unknown = set(fields) - editable_fields(model)
    if unknown:
        raise ValueError(f"not editable by members: {sorted(unknown)}")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    permissions.require_can_edit_profile_of(actor, organisation, kind)
    profile = model.objects.filter(organisation=organisation).first()
    current = profile.version if profile is not None else 0
    if version != current:
        if profile is not None and deck is None and not remove_deck and _unchanged(profile, fields):
            return profile  # the same form sent twice: already saved
        raise ProfileConflict(
            _(
                "Someone in your organisation saved this profile after you opened this page. Your input is still "
                "below: open the profile in another tab to compare, then save again."
            )
        )
    if profile is None:
        profile = model(organisation=organisation, version=0)
    was_listed = profile.pk is not None and getattr(profile, "listed", False)
    for name, value in fields.items():
        setattr(profile, name, value)
    if kind == "startup" and profile.listed and not was_listed:
        profile.listed_at = timezone.now()
    old_deck = None
    if kind == "startup" and (deck is not None or remove_deck) and profile.pitch_deck:
        old_deck = profile.pitch_deck.name
    _validated(profile)
    if kind == "startup":
        if deck is not None:
            profile.pitch_deck.save(deck.file.name, deck.file, save=False)
        elif remove_deck:
            profile.pitch_deck = ""
    profile.version = current + 1
    profile.save()
    if old_deck:
        storage = StartupProfile._meta.get_field("pitch_deck").storage
        transaction.on_commit(lambda: storage.delete(old_deck), robust=True)
    public_cache.invalidate_on_commit(CACHE_TAG)
    return profile


# --- saved searches ------------------------------------------------------------------------


@transaction.atomic
def save_search(*, actor, name: str, query: str, digest: bool = True) -> SavedSearch:
    """Remember the directory's filters (``query``: its query string) for ``actor``, an investor.

    The same name and filters saved twice (a double submit) keep one saved search.
    """
    if not permissions.can_save_searches(actor):
        raise PermissionDenied
    name, query = name.strip()[:100], query.strip().lstrip("?")[:1000]
    # The user's row lock serialises their saves: a double submit finds the first one's row (locking
    # the saved searches alone would lock nothing for a first one, and not see a row added meanwhile).
    get_user_model().objects.select_for_update().get(pk=actor.pk)
    mine = list(SavedSearch.objects.filter(user=actor))
    existing = [saved for saved in mine if saved.name == name and saved.query == query]
    if existing:
        return existing[0]
    if len(mine) >= MAX_SAVED_SEARCHES:
        raise ProfileError(
            _("You can keep at most %(count)s saved searches. Delete one first.") % {"count": MAX_SAVED_SEARCHES}
        )
    return SavedSearch.objects.create(user=actor, name=name, query=query, digest=digest)


@transaction.atomic
def delete_search(*, actor, saved: SavedSearch) -> None:
    if saved.user_id != actor.pk:
        raise PermissionDenied
    saved.delete()


@transaction.atomic
def set_digest(*, actor, saved: SavedSearch, digest: bool) -> SavedSearch:
    """Turn ``saved``'s e-mail digest on or off. Turned on again, it starts from now: the startups
    listed while it was off are no news to send (the directory shows them)."""
    if saved.user_id != actor.pk:
        raise PermissionDenied
    saved = SavedSearch.objects.select_for_update().get(pk=saved.pk)
    if saved.digest != digest:
        saved.digest = digest
        if digest:
            saved.last_sent_at = timezone.now()
        saved.save(update_fields=["digest", "last_sent_at"])
    return saved


@transaction.atomic
def record_reported(*, searches: list[dict], listed: dict[int, list[int]]) -> None:
    """A digest was written for ``searches`` (``tasks.collect_digests``' entries: each saved search's ``id``
    and the ``startups`` collected for it) and lists ``listed`` (each search's startups it names,
    ``emails.send_saved_search_digest``): those are reported to their search, and no later digest of it
    lists them again (``SavedSearch.reported``).

    Only what the digest lists: a startup collected for it but unlisted or suspended before it was written
    was left out, and is not reported, so a later digest lists it once it is back in the directory. The
    same digest written again (``tasks.rewrite_digest``) that leaves out a startup its first writing
    listed takes it back: that first mail was withdrawn unsent. No permission to check: the digest's own
    background work records what it sent."""
    ids = [search["id"] for search in searches]
    # Locked in one order: two digests of the same investor written at once do not deadlock.
    rows = SavedSearch.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    collected = {search["id"]: set(search["startups"]) for search in searches}
    for saved in rows:
        named = listed.get(saved.pk, [])
        reported = [pk for pk in saved.reported if pk not in collected[saved.pk] or pk in named]
        reported += [pk for pk in named if pk not in reported]
        if reported != saved.reported:
            saved.reported = reported
            saved.save(update_fields=["reported"])


def stop_digests(*, user_id: int) -> int:
    """Turn off every digest of the account ``user_id`` (its e-mail's unsubscribe link): how many were on.

    No permission to check: the link's signed token is the credential (``portal.unsubscribe``), and
    stopping e-mails is all it can do. Twice is once (the second finds none on)."""
    return SavedSearch.objects.filter(user_id=user_id, digest=True).update(digest=False)
