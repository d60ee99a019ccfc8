"""Stopping the saved-search digest: from the e-mail (a link and the one-click ``List-Unsubscribe``
header, no sign-in) and per search on the saved searches page. Opening the link changes nothing (mail
scanners open every link); an altered link is a translated 400 that changes nothing."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from incubator.models import SavedSearch, StartupProfile
from incubator.profiles import emails, services, tasks
from portal import outbox, unsubscribe
from portal.models import OutboxMessage, User
from tests import factories
from tests.incubator.profiles.world import set_listed, startup_profile

pytestmark = pytest.mark.django_db

INVALID = (
    "This link is not complete or was changed, so it cannot stop any e-mail. Open the link from the e-mail "
    "again, whole, or sign in and turn the e-mails off in your saved searches."
)


def _investor(language="en"):
    organisation = factories.OrganisationFactory(kind="investor")
    return factories.MembershipFactory(organisation=organisation, role="owner", user__preferred_language=language).user


@pytest.fixture
def investor():
    return _investor()


def _saved(user, name="Rehab", query="field=rehabilitation", **fields):
    return SavedSearch.objects.create(user=user, name=name, query=query, **fields)


def _path(user, language="en"):
    with translation.override(language):
        return urlsplit(emails.digest_unsubscribe_url(user)).path


def _anonymous():
    """A visitor without the site's cookies, as a mail program's one-click request: CSRF checked."""
    return Client(enforce_csrf_checks=True)


def _says(response, message, language):
    with translation.override(language):
        return translation.gettext(message) in response.content.decode()


def test_a_token_names_its_account_for_its_scope_only(investor):
    token = unsubscribe.token_for(investor, emails.DIGEST_SCOPE)
    assert unsubscribe.user_id_from(token, emails.DIGEST_SCOPE) == investor.pk
    assert unsubscribe.user_id_from(token, "another-kind-of-mail") is None
    other = _investor()
    forged = f"{other.pk}-{token.partition('-')[2]}"  # another account's id with this signature
    assert unsubscribe.user_id_from(forged, emails.DIGEST_SCOPE) is None
    for junk in ("", "-", "12", "12-", "abc-def", f"{investor.pk}-{token[-5:]}"):
        assert unsubscribe.user_id_from(junk, emails.DIGEST_SCOPE) is None


def test_a_token_still_works_after_the_secret_key_is_rotated(investor, settings):
    """The old key kept in ``SECRET_KEY_FALLBACKS`` (Django's rotation): old e-mails' links still stop them."""
    token = unsubscribe.token_for(investor, emails.DIGEST_SCOPE)
    settings.SECRET_KEY_FALLBACKS, settings.SECRET_KEY = [settings.SECRET_KEY], "a-new-key-" + "x" * 50
    assert unsubscribe.user_id_from(token, emails.DIGEST_SCOPE) == investor.pk
    settings.SECRET_KEY_FALLBACKS = []  # the old key dropped: the link no longer works
    assert unsubscribe.user_id_from(token, emails.DIGEST_SCOPE) is None


def test_the_digest_offers_a_one_click_unsubscribe_that_needs_no_sign_in(investor, django_capture_on_commit_callbacks):
    rehab, other = _saved(investor), _saved(investor, name="Speech", digest=True)
    SavedSearch.objects.filter(pk=rehab.pk).update(created_at=timezone.now() - timedelta(days=1))
    stranger = _saved(_investor(), name="Theirs")
    startup_profile(factories.OrganisationFactory(kind="startup", slug="new-rehab"), tag="new-rehab", with_deck=False)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_saved_search_digests()
    [message] = [m for m in mail.outbox if m.to == [investor.email] and "List-Unsubscribe" in m.extra_headers]
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in message.body  # the same link in the text, in the investor's language
    assert urlsplit(url).path == _path(investor) and urlsplit(url).path.startswith("/en/")
    # What a mail program sends for its "Unsubscribe" button (RFC 8058): no cookie, no CSRF token.
    response = _anonymous().post(urlsplit(url).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not SavedSearch.objects.filter(pk__in=[rehab.pk, other.pk], digest=True).exists()
    assert SavedSearch.objects.get(pk=stranger.pk).digest  # another investor's search still e-mailed
    assert SavedSearch.objects.filter(user=investor).count() == 2  # stopped, not deleted
    # A second click (or a mail program's retry) says the same.
    assert _anonymous().post(urlsplit(url).path).status_code == 200


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_opening_the_link_asks_and_changes_nothing(investor, language):
    saved = _saved(investor)
    response = _anonymous().get(_path(investor, language))
    assert response.status_code == 200
    assert _says(response, "Stop these e-mails", language)
    assert SavedSearch.objects.get(pk=saved.pk).digest
    response = _anonymous().post(_path(investor, language))  # the page's button
    assert _says(response, "Done: your saved searches are no longer e-mailed to you. They stay saved.", language)
    assert not SavedSearch.objects.get(pk=saved.pk).digest


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_altered_link_is_a_translated_400_that_stops_nothing(investor, language, method):
    saved = _saved(investor)
    path = _path(investor, language)
    altered = path[:-2] + ("A" if path[-2] != "A" else "B") + "/"
    response = getattr(_anonymous(), method)(altered)
    assert response.status_code == 400
    assert _says(response, INVALID, language)
    assert SavedSearch.objects.get(pk=saved.pk).digest


def test_a_link_that_is_no_token_at_all_is_a_404(investor):
    path = _path(investor)
    assert _anonymous().get(path.replace(path.split("/")[-2], "a%00b")).status_code == 404


def test_a_search_is_turned_off_and_on_from_the_saved_searches_page(client, investor):
    saved = _saved(investor, last_sent_at=timezone.now() - timedelta(days=30))
    client.force_login(investor)
    url = reverse("incubator:saved_search_digest", kwargs={"pk": saved.pk})
    response = client.post(url, follow=True)
    with translation.override("zh-hans"):  # the site's first language, as the member's browser asks for none
        stopped = translation.gettext("“%(name)s” is no longer e-mailed to you; it stays saved.") % {"name": "Rehab"}
        started = translation.gettext("New startups matching “%(name)s” will be e-mailed to you.") % {"name": "Rehab"}
    assert stopped in response.content.decode()
    assert not SavedSearch.objects.get(pk=saved.pk).digest
    assert _says(response, "E-mail me new matches", "zh-hans")
    before = timezone.now()
    response = client.post(url, {"digest": "on"}, follow=True)
    assert started in response.content.decode()
    saved.refresh_from_db()
    # On again, it starts from now: what was listed while it was off is no news.
    assert saved.digest and saved.last_sent_at >= before


def test_turned_on_again_a_search_sends_only_what_is_new_since(investor, django_capture_on_commit_callbacks):
    saved = _saved(investor, digest=False)
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=timezone.now() - timedelta(days=5))
    while_off = startup_profile(
        factories.OrganisationFactory(kind="startup", slug="while-off"), tag="while-off", with_deck=False
    )
    StartupProfile.objects.filter(pk=while_off.pk).update(created_at=timezone.now() - timedelta(days=1))
    client = Client()
    client.force_login(investor)
    client.post(reverse("incubator:saved_search_digest", kwargs={"pk": saved.pk}), {"digest": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_saved_search_digests() == {"digests": 0}
    assert not mail.outbox


def test_another_users_search_cannot_be_switched(client, investor):
    theirs = _saved(_investor())
    client.force_login(investor)
    response = client.post(reverse("incubator:saved_search_digest", kwargs={"pk": theirs.pk}), {"digest": "on"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("change", "reason"),
    [("unsubscribed", "unsubscribed"), ("turned off", "turned_off"), ("deleted", "turned_off")],
)
def test_a_digest_waiting_in_the_outbox_is_not_sent_for_a_search_stopped_meanwhile(investor, change, reason):
    """The digest waits in the outbox for a worker to write it: a search whose e-mail was stopped, or that
    was deleted, before it is written is not listed; the others still are. Written for none, it is
    withdrawn, and staff read why: all the investor's digests stopped, or only the searches it lists."""
    stopped, kept = _saved(investor), _saved(_investor(), name="Theirs")
    _saved(investor, name="Quiet", query="field=education")  # on, with nothing new: no digest of its own
    SavedSearch.objects.filter(pk__in=[stopped.pk, kept.pk]).update(created_at=timezone.now() - timedelta(days=1))
    startup_profile(factories.OrganisationFactory(kind="startup", slug="new-rehab"), tag="new-rehab", with_deck=False)
    assert tasks.send_saved_search_digests() == {"digests": 2}  # scheduled; the commit never comes in a test
    if change == "unsubscribed":
        assert _anonymous().post(_path(investor)).status_code == 200
    elif change == "turned off":
        services.set_digest(actor=investor, saved=stopped, digest=False)
    else:
        services.delete_search(actor=investor, saved=stopped)
    digests = OutboxMessage.objects.filter(effect="incubator.saved_search_digest")
    outcomes = {message.payload["user_id"]: outbox.deliver(message.pk) for message in digests}
    assert outcomes == {investor.pk: "withdrawn", kept.user_id: "done"}
    assert digests.get(payload__user_id=investor.pk).withdrawn == reason
    for message in OutboxMessage.objects.filter(effect="portal.send_email", done_at=None):  # the rendered mail
        assert outbox.deliver(message.pk) == "done"
    assert [message.to for message in mail.outbox] == [[kept.user.email]]


def _smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens: connection refused
    settings.EMAIL_TIMEOUT, settings.EMAIL_USE_TLS = 2, False


def _rendered_digest_waiting_for_smtp(investor, settings, searches) -> OutboxMessage:
    """The daily run, then its digest written (the e-mail rendered) while SMTP refuses: the mail waits."""
    SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(created_at=timezone.now() - timedelta(days=1))
    startup_profile(factories.OrganisationFactory(kind="startup", slug="new-rehab"), tag="new-rehab", with_deck=False)
    assert tasks.send_saved_search_digests() == {"digests": 1}
    _smtp_down(settings)
    [digest] = OutboxMessage.objects.filter(effect="incubator.saved_search_digest")
    assert outbox.deliver(digest.pk) == "done"
    [waiting] = OutboxMessage.objects.filter(effect="portal.send_email", done_at=None)
    assert outbox.deliver(waiting.pk) == "failed"
    waiting.refresh_from_db()
    assert waiting.attempts == 1 and "Connection" in waiting.last_error
    recurring = waiting.payload["recurring"]
    assert (recurring["scope"], recurring["user_id"]) == (emails.DIGEST_SCOPE, investor.pk)
    assert recurring["about"] == sorted(s.pk for s in searches)
    # What it is written again from, should some of its searches be turned off: each one's startups.
    assert [search["id"] for search in recurring["rewrite"]["searches"]] == recurring["about"]
    return waiting


def _smtp_back_and_retried(settings, waiting) -> str:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=waiting.pk).update(available_at=timezone.now() - timedelta(minutes=1))
    outbox.drain()
    waiting.refresh_from_db()
    return waiting.state


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("unsubscribed", "unsubscribed"),
        ("turned off", "unsubscribed"),  # its only search: no digest goes to them any more
        ("turned off, another still on", "turned_off"),
        ("deleted, another still on", "turned_off"),
        ("deactivated", "recipient_ineligible"),
    ],
)
def test_a_digest_waiting_for_smtp_is_not_sent_once_its_investor_stopped_it(investor, settings, change, reason):
    """The digest was written before the investor stopped it; its mail waited for SMTP. The retry
    sends nothing, and the background task says why (withdrawn, not done; its text is not kept)."""
    searches = [_saved(investor)]
    if "another" in change:
        _saved(investor, name="Quiet", query="field=education")  # on, with nothing new: not in this digest
    waiting = _rendered_digest_waiting_for_smtp(investor, settings, searches)
    if change == "unsubscribed":
        assert _anonymous().post(_path(investor)).status_code == 200  # the e-mail's one-click link
    elif change.startswith("turned off"):
        services.set_digest(actor=investor, saved=searches[0], digest=False)  # the saved searches page
    elif change.startswith("deleted"):
        services.delete_search(actor=investor, saved=searches[0])
    else:
        User.objects.filter(pk=investor.pk).update(is_active=False)
    assert _smtp_back_and_retried(settings, waiting) == "withdrawn"
    assert mail.outbox == []
    assert waiting.withdrawn == reason and waiting.done_at and waiting.payload == {}
    assert outbox.drain()["pending"] == 0  # never retried again, and nothing written again
    assert not OutboxMessage.objects.filter(effect="incubator.saved_search_digest", done_at=None).exists()


def _two_searches_waiting_for_smtp(investor, settings):
    """A digest listing two searches, each with a startup of its own, its mail waiting for SMTP."""
    rehab, speech = _saved(investor), _saved(investor, name="Speech", query="field=education")
    startup_profile(
        factories.OrganisationFactory(kind="startup", slug="new-speech"),
        tag="new-speech",
        with_deck=False,
        application_fields=["education"],
    )
    return rehab, speech, _rendered_digest_waiting_for_smtp(investor, settings, [rehab, speech])


def _all_due():
    OutboxMessage.objects.filter(done_at=None).update(available_at=timezone.now() - timedelta(minutes=1))


@pytest.mark.parametrize("change", ["turned off", "deleted"])
def test_a_waiting_digest_one_of_whose_searches_is_stopped_still_brings_the_others_startups_once(
    investor, settings, change, django_capture_on_commit_callbacks
):
    """The digest listed Rehab and Speech; Rehab is turned off (or deleted) while its mail waits for SMTP.
    Speech's startup was marked reported when the digest was collected, so no later digest lists it: the
    mail is withdrawn and the digest written again for Speech alone, which goes out once SMTP is back."""
    rehab, speech, waiting = _two_searches_waiting_for_smtp(investor, settings)
    assert SavedSearch.objects.get(pk=speech.pk).reported  # no later digest will list it
    if change == "turned off":
        services.set_digest(actor=investor, saved=rehab, digest=False)
    else:
        services.delete_search(actor=investor, saved=rehab)
    with django_capture_on_commit_callbacks(execute=True):  # what the withdrawal's commit hands over runs
        assert _smtp_back_and_retried(settings, waiting) == "withdrawn"
    assert waiting.withdrawn == "rewritten" and waiting.payload == {}
    [message] = mail.outbox
    assert message.to == [investor.email]
    assert "/en/startups/new-speech/" in message.body and "“Speech”" in message.body
    assert "new-rehab" not in message.body and "“Rehab”" not in message.body
    rewritten = OutboxMessage.objects.get(key=f"incubator-digest-again:{waiting.pk}")
    assert [search["id"] for search in rewritten.payload["searches"]] == [speech.pk]

    # Exactly once: nothing left to run, nothing sent again by a retry, a drain or the next daily run.
    assert outbox.deliver(waiting.pk) == "skipped"
    _all_due()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.drain()["pending"] == 0
        assert tasks.send_saved_search_digests() == {"digests": 0}
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.filter(effect="incubator.saved_search_digest").count() == 2


def test_a_startup_unlisted_before_the_digest_is_written_again_is_no_longer_reported_to_its_search(
    investor, settings, django_capture_on_commit_callbacks
):
    """Speech's startup was listed by the first writing of the digest, whose mail was then withdrawn unsent
    (Rehab turned off while it waited for SMTP). Unlisted before the digest is written again for Speech, it
    is in no e-mail: it is not reported to Speech any more, and a later digest lists it once it is back."""
    rehab, speech, waiting = _two_searches_waiting_for_smtp(investor, settings)
    speech_startup = StartupProfile.objects.get(organisation__slug="new-speech")
    assert SavedSearch.objects.get(pk=speech.pk).reported == [speech_startup.pk]  # the first writing listed it

    set_listed(speech_startup, False)
    services.set_digest(actor=investor, saved=rehab, digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert _smtp_back_and_retried(settings, waiting) == "withdrawn"
    assert waiting.withdrawn == "rewritten" and mail.outbox == []  # written again, with nothing to list
    assert SavedSearch.objects.get(pk=speech.pk).reported == []

    set_listed(speech_startup, True)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_saved_search_digests() == {"digests": 1}
    [message] = mail.outbox
    assert "/en/startups/new-speech/" in message.body and "“Speech”" in message.body
    assert SavedSearch.objects.get(pk=speech.pk).reported == [speech_startup.pk]


def test_a_digest_written_again_waits_for_smtp_as_the_first_did_and_is_written_again_if_need_be(
    investor, settings, django_capture_on_commit_callbacks
):
    """SMTP still down: the digest written for Speech alone waits too, and is checked again before it goes."""
    rehab, speech, waiting = _two_searches_waiting_for_smtp(investor, settings)
    services.set_digest(actor=investor, saved=rehab, digest=False)
    OutboxMessage.objects.filter(pk=waiting.pk).update(available_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        outbox.drain()  # SMTP still refuses: the withdrawal commits, the rewritten digest's mail fails
    [again] = OutboxMessage.objects.filter(effect="portal.send_email", done_at=None)
    assert again.attempts == 1 and again.payload["recurring"]["about"] == [speech.pk]
    services.set_digest(actor=investor, saved=speech, digest=False)  # now all of them: unsubscribed
    assert _smtp_back_and_retried(settings, again) == "withdrawn"
    assert again.withdrawn == "unsubscribed" and mail.outbox == []


def test_a_digest_waiting_for_smtp_goes_out_when_it_returns(investor, settings):
    waiting = _rendered_digest_waiting_for_smtp(investor, settings, [_saved(investor), _saved(investor, name="B")])
    assert _smtp_back_and_retried(settings, waiting) == "done"
    assert [message.to for message in mail.outbox] == [[investor.email]]


def test_a_digest_rendered_without_what_it_is_written_again_from_is_withdrawn_not_stuck(investor, settings):
    """Mail queued before digests kept their searches' startups beside it (a deployment meanwhile): with
    one of its searches turned off it is withdrawn, as it was then, rather than failing until given up."""
    rehab, _speech, waiting = _two_searches_waiting_for_smtp(investor, settings)
    del waiting.payload["recurring"]["rewrite"]
    OutboxMessage.objects.filter(pk=waiting.pk).update(payload=waiting.payload)
    services.set_digest(actor=investor, saved=rehab, digest=False)
    assert _smtp_back_and_retried(settings, waiting) == "withdrawn"
    assert waiting.withdrawn == "turned_off" and mail.outbox == []
    assert outbox.drain()["pending"] == 0


REASONS = {
    "unsubscribed": (
        "未发送：等待发送期间，收件人停止了所有此类邮件（已退订，或关闭、删除了发送这些邮件的全部已保存搜索）。",
        "Not sent: while it waited, its recipient stopped all e-mails of this kind (unsubscribed, or turned off "
        "or deleted every saved search that sent them).",
    ),
    "turned_off": (
        "未发送：等待发送期间，收件人关闭或删除了邮件所报告的内容（其中列出的已保存搜索）；收件人的其他此类邮件仍会照常发送。",
        "Not sent: while it waited, its recipient turned off or deleted what it reports on (the saved searches it "
        "lists); their other e-mails of this kind still go out.",
    ),
    "rewritten": (
        "未按原样发送：等待发送期间，收件人关闭或删除了邮件所报告的部分内容（其中列出的部分已保存搜索）；已作为新任务，针对其余内容重新撰写。",
        "Not sent as written: while it waited, its recipient turned off or deleted part of what it reports on "
        "(some of the saved searches it lists); it was written again for the rest, as a new task.",
    ),
}


@pytest.mark.parametrize(("language", "state"), [("zh-hans", "已撤回，未执行"), ("en", "Withdrawn, not done")])
@pytest.mark.parametrize("reason", list(REASONS))
def test_staff_read_why_the_digest_was_not_sent_in_the_admins_language(
    client, investor, settings, django_capture_on_commit_callbacks, language, state, reason
):
    rehab, speech, waiting = _two_searches_waiting_for_smtp(investor, settings)
    if reason == "unsubscribed":
        _anonymous().post(_path(investor))
    elif reason == "turned_off":
        _saved(investor, name="Quiet", query="field=education")  # still on
        services.set_digest(actor=investor, saved=rehab, digest=False)
        services.delete_search(actor=investor, saved=speech)
    else:
        services.set_digest(actor=investor, saved=rehab, digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        _smtp_back_and_retried(settings, waiting)
    client.force_login(factories.StaffFactory(preferred_language=language))
    listing = client.get(reverse("background_tasks:index"), {"state": "withdrawn"})
    assert [row.pk for row in listing.context["object_list"]] == [waiting.pk]
    assert state in listing.content.decode()
    inspect = client.get(reverse("background_tasks:inspect", args=[waiting.pk])).content.decode()
    # "withdrawn because", in the admin's language; the other cases' reasons are not said.
    chinese, english = REASONS[reason]
    assert (chinese if language == "zh-hans" else english) in inspect
    others = [text for key, texts in REASONS.items() if key != reason for text in texts]
    assert not any(text in inspect for text in others)
