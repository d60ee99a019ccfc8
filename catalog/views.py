"""Catalogue pages: the public catalogue and product pages; members' product pages.

Views are thin: look objects up through querysets limited to what the user may reach
(``catalog.queries``), call a service, render.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from catalog import panels, permissions, queries, services
from catalog.compare import compare_rows, spec_table
from catalog.forms import ProductForm, ProductMediaForms
from catalog.vocabulary import ModerationStatus
from portal import public_cache, uploads
from portal.badges import with_badges
from portal.db import by_name
from portal.keep_input import keeps_input, posted_or_kept
from portal.listing.links import FacetLinks, query_url
from portal.organisations import queries as portal_queries
from portal.review.errors import form_status
from search import services as search

STATUS_BADGE = {
    ModerationStatus.DRAFT: "badge-info",
    ModerationStatus.SUBMITTED: "badge-warning",
    ModerationStatus.REJECTED: "badge-danger",
    ModerationStatus.APPROVED: "badge-success",
}


# --- public --------------------------------------------------------------------------


def product_list(request):
    listing = queries.catalogue_page(
        queries.CATALOGUE.parse(request.GET), audiences=search.audiences_for(request.user), with_thumbnails=True
    )
    compare_ids = _compare_ids(request)
    links = FacetLinks(queries.CATALOGUE, listing.query, keep=[("p", pk) for pk in compare_ids])
    response = render(request, "catalog/product_list.html", _list_context(listing, links, compare_ids))
    # "search:product": the search box's matches change when the index does (after the publish).
    return public_cache.mark_public(response, *queries.CATALOGUE.tags, "search:product", params=queries.LIST_PARAMS)


def _list_context(listing, links: FacetLinks, compare_ids: list[str]) -> dict:
    on_page = {str(product.pk) for product in listing.page.object_list}
    return {
        "page_obj": listing.page,
        "products": listing.page.object_list,
        "facets": links.decorate(listing.facets),
        "query": listing.query,
        "filter_pairs": links.pairs(keep=False),
        "sorts": listing.sorts,
        "matches": listing.matches,
        # The search box keeps the facets (a new text starts on page 1, sorted by relevance).
        "search_keep": links.search_keep(),
        "search_clear_url": links.search_cleared(),
        "filters_clear_url": links.filters_cleared(),
        "compare_ids": compare_ids,
        "compare_elsewhere": [pk for pk in compare_ids if pk not in on_page],
        "max_compare": queries.MAX_COMPARE,
    }


def _compare_ids(request) -> list[str]:
    """Products already picked for comparison (carried in the URL: no cookie on public pages)."""
    picked = []
    for raw in request.GET.getlist("p")[: queries.MAX_COMPARE]:
        if queries.is_product_id(raw) and raw not in picked:
            picked.append(raw)
    return picked


def product_detail(request, pk):
    """A published product of a verified organisation; anything else is a 404 for everyone."""
    found = queries.product_page(pk)
    if found is None:
        raise Http404
    product, gallery, brochures = found
    response = render(
        request,
        "catalog/product_detail.html",
        {"product": product, "gallery": gallery, "brochures": brochures, "specs": spec_table(product)},
    )
    return public_cache.mark_public(response, *queries.PRODUCT_PAGE_TAGS, *panels.PRODUCT.tags())


def compare(request):
    """Up to four products side by side, chosen by ``?p=<id>&p=<id>`` (shareable, cached)."""
    comparison = queries.comparison(request.GET.getlist("p"))
    products = comparison.products
    catalogue_pairs = [("p", str(product.pk)) for product in products]
    for product in products:
        others = [("p", str(other.pk)) for other in products if other.pk != product.pk]
        product.remove_url = query_url(others)
    response = render(
        request,
        "catalog/compare.html",
        {
            "comparison": comparison,
            "products": products,
            "rows": compare_rows(products),
            "max_compare": queries.MAX_COMPARE,
            "catalogue_query": urlencode(catalogue_pairs),
            "can_add": len(products) < queries.MAX_COMPARE,
        },
    )
    return public_cache.mark_public(response, services.CACHE_TAG, "organisations", params=("p",))


def enterprise_detail(request, slug):
    """A verified enterprise's profile and its published products; any other organisation is a 404."""
    organisation = get_object_or_404(queries.public_enterprises(), slug=slug)
    page = queries.enterprise_products(organisation, page=request.GET.get("page"))
    response = render(
        request,
        "catalog/enterprise_detail.html",
        {"organisation": organisation, "page_obj": page, "products": page.object_list},
    )
    return public_cache.mark_public(response, services.CACHE_TAG, "organisations")


# --- members -------------------------------------------------------------------------


@login_required
def my_products(request):
    products = with_badges(
        queries.products_for(request.user).order_by(
            by_name("organisation__name_zh", "organisation__name_en"),
            "organisation_id",
            by_name("name_zh", "name_en"),
            "pk",
        ),
        STATUS_BADGE,
        "moderation_status",
    )
    organisations = portal_queries.organisations_where(request.user, permissions.can_list_products)
    return render(request, "catalog/my_products.html", {"products": products, "organisations": organisations})


@keeps_input
def product_create(request, organisation_pk):
    organisation = portal_queries.organisation_for(request.user, organisation_pk, permissions.can_edit_products_of)
    data = posted_or_kept(request)
    form = ProductForm(data)
    media_forms = ProductMediaForms(data, request.FILES or None)
    if request.method == "POST" and all([form.is_valid(), media_forms.is_valid()]):
        try:
            product = services.create_product(
                actor=request.user,
                organisation=organisation,
                creation_token=form.creation_token_value(),
                **form.product_data(),
                **media_forms.entries(),
            )
        except services.ProductError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The product is saved as a draft. Submit it for review when it is ready."))
            return redirect("catalog:product_edit", pk=product.pk)
    uploads.files_not_kept(request)
    return render(
        request,
        "catalog/product_form.html",
        {"form": form, "media_forms": media_forms, "organisation": organisation, "product": None},
        status=form_status(request),
    )


@keeps_input
def product_edit(request, pk):
    product = get_object_or_404(queries.products_for(request.user), pk=pk)
    if not permissions.can_edit_products_of(request.user, product.organisation):
        raise PermissionDenied
    # Members edit the latest version, which for a live product may be a pending revision.
    version = product.get_latest_revision_as_object()
    # On a GET, ``posted_or_kept`` is what was sent while signed out (portal.keep_input): shown, not saved.
    form, media_forms = _edit_forms(product, version, posted_or_kept(request), request.FILES or None)
    conflict = media_reset = None
    if request.method == "POST" and all([form.is_valid(), media_forms.is_valid()]):
        saved, conflict = _save_edit(request, product, form, media_forms)
        if saved:
            return redirect("catalog:product_edit", pk=product.pk)
        media_reset = conflict is not None and media_forms.names_items_gone()
        if media_reset:  # theirs: a row naming an item they removed could not be saved again
            media_forms = ProductMediaForms(version=version)
    uploads.files_not_kept(request)
    context = {
        "form": form,
        "media_forms": media_forms,
        "conflict": conflict,
        "media_reset": media_reset,
        "organisation": product.organisation,
        "product": product,
        "status_badge": STATUS_BADGE[product.moderation_status],
        "can_submit": product.moderation_status != ModerationStatus.SUBMITTED
        and services.has_changes_to_review(product),
    }
    return render(request, "catalog/product_form.html", context, status=409 if conflict else form_status(request))


def _edit_forms(product, version, data, files):
    """The product form and its media forms, bound to ``data`` (``None``: as stored)."""
    form = ProductForm(data, instance=version, initial={"base_revision": product.latest_revision_id})
    loaded = queries.version_loaded(product, form.base_revision_id())
    return form, ProductMediaForms(data, files, version=version, loaded=loaded)


def _save_edit(request, product, form, media_forms) -> tuple[bool, list | None]:
    """The member's edit through the service: (saved, what a newer version changed when it conflicts).
    "Submit for review" is a button of this form: it saves what the form changed, then submits."""
    submitting = "submit_for_review" in request.POST
    was_submitted = product.moderation_status == ModerationStatus.SUBMITTED
    try:
        (services.save_and_submit if submitting else services.update_product)(
            actor=request.user,
            product=product,
            base_revision_id=form.base_revision_id(),
            **form.product_data(),
            **media_forms.entries(),
        )
    except services.ProductConflict as exc:
        form.add_service_error(exc)
        form.rebase(exc.latest_revision_id)
        return False, exc.changes
    except services.ProductError as exc:
        form.add_service_error(exc)
        return False, None
    _say_saved(request, product, submitting=submitting, was_submitted=was_submitted)
    return True, None


def _say_saved(request, product, *, submitting: bool, was_submitted: bool) -> None:
    if submitting:
        messages.success(request, _("The product is submitted. The alliance will review it."))
    elif was_submitted:  # the service took the edited version out of review: the badge alone is easily missed
        messages.warning(
            request,
            _("Your changes are saved. The product is no longer awaiting review: submit it again when it is ready."),
        )
    elif product.live:
        messages.success(
            request, _("Your changes are saved. The published version stays public until the alliance approves them.")
        )
    else:
        messages.success(request, _("The product is saved."))
