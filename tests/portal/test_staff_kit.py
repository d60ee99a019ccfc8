"""``portal.review.staff``: a staff area or panel that forgets what it must declare is refused when it is made."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from incubator.pipeline.admin import CardAction
from portal.review.staff import StaffMenuViewSet, WaitingListPanel, listing_url, on_staff_dashboard


def test_a_staff_area_without_its_menu_check_is_refused():
    with pytest.raises(ImproperlyConfigured, match="menu_check"):

        class Area(StaffMenuViewSet):
            name = "nowhere"


def test_a_dashboard_panel_without_its_list_is_refused():
    with pytest.raises(ImproperlyConfigured, match="index_url"):

        @on_staff_dashboard
        class Waiting(WaitingListPanel):
            name = "waiting"


def test_a_card_action_without_its_service_is_refused():
    with pytest.raises(ImproperlyConfigured, match="service"):

        class Action(CardAction):
            done = "done"


def test_listing_url_keeps_the_filters_and_repeats_a_list():
    url = listing_url("case_submissions:index", status=["submitted", "resubmitted"])
    with translation.override("en"):
        assert str(url).endswith("?status=submitted&status=resubmitted")
