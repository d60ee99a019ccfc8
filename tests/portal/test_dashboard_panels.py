"""The staff dashboard's waiting lists: each role sees the panels whose lists it may open, and no other."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from portal.models import OutboxMessage
from portal.outbox_admin import GivenUpTasksPanel
from tests.factories import OrganisationFactory, ProjectManagerFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _panels_for(user) -> list:
    request = RequestFactory().get("/admin/")
    request.user = user
    panels = []
    for hook in hooks.get_hooks("construct_homepage_panels"):
        hook(request, panels)
    return [panel for panel in panels if hasattr(panel, "index_url")]


@pytest.mark.parametrize("make_user", [StaffFactory, ProjectManagerFactory], ids=["staff", "project_manager"])
def test_every_waiting_list_on_a_dashboard_opens_for_its_reader(client, make_user):
    user = make_user()
    client.force_login(user)
    panels = _panels_for(user)
    assert panels
    assert {type(panel).__name__: client.get(str(panel.index_url)).status_code for panel in panels} == {
        type(panel).__name__: 200 for panel in panels
    }


def test_the_given_up_background_tasks_are_on_the_staffs_dashboard_only():
    """Their last errors may quote addresses (an SMTP refusal): the outbox's admin is staff's alone."""
    assert any(isinstance(panel, GivenUpTasksPanel) for panel in _panels_for(StaffFactory()))
    assert not any(isinstance(panel, GivenUpTasksPanel) for panel in _panels_for(ProjectManagerFactory()))


def test_the_background_tasks_given_up_show_only_when_there_are_some(client):
    """An alarm, not a list of work: empty, it stood first on the staff's dashboard ("none given up"),
    above the organisations and products waiting for them."""
    client.force_login(StaffFactory(preferred_language="en"))
    page = client.get("/admin/").content.decode()
    assert 'id="background-tasks-given-up-section"' not in page and "given up" not in page
    assert 'id="products-awaiting-review-section"' in page  # a list of work shows empty

    task = OutboxMessage.objects.create(effect="portal.send_email", attempts=20, gave_up_at=timezone.now())
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = page.find(id="background-tasks-given-up-section")
    assert panel.find("a", href=reverse("background_tasks:inspect", args=[task.pk]))


def test_the_texts_beside_a_panels_table_are_indented_like_its_cells(client):
    """A dashboard panel has no padding of its own: its "See all" link and its empty-list text once
    touched the panel's border, while the table's cells sat 1.5rem in (Wagtail's ``w-px-6``)."""
    from portal.organisations.models import VerificationStatus

    OrganisationFactory.create_batch(11, verification_status=VerificationStatus.PENDING)
    client.force_login(StaffFactory(preferred_language="en"))
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    products = page.find(id="products-awaiting-review-section")
    organisations = page.find(id="organisations-awaiting-verification-section")
    empty = products.find(string=re.compile("No product is waiting for review")).find_parent("p")
    see_all = organisations.find("a", string=re.compile("See all 11")).find_parent("p")
    assert "w-px-6" in empty["class"]
    assert "w-px-6" in see_all["class"]


def test_the_waiting_lists_name_things_in_the_readers_language(client):
    """The panels once showed the Chinese names whatever the admin's language: an English reader saw
    a product, its organisation and an entry's track ("医疗健康") in Chinese beside English headings."""
    from django.utils import timezone

    from catalog.vocabulary import ModerationStatus
    from competition.vocabulary import EntryStatus
    from tests.catalog.factories import ProductFactory
    from tests.competition.factories import EntryFactory, TeamFactory, running_competition

    organisation = OrganisationFactory(name_zh="睿听脑电科技", name_en="Ruiting EEG")
    ProductFactory(
        organisation=organisation,
        name_zh="课堂脑电头环",
        name_en="Classroom EEG headband",
        moderation_status=ModerationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    competition = running_competition()
    EntryFactory(
        team=TeamFactory(competition=competition),
        track=competition.tracks.get(slug="medical"),
        status=EntryStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client.force_login(StaffFactory(preferred_language="en"))
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    products = page.find(id="products-awaiting-review-section").get_text(" ")
    entries = page.find(id="competition-entries-awaiting-screening-section").get_text(" ")
    assert "Classroom EEG headband" in products and "Ruiting EEG" in products
    assert "课堂脑电头环" not in products and "睿听脑电科技" not in products
    assert "Medical and health" in entries and "医疗健康" not in entries
