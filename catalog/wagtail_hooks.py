"""The Wagtail admin for the catalogue: staff review what enterprises submit.

* Products: a listing filterable by review status, BCI type and regulatory class,
  searchable by name; an inspect view of the submitted (latest) version; approve and
  reject actions that call ``catalog.services`` (so the organisation's verification is
  checked and the decision is logged in the product's history), and unpublish.
  Members edit products from the front end, so there is no add/edit form here.
* A dashboard panel lists products awaiting review.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from catalog import media, permissions, queries, services
from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from portal import permissions as portal_permissions
from portal.admin_panels import ReviewViewSetMixin, WaitingListPanel


class ProductPermissionPolicy(BasePermissionPolicy):
    """Alliance staff and project managers look at products here; decisions go through the review views."""

    def user_has_permission(self, user, action):
        return action == "view" and portal_permissions.is_alliance_staff(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(
            groups__name__in=[portal_permissions.STAFF_GROUP, portal_permissions.PROJECT_MANAGER_GROUP]
        )


register_permission_policy(Product, ProductPermissionPolicy(Product), exact_class=True)


@hooks.register("register_log_actions")
def register_product_log_actions(actions):
    actions.register_action(
        "catalog.product.submitted", gettext_lazy("Submit product for review"), gettext_lazy("Submitted for review")
    )
    actions.register_action("catalog.product.approved", gettext_lazy("Approve product"), gettext_lazy("Approved"))
    actions.register_action(
        "catalog.product.rejected", gettext_lazy("Reject product"), gettext_lazy("Sent back with a reason")
    )


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required to reject: the enterprise's members read it."),
    )


DECISIONS = {
    "approve": gettext_lazy("Approve and publish"),
    "reject": gettext_lazy("Reject"),
    "unpublish": gettext_lazy("Unpublish"),
}


def decisions_for(product) -> list[str]:
    found = []
    if product.moderation_status == ModerationStatus.SUBMITTED:
        found += ["approve", "reject"]
    if product.live:
        found.append("unpublish")
    return found


class ProductInspectView(generic.InspectView):
    """The latest (submitted) version, with the decisions staff may take."""

    review_url_name = None

    def get_object(self, queryset=None):
        return super().get_object(queryset).get_latest_revision_as_object()

    # Multi-choice fields are JSON lists of values: show their translated labels.
    def get_functions_display_value(self):
        return self.object.functions_display or "—"

    def get_application_fields_display_value(self):
        return self.object.application_fields_display or "—"

    # Images and brochures of the version under review (a revision's children), for staff to judge.
    MEDIA_LABELS = {"images": gettext_lazy("Images"), "brochures": gettext_lazy("Brochures")}

    def get_field_label(self, field_name, field):
        if field_name in self.MEDIA_LABELS:
            return self.MEDIA_LABELS[field_name]
        return super().get_field_label(field_name, field)

    def get_images_display_value(self):
        return (
            format_html_join(
                "",
                '<figure><img src="{}" alt="" width="160"><figcaption>{} / {}</figcaption></figure>',
                ((media.preview_url(item), item.alt_zh, item.alt_en or "—") for item in self.object.images.all()),
            )
            or "—"
        )

    def get_brochures_display_value(self):
        return (
            format_html_join(
                "",
                '<p><a href="{}">{}</a> ({})</p>',
                (
                    (item.document.url, item.title_zh, filesizeformat(item.document.file_size))
                    for item in self.object.brochures.all()
                ),
            )
            or "—"
        )

    def get_milestones_display_value(self):
        return self.object.milestones_display or "—"

    @cached_property
    def header_buttons(self):
        if not permissions.can_review_products(self.request.user):
            return []
        return [
            HeaderButton(label, url=reverse(self.review_url_name, args=[self.object.pk, decision]), priority=5)
            for decision, label in DECISIONS.items()
            if decision in decisions_for(self.object)
        ]


class ProductReviewView(WagtailAdminTemplateMixin, FormView):
    """Approve, reject (with a reason) or unpublish one product (staff only)."""

    template_name = "catalog/admin/review.html"
    header_icon = "doc-full"
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_review_products(request.user):
            raise PermissionDenied
        self.product = get_object_or_404(Product.objects.select_related("organisation"), pk=kwargs["pk"])
        if kwargs["decision"] not in DECISIONS:
            raise PermissionDenied
        self.decision = kwargs["decision"]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return DECISIONS[self.decision]

    def get_page_subtitle(self):
        return str(self.product)

    def get_form(self, form_class=None):
        return ReviewForm(self.request.POST if self.request.method == "POST" else None)

    def form_valid(self, form):
        try:
            if self.decision == "approve":
                services.approve(staff=self.request.user, product=self.product)
            elif self.decision == "reject":
                services.reject(staff=self.request.user, product=self.product, reason=form.cleaned_data["reason"])
            else:
                services.unpublish(staff=self.request.user, product=self.product)
        except services.ProductError as exc:
            form.add_error("reason" if exc.field == "reason" else None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, gettext_lazy("Done: %(product)s.") % {"product": self.product})
        return redirect(self.inspect_url_name, self.product.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            product=self.product,
            decision=self.decision,
            submit_label=DECISIONS[self.decision],
            inspect_url=reverse(self.inspect_url_name, args=[self.product.pk]),
        )
        return context


class ProductViewSet(ReviewViewSetMixin, ModelViewSet):
    review_view_class = ProductReviewView
    model = Product
    icon = "doc-full"
    menu_label = gettext_lazy("Products")
    menu_order = 260
    add_to_admin_menu = True
    inspect_view_class = ProductInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name_zh", "organisation", "moderation_status", "live", "bci_type", "regulatory_class"]
    list_filter = ["moderation_status", "bci_type", "regulatory_class"]
    search_fields = ["name_zh", "name_en", "model_number"]
    ordering = ["-submitted_at", "name_zh"]
    form_fields = ["name_zh"]
    inspect_view_fields = [
        "organisation",
        *services.PRODUCT_FIELDS,
        "images",
        "brochures",
        "moderation_status",
        "moderation_note",
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=Product.objects.select_related("organisation"), **kwargs)


@hooks.register("register_admin_viewset")
def register_product_admin():
    return ProductViewSet("products")


class ProductsAwaitingReviewPanel(WaitingListPanel):
    name = "products_awaiting_review"
    heading = gettext_lazy("Products awaiting review")
    template_name = "catalog/admin/awaiting_review_panel.html"
    order = 60
    index_url_name = "products:index"
    index_filter = f"moderation_status={ModerationStatus.SUBMITTED}"

    def get_queryset(self):
        return queries.products_awaiting_review()


@hooks.register("construct_homepage_panels")
def add_awaiting_review_panel(request, panels):
    if portal_permissions.is_alliance_staff(request.user):
        panels.append(ProductsAwaitingReviewPanel())


# Recommended-catalogue editions and applications: their admin lives in its own module.
from catalog import edition_admin  # noqa: E402, F401
