"""Catalogue pages: the public catalogue and product pages; members' product pages.

Views are thin: look objects up through querysets limited to what the user may reach
(``catalog.queries``), call a service, render.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import permissions, queries, services
from catalog.forms import ProductForm
from catalog.vocabulary import ModerationStatus
from portal import public_cache
from portal import queries as portal_queries

STATUS_BADGE = {
    ModerationStatus.DRAFT: "badge-info",
    ModerationStatus.SUBMITTED: "badge-warning",
    ModerationStatus.REJECTED: "badge-danger",
    ModerationStatus.APPROVED: "badge-success",
}


# --- public --------------------------------------------------------------------------


def product_list(request):
    selected = queries.selected_filters(request.GET)
    page, facet_rows = queries.catalogue_page(selected=selected, page=request.GET.get("page"))
    for row in facet_rows:
        row["all_url"] = _facet_url(selected, row["facet"].param, None)
        for option in row["options"]:
            option["url"] = _facet_url(selected, row["facet"].param, option["value"])
    response = render(
        request,
        "catalog/product_list.html",
        {"page_obj": page, "products": page.object_list, "facets": facet_rows, "selected": selected},
    )
    return public_cache.mark_public(
        response, services.CACHE_TAG, "organisations", params=(*(f.param for f in queries.facets()), "page")
    )


def _facet_url(selected: dict, param: str, value) -> str:
    """The catalogue URL with ``param`` set to ``value`` (or removed), other filters kept, back on page 1."""
    params = {key: val for key, val in selected.items() if key != param}
    if value is not None:
        params[param] = value
    return "?" + urlencode(params) if params else "?"


def product_detail(request, pk):
    """A published product of a verified organisation; anything else is a 404 for everyone."""
    product = get_object_or_404(queries.public_products(), pk=pk)
    response = render(request, "catalog/product_detail.html", {"product": product})
    return public_cache.mark_public(response, services.CACHE_TAG, "organisations")


# --- members -------------------------------------------------------------------------


@login_required
def my_products(request):
    products = list(queries.products_for(request.user).order_by("organisation__name_zh", "name_zh", "pk"))
    for product in products:
        product.status_badge = STATUS_BADGE[product.moderation_status]
    organisations = [
        organisation
        for organisation in portal_queries.organisations_for(request.user).order_by("name_zh")
        if permissions.can_list_products(organisation)
    ]
    return render(request, "catalog/my_products.html", {"products": products, "organisations": organisations})


@login_required
def product_create(request, organisation_pk):
    organisation = get_object_or_404(portal_queries.organisations_for(request.user), pk=organisation_pk)
    if not permissions.can_edit_products_of(request.user, organisation):
        raise PermissionDenied
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.create_product(actor=request.user, organisation=organisation, **form.product_data())
        except services.ProductError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The product is saved as a draft. Submit it for review when it is ready."))
            return redirect("catalog:product_edit", pk=product.pk)
    return render(request, "catalog/product_form.html", {"form": form, "organisation": organisation, "product": None})


@login_required
def product_edit(request, pk):
    product = get_object_or_404(queries.products_for(request.user), pk=pk)
    if not permissions.can_edit_products_of(request.user, product.organisation):
        raise PermissionDenied
    # Members edit the latest version, which for a live product may be a pending revision.
    form = ProductForm(request.POST or None, instance=product.get_latest_revision_as_object())
    if request.method == "POST" and form.is_valid():
        try:
            services.update_product(actor=request.user, product=product, **form.product_data())
        except services.ProductError as exc:
            form.add_service_error(exc)
        else:
            if product.live:
                messages.success(
                    request,
                    _("Your changes are saved. The published version stays public until the alliance approves them."),
                )
            else:
                messages.success(request, _("The product is saved."))
            return redirect("catalog:product_edit", pk=product.pk)
    return render(
        request,
        "catalog/product_form.html",
        {
            "form": form,
            "organisation": product.organisation,
            "product": product,
            "status_badge": STATUS_BADGE[product.moderation_status],
            "can_submit": product.moderation_status != ModerationStatus.SUBMITTED
            and services.has_changes_to_review(product),
        },
    )


@require_POST
@login_required
def product_submit(request, pk):
    product = get_object_or_404(queries.products_for(request.user), pk=pk)
    try:
        services.submit_for_review(actor=request.user, product=product)
    except services.ProductError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The product is submitted. The alliance will review it."))
    return redirect("catalog:product_edit", pk=product.pk)
