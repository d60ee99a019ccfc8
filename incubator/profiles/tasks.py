"""Background work of the profiles: the saved searches' e-mail digest.

``send_saved_search_digests`` (Celery beat, daily) finds, for each saved search with the digest
on, the startups listed since it was last sent (since it was saved, the first time) that match its
filters and that none of its digests listed before (a startup suspended and verified again reaches
the directory anew, but is not news to the search), and schedules one outbox e-mail per user
(``incubator.saved_search_digest``) in the same transaction that moves ``last_sent_at``, under one
lock (``portal.db.object_lock``) so that two runs at once (a redelivered task, a run by hand) go one
after the other and the second reads what the first sent: a digest is neither lost nor sent twice.
The e-mail (``incubator.profiles.emails``) is written in the user's ``preferred_language``, from what
is still public then; the startups it lists, and only those, become the search's ``reported``
(``services.record_reported``, in the transaction that writes it): one unlisted or suspended between
the collection and the writing, or a digest not written at all (its investor no longer one, its
searches stopped meanwhile), reports nothing, and a later digest lists the startup once it is back.
"""

from __future__ import annotations

from collections import defaultdict

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from incubator.models import SavedSearch
from incubator.profiles import emails, permissions, queries, services
from portal import outbox
from portal.db import object_lock
from portal.models import User

#: The most startups one saved search lists in a digest.
MAX_PER_SEARCH = 20

#: The lock a digest run holds until it commits (``portal.db.object_lock``).
DIGEST_LOCK = "incubator.saved_search_digests"


@outbox.effect("incubator.saved_search_digest")
def send_digest_email(*, user_id: int, searches: list[dict]) -> None:
    # Stopped (the e-mail's unsubscribe link, the saved searches page) or deleted since it was scheduled:
    # not announced (all of them: withdrawn, with why). Once rendered, the mail waits for SMTP in a
    # message of its own, which checks again before it goes (``emails.digest_verdict``).
    verdict = emails.digest_verdict(user_id, [search["id"] for search in searches])
    if verdict.reason:
        if not verdict.kept:
            raise outbox.Withdrawn(verdict.reason)
        searches = [search for search in searches if search["id"] in verdict.kept]
    listed = emails.send_saved_search_digest(User.objects.get(pk=user_id), searches)
    services.record_reported(searches=searches, listed=listed)


def rewrite_digest(user_id: int, kept: list, data: dict, *, replacing: int | None) -> None:
    """Schedule a rendered digest again for its saved searches ``kept`` only (``portal.unsubscribe``).

    The digest waited for SMTP while some of the searches it lists were turned off or deleted: it is
    withdrawn, and this writes it again for the others, from what it was written from (``data``, its
    ``Recurring.rewrite``). Their startups were marked reported when it was written: without this
    they would never be e-mailed. Called in the transaction that records the withdrawal, keyed by the
    withdrawn message (``replacing``): scheduled once, whatever runs again.
    """
    searches = [search for search in data.get("searches") or [] if search["id"] in kept]
    if searches:
        key = f"incubator-digest-again:{replacing}" if replacing is not None else None
        outbox.schedule(send_digest_email, {"user_id": user_id, "searches": searches}, key=key)


def collect_digests(now=None) -> dict[int, list[dict]]:
    """``{user_id: [{"id", "name", "startups": [profile ids]}]}`` of the saved searches with new matches.

    Reports nothing: a search's ``reported`` gains a startup when a digest written from this lists it
    (``send_digest_email``), so one that is left out by then is still news to a later digest.
    """
    now = now or timezone.now()
    found = defaultdict(list)
    searches = SavedSearch.objects.filter(digest=True, user__is_active=True).select_related("user").order_by("pk")
    for saved in searches:
        since = saved.last_sent_at or saved.created_at
        matches = queries.new_matches(saved.query, since, until=now).exclude(pk__in=saved.reported)
        ids = list(matches.values_list("pk", flat=True)[:MAX_PER_SEARCH])
        if ids:
            found[saved.user_id].append({"id": saved.pk, "name": saved.name, "startups": ids})
    return found


@shared_task
def send_saved_search_digests() -> dict[str, int]:
    """Daily (beat): one e-mail per investor listing the new startups of each of their saved searches.

    A run waits for another one in progress, then lists only what that one did not send.
    """
    sent = 0
    with transaction.atomic():
        object_lock(DIGEST_LOCK)
        now = timezone.now()  # after the wait: the other run's ``last_sent_at`` is earlier
        digests = collect_digests(now)
        for user_id, searches in digests.items():
            user = User.objects.filter(pk=user_id).first()
            if user is None or not permissions.can_save_searches(user):
                continue
            outbox.schedule(
                send_digest_email,
                {"user_id": user_id, "searches": searches},
                key=f"incubator-digest:{user_id}:{now.isoformat()}",
            )
            sent += 1
        SavedSearch.objects.filter(digest=True).update(last_sent_at=now)
    return {"digests": sent}
