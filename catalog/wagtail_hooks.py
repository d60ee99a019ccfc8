"""The Wagtail admin for the catalogue: staff review what enterprises submit.

* Products: a listing filterable by review status, BCI type and regulatory class,
  searchable by name; an inspect view of the submitted (latest) version with what it
  changes in the published one (``catalog.versions``); the review kit's decision view
  (``portal.review``) for the decisions ``catalog.services.REVIEW`` declares: approve (the
  organisation's verification is checked), reject (with a reason) and unpublish, each
  logged in the product's history with the state before and after. Approve and reject
  name the revision the inspect page showed: a version the member saved since is refused,
  not published unseen.
  Members edit products from the front end, so there is no add/edit form here.
* A dashboard panel lists products awaiting review.
"""

from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from catalog import queries, services, versions
from catalog.editions import admin as editions_admin  # noqa: F401 - its hooks: Wagtail reads <app>.wagtail_hooks only
from catalog.media import renditions
from catalog.models import Product
from catalog.vocabulary import ModerationStatus
from portal import richtext
from portal.review.admin import DecisionInspectView, DecisionView, ReviewViewSetMixin, boolean_column
from portal.review.forms import DecisionForm, decision_note
from portal.review.staff import StaffViewPolicy, WaitingListPanel, listing_url, on_staff_dashboard
from portal.viewsets import PortalModelViewSet

register_permission_policy(Product, StaffViewPolicy(Product), exact_class=True)


class ProductDecisionForm(DecisionForm):
    """Approve and reject name the revision the reviewer was shown (hidden): they decide on that one only."""

    missing_revision = gettext_lazy("This form does not say which version you reviewed. Open the product again.")


class ProductRejectForm(ProductDecisionForm):
    reason = decision_note(
        gettext_lazy("Reason"), gettext_lazy("Required to reject: the enterprise's members read it.")
    )


class ProductInspectView(DecisionInspectView):
    """The latest (submitted) version, what it changes in the published one, and the decisions staff may take."""

    template_name = "catalog/admin/inspect.html"

    def get_object(self, queryset=None):
        # The row holds the published version of a live product; what staff review is the latest revision.
        self.product = super().get_object(queryset)
        return self.product.get_latest_revision_as_object()

    def decision_subject(self):
        # Where the product stands in review is the row's; the decision links name its latest revision.
        return self.product

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
    """Approve, reject (with a reason) or unpublish one product (staff only), as ``services.REVIEW`` declares."""

    template_name = "catalog/admin/review.html"
    context_object_name = "product"

    def get_queryset(self):
        return Product.objects.select_related("organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.decision.pinned and not context["changed_since_shown"]:
            context.update(changes_context(self.object))
        return context


class ProductViewSet(ReviewViewSetMixin, PortalModelViewSet):
    model = Product
    review = services.REVIEW
    decision_view_class = ProductReviewView
    decision_form_class = ProductDecisionForm
    decision_form_classes = {"reject": ProductRejectForm}
    icon = "doc-full"
    menu_label = gettext_lazy("Products")
    menu_order = 260
    add_to_admin_menu = True
    inspect_view_class = ProductInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_select_related = ("organisation",)
    list_display = [
        "name_zh",
        "organisation",
        "moderation_status",
        # Wagtail's own label of ``live`` reads 在用 in Chinese; members read 已发布 on their side.
        boolean_column(Product, "live", label=gettext_lazy("Published")),
        "bci_type",
        "regulatory_class",
    ]
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
    index_url = listing_url("products:index", moderation_status=ModerationStatus.SUBMITTED)

    def get_queryset(self):
        return queries.products_awaiting_review()
