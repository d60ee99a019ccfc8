"""What the incubator shows on other pages (``portal.panels``): on the organisation page, a link to its
startup, investor or platform profile while that profile is public."""

from incubator.profiles import queries
from incubator.profiles.permissions import profile_kind
from incubator.profiles.services import CACHE_TAG
from portal.panels import Panel

#: The profile's text its directory's card shows anyone (a startup's summary is one of the basics no
#: visibility setting hides: ``incubator.models.profiles``).
PUBLIC_TEXT = {"startup": "summary", "investor": "thesis", "platform": "capacity"}


def profile_of(organisation) -> dict:
    """The organisation's public profile (``queries.public_profile_of``: one query), its kind and public text."""
    profile = queries.public_profile_of(organisation)
    if profile is None:
        return {}
    kind = profile_kind(organisation)
    return {"profile": profile, "kind": kind, "text": getattr(profile, PUBLIC_TEXT[kind])}


#: Saving a profile invalidates "incubator-profiles" (incubator.profiles.services); a verification
#: decision or a change of kind invalidates "organisations", the organisation page's own tag.
ORGANISATION_PANELS = [Panel("incubator/profiles/_organisation_profile.html", profile_of, tags=(CACHE_TAG,), order=30)]
