"""The Wagtail admin for alliance staff: organisations, their verification, memberships, invitations.

Registered by ``portal/wagtail_hooks.py``.

* Organisations: list filterable by kind and verification status, searchable by name
  (Chinese substrings work: a non-indexed model is searched with ``icontains``), an
  inspect view showing members and pending invitations, and verify / refuse / suspend
  actions that call ``portal.organisations.services`` (so the owners are e-mailed and the decision is
  logged in the object's history). Organisations are registered by members from the
  front end, so there is no "add" here; the edit form leaves verification fields out.
* Memberships and invitations: read-only listings. Changing them would bypass the
  rules in ``portal.organisations.services`` (last owner, invited address).
* A dashboard panel lists organisations awaiting verification.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from portal import permissions
from portal.admin_panels import WaitingListPanel
from portal.organisations import queries, services, verification
from portal.organisations.forms import VerificationDecisionForm
from portal.organisations.models import Invitation, Membership, Organisation, VerificationStatus

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


# --- audit log actions ---------------------------------------------------------------


def register_log_actions(actions):
    actions.register_action(
        "portal.organisation.verified", gettext_lazy("Verify organisation"), gettext_lazy("Organisation verified")
    )
    actions.register_action(
        "portal.organisation.rejected",
        gettext_lazy("Refuse organisation"),
        gettext_lazy("Organisation verification refused"),
    )
    actions.register_action(
        "portal.organisation.suspended", gettext_lazy("Suspend organisation"), gettext_lazy("Organisation suspended")
    )


# --- organisation views --------------------------------------------------------------

DECISIONS = {
    VerificationStatus.VERIFIED: {
        "service": verification.verify_organisation,
        "title": gettext_lazy("Verify organisation"),
        "button": gettext_lazy("Verify"),
        "icon": "tick-inverse",
        "note_required": False,
        "help": gettext_lazy(
            "Verifying confirms the organisation against its business licence. Its public page goes online and "
            "what it publishes can become public. The owners are e-mailed."
        ),
        "done": gettext_lazy("%(organisation)s is verified; its owners are being notified."),
    },
    VerificationStatus.REJECTED: {
        "service": verification.reject_organisation,
        "title": gettext_lazy("Refuse verification"),
        "button": gettext_lazy("Refuse"),
        "icon": "cross",
        "note_required": True,
        "help": gettext_lazy(
            "Refusing keeps everything the organisation publishes private. The owners are e-mailed your reason "
            "and can correct the profile to submit it again."
        ),
        "done": gettext_lazy("Verification of %(organisation)s is refused; its owners are being notified."),
    },
    VerificationStatus.SUSPENDED: {
        "service": verification.suspend_organisation,
        "title": gettext_lazy("Suspend organisation"),
        "button": gettext_lazy("Suspend"),
        "icon": "warning",
        "note_required": True,
        "help": gettext_lazy(
            "Suspending hides the organisation's public page and everything it published until it is verified "
            "again. The owners are e-mailed your reason."
        ),
        "done": gettext_lazy("%(organisation)s is suspended; its owners are being notified."),
    },
}

#: Which decisions are offered for each current status (the services enforce the same).
DECISIONS_FROM = {
    VerificationStatus.PENDING: [VerificationStatus.VERIFIED, VerificationStatus.REJECTED],
    VerificationStatus.REJECTED: [VerificationStatus.VERIFIED],
    VerificationStatus.VERIFIED: [VerificationStatus.SUSPENDED],
    VerificationStatus.SUSPENDED: [VerificationStatus.VERIFIED],
}


def decision_buttons(user, organisation, url_name, *, button_class=Button):
    if not permissions.can_verify_organisations(user):
        return []
    return [
        button_class(
            DECISIONS[decision]["button"],
            url=reverse(url_name, kwargs={"pk": organisation.pk, "decision": decision}),
            icon_name=DECISIONS[decision]["icon"],
            priority=5,
        )
        for decision in DECISIONS_FROM[organisation.verification_status]
    ]


class OrganisationIndexView(generic.IndexView):
    decide_url_name = None

    def get_list_more_buttons(self, instance):
        return decision_buttons(self.request.user, instance, self.decide_url_name) + super().get_list_more_buttons(
            instance
        )


class OrganisationInspectView(generic.InspectView):
    """The organisation's record, its members and pending invitations, and the decisions staff may take."""

    template_name = "portal/organisations/admin/inspect.html"
    decide_url_name = None

    @cached_property
    def header_buttons(self):
        # The decisions are what staff come here for: show them, not in the "more" menu.
        return decision_buttons(self.request.user, self.object, self.decide_url_name, button_class=HeaderButton)

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
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            self.produced_error_code, self.produced_error_message = "validation_error", self.get_error_message()
            return self.form_invalid(form)


class OrganisationDeleteView(generic.DeleteView):
    """Deletion through ``services.delete_organisation`` (logged, public pages invalidated)."""

    def delete_action(self):
        services.delete_organisation(actor=self.request.user, organisation=self.object)


class OrganisationDecisionView(WagtailAdminTemplateMixin, FormView):
    """Verify, refuse or suspend one organisation, with a note for its owners (staff only)."""

    template_name = "portal/organisations/admin/decision.html"
    header_icon = "group"
    index_url_name = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_verify_organisations(request.user):
            raise PermissionDenied
        self.organisation = get_object_or_404(Organisation, pk=kwargs["pk"])
        if kwargs["decision"] not in DECISIONS:
            raise Http404
        self.decision = VerificationStatus(kwargs["decision"])
        self.spec = DECISIONS[self.decision]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.spec["title"]

    def get_page_subtitle(self):
        return str(self.organisation)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": Organisation._meta.verbose_name_plural.capitalize()},
            {"url": reverse(self.inspect_url_name, args=[self.organisation.pk]), "label": str(self.organisation)},
            {"url": "", "label": self.spec["title"]},
        ]

    def get_form(self, form_class=None):
        return VerificationDecisionForm(
            self.request.POST if self.request.method == "POST" else None,
            note_required=self.spec["note_required"],
        )

    def form_valid(self, form):
        try:
            self.spec["service"](
                staff=self.request.user, organisation=self.organisation, note=form.cleaned_data["note"]
            )
        except services.OrganisationError as exc:
            form.add_error("note" if exc.field == "note" else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, self.spec["done"] % {"organisation": self.organisation})
        return redirect(self.inspect_url_name, self.organisation.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            organisation=self.organisation,
            spec=self.spec,
            submit_label=self.spec["button"],
            inspect_url=reverse(self.inspect_url_name, args=[self.organisation.pk]),
        )
        return context


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = gettext_lazy("Organisations")
    menu_order = 100
    index_view_class = OrganisationIndexView
    inspect_view_class = OrganisationInspectView
    edit_view_class = OrganisationEditView
    delete_view_class = OrganisationDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["name_zh", "name_en", "kind", "verification_status", "city", "created_at"]
    list_filter = ["kind", "verification_status"]
    search_fields = ["name_zh", "name_en", "slug", "unified_social_credit_code"]
    ordering = ["verification_status", "-created_at"]
    # Verification is changed only through the decision views (services: e-mail, log).
    form_fields = [
        "name_zh",
        "name_en",
        "slug",
        "kind",
        "city",
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

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(decide_url_name=self.get_url_name("decide"), **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(decide_url_name=self.get_url_name("decide"), **kwargs)

    @property
    def decide_view(self):
        return self.construct_view(
            OrganisationDecisionView,
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<id:pk>/<str:decision>/", self.decide_view, name="decide"),
        ]


class MembershipViewSet(ModelViewSet):
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


class InvitationViewSet(ModelViewSet):
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


class OrganisationsAwaitingVerificationPanel(WaitingListPanel):
    name = "organisations_awaiting_verification"
    heading = gettext_lazy("Organisations awaiting verification")
    template_name = "portal/organisations/admin/awaiting_verification_panel.html"
    order = 50
    index_url_name = "organisations:index"
    index_filter = f"verification_status={VerificationStatus.PENDING}"

    def get_queryset(self):
        return queries.organisations_awaiting_verification()


def add_awaiting_verification_panel(request, panels):
    if permissions.is_alliance_staff(request.user):
        panels.append(OrganisationsAwaitingVerificationPanel())
