"""Copying a page in the admin: what Wagtail's copy view does not check before it writes.

Wagtail's view reads the destination with ``Page.objects.get`` before its form runs, so a destination
that does not exist (deleted by someone else while the form was open, or an altered id) was a 500;
its form takes a title and a slug of any length, which the database then refused (a 500 again).
Here the form knows the columns' limits, and a destination that is not a page is the form's own error,
shown on the form with what was typed, as any other.
"""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.template.response import TemplateResponse
from wagtail.admin.forms.pages import CopyForm
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

#: The ``title`` and ``slug`` columns of Wagtail's page table.
TITLE_MAX_LENGTH = Page._meta.get_field("title").max_length
SLUG_MAX_LENGTH = Page._meta.get_field("slug").max_length


class PageCopyForm(CopyForm):
    """Wagtail's copy form, with the title and slug held to what the page table stores."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in (("new_title", TITLE_MAX_LENGTH), ("new_slug", SLUG_MAX_LENGTH)):
            self.fields[name].max_length = limit
            self.fields[name].widget.attrs["maxlength"] = str(limit)
            self.fields[name].validators.append(MaxLengthValidator(limit))


def _names_a_page(value) -> bool:
    # ``isdecimal``, not ``isdigit``: "²" is a digit that ``int()`` refuses (a ValueError, a 500).
    return bool(value) and str(value).isdecimal() and Page.objects.filter(pk=int(value)).exists()


def before_copy_page(request, page):
    """On a POST whose destination is not a page, the copy form again with the error, and nothing copied."""
    if request.method != "POST" or _names_a_page(request.POST.get("new_parent_page")):
        return None
    form_class = getattr(page.specific_class, "copy_form_class", CopyForm)
    form = form_class(request.POST, user=request.user, page=page)
    form.is_valid()  # the destination field says why: required, or not one of the pages
    context = {"page": page, "form": form, "next": get_valid_next_url_from_request(request)}
    return TemplateResponse(request, "wagtailadmin/pages/copy.html", context)
