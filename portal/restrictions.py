"""Which pages anyone may read: Wagtail's view restrictions as part of a listing's own query.

A module of its own (no page model) so that what the page models import, such as the search
declarations, can use it too.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length
from wagtail.models import PageViewRestriction


def public_pages(queryset):
    """``queryset.public()`` without its query: Wagtail reads every view restriction first (one more
    query per listing, even when there is none); here the pages under a restriction (on the page or
    an ancestor, Wagtail's rule) are left out by the listing's own query."""
    restricted = PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    return queryset.filter(~Exists(restricted))
