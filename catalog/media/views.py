"""The public download of a brochure of a public product's published version."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404

from catalog.media.queries import public_brochures
from catalog.models import ProductBrochure


def product_brochure(request, pk, document_pk):
    """Download a brochure of the published version of a public product (drafts' files are a 404)."""
    brochure = get_object_or_404(public_brochures(), product_id=pk, document_id=document_pk)
    return brochure_response(brochure)


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
