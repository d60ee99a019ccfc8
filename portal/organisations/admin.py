"""The Wagtail admin for alliance staff: organisations, their verification, memberships, invitations.

Registered by ``portal/wagtail_hooks.py``.

* Organisations: list filterable by kind and verification status, searchable by name
  (Chinese substrings work: a non-indexed model is searched with ``icontains``), an
  inspect view showing members and pending invitations, and verify / refuse / suspend
  decisions declared in ``portal.organisations.verification`` and taken with the review kit
  (``portal.review``: the owners are e-mailed, the decision is logged in the object's history
  with the status before and after). Organisations are registered by members from the
  front end, so there is no "add" here; the edit form leaves verification fields out.
* Memberships and invitations: read-only listings. Changing them would bypass the
  rules in ``portal.organisations.services`` (last owner, invited address).
* A dashboard panel lists organisations awaiting verification.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy

from portal.organisations import queries, services, verification
from portal.organisations.forms import VerificationDecisionForm
from portal.organisations.models import Invitation, Membership, Organisation, VerificationStatus
from portal.review.admin import DecisionIndexView, DecisionInspectView, DecisionView, ReviewViewSetMixin
from portal.review.errors import add_service_error
from portal.review.staff import WaitingListPanel, listing_url, on_staff_dashboard
from portal.viewsets import PortalModelViewSet

# --- permission policies -------------------------------------------------------------


class OrganisationPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, minus "add": organisations are registered by their owners."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing only, whatever model permissions the staff groups hold."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)


#: The admin's permission policy for each model (registered by ``portal/wagtail_hooks.py``).
PERMISSION_POLICIES = {
    Organisation: OrganisationPermissionPolicy(Organisation),
    Membership: ReadOnlyPermissionPolicy(Membership),
    Invitation: ReadOnlyPermissionPolicy(Invitation),
}


# --- organisation views --------------------------------------------------------------


class OrganisationInspectView(DecisionInspectView):
    """The organisation's record, its members and pending invitations, and the decisions staff may take."""

    template_name = "portal/organisations/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = queries.organisation_members(self.object)
        context["pending_invitations"] = queries.pending_invitations(self.object)
        return context


class OrganisationEditView(generic.EditView):
    """Staff edit the record through ``services.update_organisation``: the owners' normalisation and
    uniqueness checks, the cache invalidation, and a refusal shown beside its field."""

    def save_instance(self):
        changes = {name: self.form.cleaned_data[name] for name in self.form.fields}
        return services.update_organisation(actor=self.request.user, organisation=self.object, by_staff=True, **changes)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.OrganisationError as exc:
            add_service_error(form, exc)
            self.produced_error_code, self.produced_error_message = "validation_error", self.get_error_message()
            return self.form_invalid(form)


class OrganisationDeleteView(generic.DeleteView):
    """Deletion through ``services.delete_organisation`` (logged, public pages invalidated)."""

    def delete_action(self):
        services.delete_organisation(actor=self.request.user, organisation=self.object)


class OrganisationDecisionView(DecisionView):
    """Verify, refuse or suspend one organisation, with a note for its owners (staff only)."""

    template_name = "portal/organisations/admin/decision.html"
    unknown_decision = Http404


class OrganisationViewSet(ReviewViewSetMixin, PortalModelViewSet):
    model = Organisation
    review = verification.VERIFICATION
    decision_view_class = OrganisationDecisionView
    decision_form_class = VerificationDecisionForm
    decision_url_prefix = decision_url_name = "decide"
    icon = "group"
    menu_label = gettext_lazy("Organisations")
    menu_order = 100
    index_view_class = DecisionIndexView
    inspect_view_class = OrganisationInspectView
    edit_view_class = OrganisationEditView
    delete_view_class = OrganisationDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["name_zh", "name_en", "kind", "verification_status", "city_zh", "created_at"]
    list_filter = ["kind", "verification_status"]
    search_fields = ["name_zh", "name_en", "slug", "unified_social_credit_code"]
    ordering = ["verification_status", "-created_at"]
    # Verification is changed only through the decision views (services: e-mail, log).
    form_fields = [
        "name_zh",
        "name_en",
        "slug",
        "kind",
        "city_zh",
        "city_en",
        "website",
        "unified_social_credit_code",
        "description_zh",
        "description_en",
    ]
    inspect_view_fields = [
        *form_fields,
        "verification_status",
        "verification_note",
        "verified_at",
        "verified_by",
        "created_at",
        "updated_at",
    ]


class MembershipViewSet(PortalModelViewSet):
    model = Membership
    icon = "user"
    menu_label = gettext_lazy("Memberships")
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "user",
        Column("user_email", label=gettext_lazy("E-mail address"), accessor="user.email"),
        "organisation",
        "role",
        "created_at",
    ]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name_zh", "organisation__name_en"]
    form_fields = ["role"]  # ModelViewSet requires a form; ReadOnlyPermissionPolicy never lets it save

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Membership.objects.select_related("user", "organisation"), **kwargs
        )


class InvitationViewSet(PortalModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = gettext_lazy("Invitations")
    copy_view_enabled = False
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name_zh", "organisation__name_en"]
    form_fields = ["role"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=Invitation.objects.select_related("organisation"), **kwargs)


class OrganisationAdminGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Organisations")
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationViewSet("organisations"), MembershipViewSet("memberships"), InvitationViewSet("invitations"))


def register_viewsets():
    return OrganisationAdminGroup()


# --- dashboard panel -------------------------------------------------------------------


@on_staff_dashboard
class OrganisationsAwaitingVerificationPanel(WaitingListPanel):
    name = "organisations_awaiting_verification"
    heading = gettext_lazy("Organisations awaiting verification")
    template_name = "portal/organisations/admin/awaiting_verification_panel.html"
    order = 50
    index_url = listing_url("organisations:index", verification_status=VerificationStatus.PENDING)

    def get_queryset(self):
        return queries.organisations_awaiting_verification()
