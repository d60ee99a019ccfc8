"""The Wagtail admin for the catalogue: staff review what enterprises submit.

* Products: a listing filterable by review status, BCI type and regulatory class,
  searchable by name; an inspect view of the submitted (latest) version with what it
  changes in the published one (``catalog.versions``); approve and reject actions that
  call ``catalog.services`` (so the organisation's verification is checked and the
  decision is logged in the product's history), and unpublish. Approve and reject name
  the revision the inspect page showed: a version the member saved since is refused,
  not published unseen.
  Members edit products from the front end, so there is no add/edit form here.
* A dashboard panel lists products awaiting review.
"""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html_join
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from catalog import permissions, queries, services, versions
from catalog.editions import admin as editions_admin  # noqa: F401 - its hooks: Wagtail reads <app>.wagtail_hooks only
from catalog.media import renditions
from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from portal import richtext
from portal.admin_panels import (
    DecisionInspectView,
    DecisionView,
    ReviewViewSetMixin,
    StaffViewPolicy,
    WaitingListPanel,
    on_staff_dashboard,
)

register_permission_policy(Product, StaffViewPolicy(Product), exact_class=True)


@hooks.register("register_log_actions")
def register_product_log_actions(actions):
    actions.register_action(
        "catalog.product.submitted", gettext_lazy("Submit product for review"), gettext_lazy("Submitted for review")
    )
    actions.register_action("catalog.product.approved", gettext_lazy("Approve product"), gettext_lazy("Approved"))
    actions.register_action(
        "catalog.product.rejected", gettext_lazy("Reject product"), gettext_lazy("Sent back with a reason")
    )


DECISIONS = {
    "approve": gettext_lazy("Approve and publish"),
    "reject": gettext_lazy("Reject"),
    "unpublish": gettext_lazy("Unpublish"),
}


#: Decisions on a version under review: the form names the revision the reviewer saw.
PINNED_DECISIONS = ("approve", "reject")


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required to reject: the enterprise's members read it."),
    )
    #: The revision the reviewer was shown: approving or rejecting decides on that one only.
    revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, decision: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision

    def clean(self):
        cleaned = super().clean()
        if self.decision in PINNED_DECISIONS and cleaned.get("revision") is None:
            raise forms.ValidationError(
                gettext("This form does not say which version you reviewed. Open the product again.")
            )
        return cleaned


def decisions_for(product) -> list[str]:
    found = []
    if product.moderation_status == ModerationStatus.SUBMITTED:
        found += ["approve", "reject"]
    if product.live:
        found.append("unpublish")
    return found


def revision_id_from(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 12 else None


class ProductInspectView(DecisionInspectView):
    """The latest (submitted) version, what it changes in the published one, and the decisions staff may take."""

    template_name = "catalog/admin/inspect.html"
    decisions = DECISIONS

    def get_object(self, queryset=None):
        # The row holds the published version of a live product; what staff review is the latest revision.
        self.product = super().get_object(queryset)
        return self.product.get_latest_revision_as_object()

    def can_decide(self, user) -> bool:
        return permissions.can_review_products(user)

    def available_decisions(self) -> list[str]:
        return decisions_for(self.product)

    def get_decision_query(self) -> str:
        # Approve / reject decide on the revision shown here, not on whatever is latest by then.
        return f"?revision={self.product.latest_revision_id}" if self.product.latest_revision_id else ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**changes_context(self.product), **kwargs)

    #: Where the product stands in review is the row's (a revision keeps the state it was saved in).
    REVIEW_STATE_FIELDS = ("moderation_status", "moderation_note", "submitted_at", "reviewed_at", "reviewed_by")

    def get_field_display_value(self, field_name, field):
        if field_name not in self.REVIEW_STATE_FIELDS:
            return super().get_field_display_value(field_name, field)
        shown, self.object = self.object, self.product
        try:
            return super().get_field_display_value(field_name, field)
        finally:
            self.object = shown

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
                ((renditions.preview_url(item), item.alt_zh, item.alt_en or "—") for item in self.object.images.all()),
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

    # Descriptions are sanitised HTML: shown as the public page shows them (cleaned again), not as markup.
    def get_description_zh_display_value(self):
        return richtext.render(self.object.description_zh) or "—"

    def get_description_en_display_value(self):
        return richtext.render(self.object.description_en) or "—"


def changes_context(product: Product) -> dict:
    """What the latest version changes in the published one (``changes`` is None for a product not public)."""
    return {"changes": versions.pending_changes(product), "pending": product.has_unpublished_changes}


class ProductReviewView(DecisionView):
    """Approve, reject (with a reason) or unpublish one product (staff only)."""

    template_name = "catalog/admin/review.html"
    header_icon = "doc-full"
    decisions = DECISIONS
    refusal_class = services.ProductError
    context_object_name = "product"

    def can_decide(self, user) -> bool:
        return permissions.can_review_products(user)

    def get_queryset(self):
        return Product.objects.select_related("organisation")

    def get_initial(self):
        # The inspect page's links name the revision it showed; without one, this page shows the latest.
        shown = revision_id_from(self.request.GET.get("revision", ""))
        return {"revision": shown or self.object.latest_revision_id}

    def get_form(self, form_class=None):
        return ReviewForm(**self.get_form_kwargs(), decision=self.decision)

    def decide(self, form):
        revision_id = form.cleaned_data["revision"]
        if self.decision == "approve":
            services.approve(staff=self.request.user, product=self.object, revision_id=revision_id)
        elif self.decision == "reject":
            services.reject(
                staff=self.request.user,
                product=self.object,
                reason=form.cleaned_data["reason"],
                revision_id=revision_id,
            )
        else:
            services.unpublish(staff=self.request.user, product=self.object)
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.decision in PINNED_DECISIONS:
            reviewed = revision_id_from(str(context["form"]["revision"].value() or ""))
            context["changed_since_shown"] = reviewed is not None and reviewed != self.object.latest_revision_id
            if not context["changed_since_shown"]:
                context.update(changes_context(self.object))
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
    list_select_related = ("organisation",)
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


@hooks.register("register_admin_viewset")
def register_product_admin():
    return ProductViewSet("products")


@on_staff_dashboard
class ProductsAwaitingReviewPanel(WaitingListPanel):
    name = "products_awaiting_review"
    heading = gettext_lazy("Products awaiting review")
    template_name = "catalog/admin/awaiting_review_panel.html"
    order = 60
    index_url_name = "products:index"
    index_filter = f"moderation_status={ModerationStatus.SUBMITTED}"

    def get_queryset(self):
        return queries.products_awaiting_review()
