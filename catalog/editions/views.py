"""Edition pages: the public editions and their downloads; members' applications.

Thin views: look objects up through querysets limited to what the user may reach
(``catalog.editions.queries``), call a service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import permissions
from catalog import queries as product_queries
from catalog.editions import exports, queries, services
from catalog.editions.forms import ApplicationForm
from catalog.editions.models import ApplicationStatus, EditionStatus
from portal import public_cache
from portal.badges import with_badges
from portal.db import by_name
from portal.organisations.queries import organisations_where
from portal.review.errors import form_status, take_action, take_posted

STATUS_BADGE = {
    ApplicationStatus.SUBMITTED: "badge-warning",
    ApplicationStatus.ACCEPTED: "badge-success",
    ApplicationStatus.REJECTED: "badge-danger",
    ApplicationStatus.WITHDRAWN: "badge-info",
}


# --- public --------------------------------------------------------------------------


def edition_list(request):
    editions = list(queries.public_editions_with_counts())
    response = render(request, "catalog/editions/edition_list.html", {"editions": editions})
    return public_cache.mark_public(response, *queries.EDITION_PAGE_TAGS)


def edition_detail(request, year):
    edition = get_object_or_404(queries.public_editions(), year=year)
    groups = queries.group_by_category(queries.entries_of(edition)) if edition.is_published else []
    context = {"edition": edition, "groups": groups, "formats": exports.FORMATS}
    response = render(request, "catalog/editions/edition_detail.html", context)
    return public_cache.mark_public(response, *queries.EDITION_PAGE_TAGS, params=())


def edition_download(request, year, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    edition = get_object_or_404(queries.published_editions(), year=year)
    language = translation.get_language()
    try:
        name = exports.get_or_build(edition, language=language, fmt=fmt)
    except exports.ExportUnavailable as exc:
        return render(
            request, "catalog/editions/export_unavailable.html", {"edition": edition, "message": str(exc)}, status=503
        )
    response = FileResponse(default_storage.open(name, "rb"), content_type=exports.FORMATS[fmt].content_type)
    response["Content-Disposition"] = content_disposition_header(True, exports.download_filename(edition, fmt))
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- members -------------------------------------------------------------------------


@login_required
def my_edition_applications(request):
    name = by_name("product__name_zh", "product__name_en")
    applications = with_badges(
        queries.applications_for(request.user).order_by("-edition__year", name, "pk"), STATUS_BADGE
    )
    open_editions = list(queries.open_editions())
    applied = {(a.edition_id, a.product_id) for a in applications if a.status != ApplicationStatus.WITHDRAWN}
    live = product_queries.products_for(request.user).filter(live=True)
    products = [p for p in live.order_by(by_name("name_zh", "name_en"), "pk") if p.organisation.is_verified]
    candidates = [
        {"product": product, "edition": edition}
        for edition in open_editions
        for product in products
        if (edition.pk, product.pk) not in applied
    ]
    context = {"applications": applications, "candidates": candidates, "open_editions": open_editions}
    context["enterprises"] = organisations_where(request.user, permissions.can_list_products)
    return render(request, "catalog/editions/my_applications.html", context)


@login_required
def edition_apply(request, pk, year):
    product = get_object_or_404(product_queries.products_for(request.user), pk=pk)
    edition = get_object_or_404(queries.public_editions(), year=year, status=EditionStatus.OPEN)
    pending = queries.pending_application(edition, product) if request.method == "GET" else None
    if pending is not None:  # a bookmark, the back button or a second editor: nothing to fill in
        messages.info(request, services.already_applied(pending))
        return redirect("catalog:my_edition_applications")
    form = ApplicationForm(request.POST or None)
    return take_posted(
        request,
        form,
        lambda form: services.apply(actor=request.user, edition=edition, product=product, **form.cleaned_data),
        refused=services.EditionError,
        done=_("Your application is submitted. The alliance will review it."),
        success_url=reverse("catalog:my_edition_applications"),
    ) or render(
        request,
        "catalog/editions/apply.html",
        {"form": form, "product": product, "edition": edition},
        status=form_status(request),
    )


@require_POST
@login_required
def edition_withdraw(request, pk):
    application = get_object_or_404(queries.applications_for(request.user), pk=pk)
    take_action(
        request,
        lambda: services.withdraw(actor=request.user, application=application),
        refused=services.EditionError,
        done=_("The application is withdrawn."),
    )
    return redirect("catalog:my_edition_applications")
