"""E-mails of the profiles, each in its recipient's language (``portal.emails``)."""

from __future__ import annotations

from django.urls import reverse

from incubator.profiles import queries
from portal import unsubscribe
from portal.emails import language_for, send_templated_email, site_url

#: The kind of e-mail the digest's unsubscribe link stops (``portal.unsubscribe``).
DIGEST_SCOPE = "incubator.saved-search-digest"


def digest_unsubscribe_url(user) -> str:
    """The absolute link that stops ``user``'s digests, in the active language."""
    token = unsubscribe.token_for(user, DIGEST_SCOPE)
    return site_url(reverse("incubator:digest_unsubscribe", kwargs={"token": token}))


def send_saved_search_digest(user, searches: list[dict]) -> None:
    """The new startups of each of ``user``'s saved searches (``searches`` as ``tasks.collect_digests``)."""
    ids = {pk for search in searches for pk in search["startups"]}
    # Only what is still public (a startup may have been unlisted since).
    profiles = queries.public_startups().in_bulk(ids)
    sections = []
    for search in searches:
        shown = [profiles[pk] for pk in search["startups"] if pk in profiles]
        if shown:
            sections.append({"name": search["name"], "startups": shown})
    if not sections or not user.email:
        return

    def links():
        return [
            {
                "name": section["name"],
                "startups": [
                    {
                        "name": profile.organisation.name,
                        "summary": profile.summary,
                        "url": site_url(profile.get_absolute_url()),
                    }
                    for profile in section["startups"]
                ],
            }
            for section in sections
        ]

    send_templated_email(
        template="incubator/profiles/email/saved_search_digest",
        to=[user.email],
        language=language_for(user),
        context={
            "member": user,
            "sections": links,
            "manage_url": lambda: site_url(reverse("incubator:saved_searches")),
            "unsubscribe_url": lambda: digest_unsubscribe_url(user),
        },
        headers=lambda: unsubscribe.headers(digest_unsubscribe_url(user)),
    )
