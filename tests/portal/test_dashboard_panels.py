"""The staff dashboard's waiting lists: each role sees the panels whose lists it may open, and no other."""

import pytest
from django.test import RequestFactory
from wagtail import hooks

from portal.outbox_admin import GivenUpTasksPanel
from tests.factories import ProjectManagerFactory, StaffFactory

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
