"""E-mails of the profiles, each in its recipient's language (``portal.emails``)."""

from __future__ import annotations

from django.urls import reverse

from incubator.profiles import permissions, queries
from portal import unsubscribe
from portal.emails import language_for, send_templated_email, site_url
from portal.models import User
from portal.models.outbox import OutboxWithdrawal

#: The kind of e-mail the digest's unsubscribe link stops (``portal.unsubscribe``).
DIGEST_SCOPE = "incubator.saved-search-digest"


def digest_unsubscribe_url(user) -> str:
    """The absolute link that stops ``user``'s digests, in the active language."""
    token = unsubscribe.token_for(user, DIGEST_SCOPE)
    return site_url(reverse("incubator:digest_unsubscribe", kwargs={"token": token}))


def _digest_recipient(user_id: int):
    """The account ``user_id`` if its digests may still go to it: active, an investor."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return user if user is not None and permissions.can_save_searches(user) else None


def emailed_searches(user_id: int, ids) -> set[int]:
    """Those of the saved searches ``ids`` whose digest still goes to the account ``user_id``: an
    active investor, each search with its e-mail on (not stopped by the e-mail's unsubscribe link
    nor on the saved searches page, not deleted)."""
    user = _digest_recipient(user_id)
    return set() if user is None else queries.emailed_search_ids(user, ids)


def digest_verdict(user_id: int, search_ids: list) -> unsubscribe.Verdict:
    """What of a digest rendered for ``search_ids`` may still go out (``portal.unsubscribe``, when it waited
    for SMTP): the searches that still send their e-mail. One turned off or deleted since is left out (the
    digest is written again for the others: ``tasks.rewrite_digest``), and the reason tells staff which
    case it was: the account may no longer receive digests, the investor stopped all of them (the
    e-mail's unsubscribe link, or each search turned off), or only these searches."""
    user = _digest_recipient(user_id)
    if user is None:
        return unsubscribe.Verdict(OutboxWithdrawal.RECIPIENT_INELIGIBLE)
    emailed = queries.emailed_search_ids(user, search_ids)
    if search_ids and emailed == set(search_ids):
        return unsubscribe.Verdict()
    kept = tuple(pk for pk in search_ids if pk in emailed)
    if not kept and not queries.saved_searches_for(user).filter(digest=True).exists():
        return unsubscribe.Verdict(OutboxWithdrawal.UNSUBSCRIBED)
    return unsubscribe.Verdict(OutboxWithdrawal.TURNED_OFF, kept=kept)


def send_saved_search_digest(user, searches: list[dict]) -> dict[int, list[int]]:
    """The new startups of each of ``user``'s saved searches (``searches`` as ``tasks.collect_digests``).

    Returns what the e-mail lists, by saved search: the startups still public now (one unlisted or
    suspended since it was collected is left out); nothing when no e-mail is written.
    """
    ids = {pk for search in searches for pk in search["startups"]}
    # Only what is still public (a startup may have been unlisted since).
    profiles = queries.public_startups().in_bulk(ids)
    sections = []
    for search in searches:
        shown = [profiles[pk] for pk in search["startups"] if pk in profiles]
        if shown:
            sections.append({"id": search["id"], "name": search["name"], "startups": shown})
    if not sections or not user.email:
        return {}
    listed = {section["id"] for section in sections}

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
        recurring=unsubscribe.Recurring(
            DIGEST_SCOPE,
            user.pk,
            about=tuple(section["id"] for section in sections),
            # What the digest is written again from, for the searches still on (``tasks.rewrite_digest``).
            rewrite={"searches": [search for search in searches if search["id"] in listed]},
        ),
    )
    return {section["id"]: [profile.pk for profile in section["startups"]] for section in sections}
