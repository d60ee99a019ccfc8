"""The data rooms' demo loader: every state, the demo logins' journey left open, idempotent, graceful."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from incubator.demo import datarooms as demo
from incubator.demo import people
from incubator.models import DataRoomAccess, DataRoomDocument, DocumentAccessLog, NdaVersion
from portal.demo.registry import DemoContext, demo_email
from portal.uploads import clean_pdf
from tests import factories
from tests import upload_samples as samples

pytestmark = pytest.mark.django_db


def organisations(kind: str, n: int, *, login: str):
    made = [factories.OrganisationFactory(kind=kind, slug=f"{kind}-{i:02d}") for i in range(n)]
    # The demo login belongs to the last one by slug: the loader must still put it first.
    factories.MembershipFactory(organisation=made[-1], user__email=demo_email(login), role="owner")
    for organisation in made[:-1]:
        factories.MembershipFactory(organisation=organisation, role="owner")
    return made


def test_without_startups_or_investors_only_the_nda_is_made():
    context = DemoContext(write=lambda _line: None)
    demo.load(context)
    assert NdaVersion.objects.get().version == 1
    assert not DataRoomDocument.objects.exists() and not DataRoomAccess.objects.exists()


def test_rooms_in_every_state_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    startups = organisations("startup", 8, login=demo.STARTUP_LOGIN)
    investors = organisations("investor", 9, login=demo.INVESTOR_LOGIN)
    demo.load(DemoContext(write=lambda _line: None))

    nda = NdaVersion.objects.get()
    assert "保密" in nda.text_zh and "confidential" in nda.text_en and nda.published_at is not None
    assert DataRoomDocument.objects.values("startup").distinct().count() == demo.ROOMS
    fund, login_startup = investors[-1], startups[-1]
    mine = dict(DataRoomAccess.objects.filter(investor=fund).values_list("startup__slug", "status"))
    assert sorted(mine.values()) == ["approved", "approved", "declined", "requested", "revoked"]
    assert login_startup.slug not in mine  # the journey starts in the startup login's room
    incoming = set(DataRoomAccess.objects.filter(startup=login_startup).values_list("status", flat=True))
    assert incoming == {"approved", "requested", "declined", "revoked"}
    opened = DataRoomAccess.objects.filter(investor=fund, status="approved", nda_version=nda).get()
    assert opened.nda_ip and DocumentAccessLog.objects.filter(access=opened).exists()
    assert DataRoomAccess.objects.filter(investor=fund, status="approved", nda_version__isnull=True).exists()
    for document in DataRoomDocument.objects.all()[:3]:
        clean_pdf(samples.upload("x.pdf", document.file.read()))  # a valid PDF, without active content

    counts = (DataRoomDocument.objects.count(), DataRoomAccess.objects.count(), DocumentAccessLog.objects.count())
    again = DemoContext(write=lambda _line: None)
    demo.load(again)
    assert again.created_total == 0
    assert counts == (
        DataRoomDocument.objects.count(),
        DataRoomAccess.objects.count(),
        DocumentAccessLog.objects.count(),
    )


def test_the_rooms_are_days_old_on_whatever_day_the_demo_is_loaded(settings, tmp_path):
    """Requests, decisions, NDA acceptances and the log count back from the loading day: a demo loaded
    years after the loader was written still shows requests of the last weeks, not stale ones."""
    settings.MEDIA_ROOT = tmp_path / "media"
    organisations("startup", 8, login=demo.STARTUP_LOGIN)
    organisations("investor", 9, login=demo.INVESTOR_LOGIN)
    with time_machine.travel(datetime(2029, 11, 1, 1, 0, tzinfo=UTC), tick=False):
        demo.load(DemoContext(write=lambda _line: None))
        now = timezone.now()
    assert NdaVersion.objects.get().published_at < now
    for access in DataRoomAccess.objects.all():
        assert now - timedelta(days=21) <= access.requested_at < now
        assert access.decided_at is None or access.requested_at < access.decided_at < now
        assert access.nda_accepted_at is None or access.requested_at < access.nda_accepted_at < now
    assert all(now - timedelta(days=21) < at < now for at in DocumentAccessLog.objects.values_list("at", flat=True))


def test_the_pdfs_are_the_same_on_every_run():
    startup = factories.OrganisationFactory(kind="startup", name_en="Delta Neuro")
    assert demo._pdf(startup, "Business plan", 2) == demo._pdf(startup, "Business plan", 2)


def test_the_log_names_a_person_although_the_generated_organisations_have_no_members(settings, tmp_path):
    """As in the real demo, only the logins' organisations have members: the contact people loader gives
    the others one, so no line of a room's log (nor a request or decision) reads "a deleted account"."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for kind, login in (("startup", demo.STARTUP_LOGIN), ("investor", demo.INVESTOR_LOGIN)):
        made = [factories.OrganisationFactory(kind=kind, slug=f"{kind}-{i:02d}") for i in range(9)]
        factories.MembershipFactory(organisation=made[-1], user__email=demo_email(login), role="owner")
    context = DemoContext(write=lambda _line: None)
    people.load(context)
    demo.load(context)

    assert DocumentAccessLog.objects.count() > 0
    assert not DocumentAccessLog.objects.filter(user__isnull=True).exists()
    assert not DataRoomAccess.objects.filter(requested_by__isnull=True).exists()
    assert not DataRoomAccess.objects.exclude(status="requested").filter(decided_by__isnull=True).exists()
    person = DocumentAccessLog.objects.select_related("user").first().user
    assert person.first_name and not person.has_usable_password()
    assert person.email == f"contact@{person.organisations.get().slug}.example"
    again = DemoContext(write=lambda _line: None)
    people.load(again)
    assert again.created_total == 0
