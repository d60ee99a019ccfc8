"""Read-only listings of the incubator's records in the Wagtail admin, for staff and project managers.

Startup, investor and platform profiles, programme applications (decided here too, with the
review kit: ``incubator.programmes.admin``), meeting requests, data-room access and the document
access log: a listing with filters and an inspect page each, nothing to add, edit or delete (what
has rules changes through the services of its sub-domain, on the member pages). Organisations
themselves are reviewed in the portal's admin (``portal.organisations.admin``), not here.
"""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from incubator import money
from incubator.datarooms.admin import NdaVersionViewSet
from incubator.models import (
    DataRoomAccess,
    DocumentAccessLog,
    InvestorProfile,
    MeetingRequest,
    PlatformProfile,
    ProgrammeApplication,
    StartupProfile,
)
from incubator.pipeline import permissions
from incubator.programmes.admin import ProgrammeApplicationViewSet
from portal import permissions as portal_permissions
from portal.review.admin import EMPTY, ReadableInspectView, boolean_column
from portal.review.staff import StaffViewPolicy
from portal.viewsets import PortalModelViewSet

#: The models listed here, each looked at under ``StaffViewPolicy`` (registered by ``incubator.wagtail_hooks``).
MODELS = (
    StartupProfile,
    InvestorProfile,
    PlatformProfile,
    ProgrammeApplication,
    MeetingRequest,
    DataRoomAccess,
    DocumentAccessLog,
)


class DataRoomTrailPolicy(StaffViewPolicy):
    """The data rooms' access log: staff only (``permissions.can_read_data_room_trail``)."""

    def user_has_permission(self, user, action):
        return action == "view" and permissions.can_read_data_room_trail(user)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(groups__name=portal_permissions.STAFF_GROUP)


def register_policies() -> None:
    for model in MODELS:
        policy = DataRoomTrailPolicy if model is DocumentAccessLog else StaffViewPolicy
        register_permission_policy(model, policy(model), exact_class=True)


class DataRoomAccessInspectView(ReadableInspectView):
    """A data-room request as staff read it; the address its NDA was accepted from only for those who
    may read the data rooms' trail."""

    def get_fields(self):
        fields = super().get_fields()
        if permissions.can_read_data_room_trail(self.request.user):
            return fields
        return [name for name in fields if name != "nda_ip"]


#: Columns a record's inspect page leaves out: bookkeeping, not what staff read.
INTERNAL_FIELDS = ("version", "creation_token", "uid")


class RecordViewSet(PortalModelViewSet):
    """A listing and inspect pages; staff and project managers look (``StaffViewPolicy``), nobody edits here."""

    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    copy_view_enabled = False
    form_fields = []  # no add or edit form is reachable: the policy grants "view" only

    @cached_property
    def inspect_view_fields_exclude(self):
        """The search masks (``*_mask``, the multi-valued fields again as bits) and ``INTERNAL_FIELDS``."""
        return [f.name for f in self.model._meta.fields if f.name.endswith("_mask") or f.name in INTERNAL_FIELDS]


class StartupProfileViewSet(RecordViewSet):
    model = StartupProfile
    icon = "pick"
    menu_label = gettext_lazy("Startup profiles")
    list_display = ["organisation", "stage", "trl", "team_size", boolean_column(StartupProfile, "listed"), "updated_at"]
    list_filter = ["stage", "listed"]
    list_select_related = ["organisation"]
    ordering = ["-updated_at"]


#: An investor's ticket size as every page writes it (``incubator.money``), not two columns of yuan.
TICKET_COLUMN = Column(
    "ticket",
    label=gettext_lazy("Ticket size"),
    accessor=lambda profile: money.cny_range(profile.ticket_min_cny, profile.ticket_max_cny) or EMPTY,
)


class InvestorProfileViewSet(RecordViewSet):
    model = InvestorProfile
    icon = "group"
    menu_label = gettext_lazy("Investor profiles")
    list_display = ["organisation", TICKET_COLUMN, "updated_at"]
    list_select_related = ["organisation"]
    ordering = ["-updated_at"]


class PlatformProfileViewSet(RecordViewSet):
    model = PlatformProfile
    icon = "site"
    menu_label = gettext_lazy("Platform profiles")
    list_display = ["organisation", boolean_column(PlatformProfile, "accepts_applications"), "updated_at"]
    list_filter = ["accepts_applications"]
    list_select_related = ["organisation"]
    ordering = ["-updated_at"]


class MeetingRequestViewSet(RecordViewSet):
    model = MeetingRequest
    icon = "date"
    menu_label = gettext_lazy("Meeting requests")
    list_display = ["subject", "sender", "recipient", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["sender", "recipient"]
    ordering = ["-created_at"]


class DataRoomAccessViewSet(RecordViewSet):
    model = DataRoomAccess
    inspect_view_class = DataRoomAccessInspectView
    icon = "lock"
    menu_label = gettext_lazy("Data-room access")
    list_display = ["startup", "investor", "status", "requested_at", "nda_accepted_at"]
    list_filter = ["status"]
    list_select_related = ["startup", "investor"]
    ordering = ["-requested_at"]


class DocumentAccessLogViewSet(RecordViewSet):
    model = DocumentAccessLog
    icon = "history"
    menu_label = gettext_lazy("Data-room access log")
    list_display = ["document", "user", "action", "at"]
    list_filter = ["action"]
    list_select_related = ["document", "user"]
    ordering = ["-at"]


class IncubatorRecordsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Incubator")
    menu_icon = "home"
    menu_order = 295
    items = (
        StartupProfileViewSet("incubator_startup_profiles"),
        InvestorProfileViewSet("incubator_investor_profiles"),
        PlatformProfileViewSet("incubator_platform_profiles"),
        ProgrammeApplicationViewSet("incubator_programme_applications"),
        MeetingRequestViewSet("incubator_meeting_requests"),
        DataRoomAccessViewSet("incubator_dataroom_access"),
        DocumentAccessLogViewSet("incubator_access_log"),
        NdaVersionViewSet("incubator_nda_versions"),
    )
