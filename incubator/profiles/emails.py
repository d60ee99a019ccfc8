"""E-mails of the profiles, each in its recipient's language (``portal.emails``)."""

from __future__ import annotations

from django.urls import reverse

from incubator.profiles import permissions, queries
from portal import unsubscribe
from portal.emails import language_for, send_templated_email, site_url
from portal.models import User

#: The kind of e-mail the digest's unsubscribe link stops (``portal.unsubscribe``).
DIGEST_SCOPE = "incubator.saved-search-digest"


def digest_unsubscribe_url(user) -> str:
    """The absolute link that stops ``user``'s digests, in the active language."""
    token = unsubscribe.token_for(user, DIGEST_SCOPE)
    return site_url(reverse("incubator:digest_unsubscribe", kwargs={"token": token}))


def emailed_searches(user_id: int, ids) -> set[int]:
    """Those of the saved searches ``ids`` whose digest still goes to the account ``user_id``: an
    active investor, each search with its e-mail on (not stopped by the e-mail's unsubscribe link
    nor on the saved searches page, not deleted)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not permissions.can_save_searches(user):
        return set()
    return queries.emailed_search_ids(user, ids)


def digest_still_wanted(user_id: int, search_ids: list) -> bool:
    """Whether a digest rendered for ``search_ids`` may still go out (``portal.unsubscribe``, when it
    waited for SMTP): only while every search it lists still sends its e-mail. It cannot be written
    again without the others, so one turned off since withholds it (the others' startups are in the
    directory, and the next digest starts after them)."""
    return bool(search_ids) and emailed_searches(user_id, search_ids) == set(search_ids)


def send_saved_search_digest(user, searches: list[dict]) -> None:
    """The new startups of each of ``user``'s saved searches (``searches`` as ``tasks.collect_digests``)."""
    ids = {pk for search in searches for pk in search["startups"]}
    # Only what is still public (a startup may have been unlisted since).
    profiles = queries.public_startups().in_bulk(ids)
    sections = []
    for search in searches:
        shown = [profiles[pk] for pk in search["startups"] if pk in profiles]
        if shown:
            sections.append({"id": search["id"], "name": search["name"], "startups": shown})
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
        recurring=unsubscribe.Recurring(DIGEST_SCOPE, user.pk, about=tuple(search["id"] for search in sections)),
    )
