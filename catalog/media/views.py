"""The public download of a brochure of a public product's published version, and image previews."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from catalog import permissions
from catalog.media import renditions
from catalog.media.queries import images_under_edit, public_brochures
from catalog.models import Product, ProductBrochure


def product_brochure(request, pk, document_pk):
    """Download a brochure of the published version of a public product (drafts' files are a 404)."""
    brochure = get_object_or_404(public_brochures(), product_id=pk, document_id=document_pk)
    return brochure_response(brochure)


@require_GET
@login_required
def product_image_preview(request, pk, image_pk):
    """A small preview of an image of a product's version, for its editors and staff (others: 404)."""
    product = get_object_or_404(Product.objects.select_related("organisation"), pk=pk)
    if not permissions.can_preview_images(request.user, product):
        raise Http404
    content, content_type = renditions.preview(get_object_or_404(images_under_edit(product), pk=image_pk))
    response = HttpResponse(content, content_type=content_type)
    # An image never changes (a replacement is another image); only this browser may keep it.
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def brochure_response(brochure: ProductBrochure) -> FileResponse:
    document = brochure.document
    filename = safe_download_name(brochure.title_zh, document.file.name)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def safe_download_name(title: str, stored_name: str) -> str:
    """The brochure's title as the download's file name (Chinese kept), without path or control characters."""
    cleaned = "".join(ch for ch in (title or "") if ch.isprintable() and ch not in '\\/:*?"<>|').strip()
    return f"{cleaned[:80]}.pdf" if cleaned else stored_name.rsplit("/", 1)[-1]
