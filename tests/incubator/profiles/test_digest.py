"""The saved searches' e-mail digest: new matching startups, in the user's language, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from incubator.models import SavedSearch, StartupProfile
from incubator.profiles import services, tasks
from portal import outbox
from portal.models import OutboxMessage
from portal.organisations import verification
from tests import factories
from tests.incubator.profiles.world import set_listed, startup_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def investor():
    organisation = factories.OrganisationFactory(kind="investor")
    return factories.MembershipFactory(organisation=organisation, role="owner", user__preferred_language="en").user


def _startup(slug, **overrides):
    return startup_profile(
        factories.OrganisationFactory(kind="startup", slug=slug), tag=slug, with_deck=False, **overrides
    )


def _run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return tasks.send_saved_search_digests()


def test_digest_lists_new_matches_once_in_the_users_language(investor, django_capture_on_commit_callbacks):
    old = _startup("old-rehab")
    saved = SavedSearch.objects.create(user=investor, name="Rehab", query="field=rehabilitation")
    StartupProfile.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=timezone.now() - timedelta(days=2))
    _startup("new-rehab")
    _startup("new-speech", application_fields=["education"])
    unverified = _startup("new-pending")
    unverified.organisation.verification_status = "pending"
    unverified.organisation.save()
    assert _run(django_capture_on_commit_callbacks) == {"digests": 1}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [investor.email]
    assert message.extra_headers["Content-Language"] == "en"
    assert "/en/startups/new-rehab/" in message.body
    assert "old-rehab" not in message.body and "new-speech" not in message.body and "new-pending" not in message.body
    assert "Rehab" in message.body
    saved.refresh_from_db()
    assert saved.last_sent_at is not None
    # Nothing new: no second e-mail.
    assert _run(django_capture_on_commit_callbacks) == {"digests": 0}
    assert len(mail.outbox) == 1


def test_digest_in_chinese_and_off_when_unchecked(investor, django_capture_on_commit_callbacks):
    investor.preferred_language = "zh-hans"
    investor.save()
    SavedSearch.objects.create(user=investor, name="全部", query="", digest=False)
    _startup("another")
    assert _run(django_capture_on_commit_callbacks) == {"digests": 0}
    saved = SavedSearch.objects.create(user=investor, name="全部", query="")
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=timezone.now() - timedelta(days=1))
    assert _run(django_capture_on_commit_callbacks) == {"digests": 1}
    assert mail.outbox[-1].extra_headers["Content-Language"] == "zh-hans"
    assert "/zh-hans/startups/another/" in mail.outbox[-1].body or "/startups/another/" in mail.outbox[-1].body


def test_no_digest_for_a_user_no_longer_an_investor(investor, django_capture_on_commit_callbacks):
    saved = SavedSearch.objects.create(user=investor, name="All", query="")
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=timezone.now() - timedelta(days=1))
    _startup("fresh")
    investor.memberships.update(role="owner")
    organisation = investor.memberships.get().organisation
    organisation.verification_status = "suspended"
    organisation.save()
    assert _run(django_capture_on_commit_callbacks) == {"digests": 0}
    assert not mail.outbox
    # No digest went to them: nothing is reported to the search (it would be news to a later one).
    assert SavedSearch.objects.get(pk=saved.pk).reported == []


def _aged(saved, days):
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_a_startup_verified_after_it_wrote_its_profile_is_new_when_it_is_verified(
    investor, django_capture_on_commit_callbacks
):
    """The usual order: the profile is written while staff still check the organisation. The digest
    sends it once it reaches the directory, not never (its profile's creation predates the search)."""
    _aged(SavedSearch.objects.create(user=investor, name="Rehab", query="field=rehabilitation"), 2)
    waiting = _startup("verified-later")
    waiting.organisation.verification_status = "pending"
    waiting.organisation.save()
    StartupProfile.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert _run(django_capture_on_commit_callbacks) == {"digests": 0}

    verification.verify_organisation(staff=factories.StaffFactory(), organisation=waiting.organisation)
    mail.outbox.clear()
    assert _run(django_capture_on_commit_callbacks) == {"digests": 1}
    assert "/en/startups/verified-later/" in mail.outbox[0].body
    assert _run(django_capture_on_commit_callbacks) == {"digests": 0}


def test_a_profile_listed_after_drafting_is_new_when_it_is_listed(investor, django_capture_on_commit_callbacks):
    _aged(SavedSearch.objects.create(user=investor, name="Rehab", query="field=rehabilitation"), 2)
    drafted = _startup("listed-later", listed=False)
    StartupProfile.objects.filter(pk=drafted.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert _run(django_capture_on_commit_callbacks) == {"digests": 0}

    owner = factories.MembershipFactory(organisation=drafted.organisation, role="owner").user
    services.save_profile(
        actor=owner, organisation=drafted.organisation, kind="startup", version=drafted.version, fields={"listed": True}
    )
    assert StartupProfile.objects.get(pk=drafted.pk).listed_at is not None
    assert _run(django_capture_on_commit_callbacks) == {"digests": 1}
    assert "/en/startups/listed-later/" in mail.outbox[0].body
    # Saving the listed profile again does not make it new again.
    drafted.refresh_from_db()
    services.save_profile(
        actor=owner,
        organisation=drafted.organisation,
        kind="startup",
        version=drafted.version,
        fields={"team_size": 30},
    )
    assert _run(django_capture_on_commit_callbacks) == {"digests": 0}


def test_a_startup_suspended_and_verified_again_is_not_news_to_a_search_that_listed_it(
    investor, django_capture_on_commit_callbacks
):
    """Verifying again moves the organisation's ``verified_at``, so the startup reaches the directory
    anew; a search whose digest already listed it does not list it again, one saved meanwhile does."""
    _aged(SavedSearch.objects.create(user=investor, name="Rehab", query="field=rehabilitation"), 2)
    startup = _startup("back-again")
    assert _run(django_capture_on_commit_callbacks) == {"digests": 1}
    staff = factories.StaffFactory()
    verification.suspend_organisation(staff=staff, organisation=startup.organisation, note="Licence expired")
    later = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind="investor"), role="owner").user
    _aged(SavedSearch.objects.create(user=later, name="All", query=""), 1)
    verification.verify_organisation(staff=staff, organisation=startup.organisation)
    mail.outbox.clear()

    assert _run(django_capture_on_commit_callbacks) == {"digests": 1}
    assert mail.outbox[0].to == [later.email]
    assert "/startups/back-again/" in mail.outbox[0].body
    assert SavedSearch.objects.get(user=investor).reported == [startup.pk]


def test_a_startup_unlisted_before_its_digest_is_written_is_not_reported_and_a_later_digest_lists_it(
    investor, django_capture_on_commit_callbacks
):
    """The daily run collects a search's new startups; the outbox writes the e-mail after, from what is still
    public then. A startup unlisted in between is left out of the e-mail, so it is not reported to the
    search: listed again, it reaches the directory anew and the next digest lists it, once."""
    saved = SavedSearch.objects.create(user=investor, name="Rehab", query="field=rehabilitation")
    _aged(saved, 2)
    kept, hidden = _startup("stays-listed"), _startup("unlisted-meanwhile")
    assert tasks.send_saved_search_digests() == {"digests": 1}  # collected; written once the run commits
    set_listed(hidden, listed=False)
    [digest] = OutboxMessage.objects.filter(effect="incubator.saved_search_digest")
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.deliver(digest.pk) == "done"
    [message] = mail.outbox
    assert "/en/startups/stays-listed/" in message.body and "unlisted-meanwhile" not in message.body
    assert SavedSearch.objects.get(pk=saved.pk).reported == [kept.pk]

    set_listed(hidden, listed=True)
    mail.outbox.clear()
    assert _run(django_capture_on_commit_callbacks) == {"digests": 1}
    assert "/en/startups/unlisted-meanwhile/" in mail.outbox[0].body and "stays-listed" not in mail.outbox[0].body
    assert SavedSearch.objects.get(pk=saved.pk).reported == [kept.pk, hidden.pk]
    assert _run(django_capture_on_commit_callbacks) == {"digests": 0}


def test_a_digest_whose_startups_were_all_unlisted_before_it_is_written_sends_and_reports_nothing(
    investor, django_capture_on_commit_callbacks
):
    saved = SavedSearch.objects.create(user=investor, name="Rehab", query="field=rehabilitation")
    _aged(saved, 2)
    hidden = _startup("gone-meanwhile")
    assert tasks.send_saved_search_digests() == {"digests": 1}
    set_listed(hidden, listed=False)
    [digest] = OutboxMessage.objects.filter(effect="incubator.saved_search_digest")
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.deliver(digest.pk) == "done"
    assert not mail.outbox
    assert SavedSearch.objects.get(pk=saved.pk).reported == []
    set_listed(hidden, listed=True)
    assert _run(django_capture_on_commit_callbacks) == {"digests": 1}
    assert "/en/startups/gone-meanwhile/" in mail.outbox[0].body
