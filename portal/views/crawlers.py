"""What search engines read: ``/robots.txt`` and the site map (``portal.sitemaps``).

Both are the same for every visitor and are served from the public page cache: the site map's
sections under the tags of what they list, so a publish refreshes them with the pages.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from portal import public_cache, sitemaps

#: Paths (after a language prefix) that are a member's or an account's, never worth a crawler's visit.
MEMBER_PATHS = ("accounts/", "dashboard/", "judging/", "invitations/", "_util/")
#: Paths without a language prefix that are not for crawlers.
ROOT_PATHS = ("/admin/", "/api/")


@require_safe
def robots_txt(request):
    private = [*ROOT_PATHS, *(f"/{code}/{path}" for code in sitemaps.LANGUAGE_CODES for path in MEMBER_PATHS)]
    context = {"private": private, "sitemap": request.build_absolute_uri(reverse("sitemap_index"))}
    response = render(request, "portal/robots.txt", context, content_type="text/plain; charset=utf-8")
    return public_cache.mark_public(response, params=())


@require_safe
def sitemap_index(request):
    found = sitemaps.sections(request)
    response = sitemap_views.index(request, found, sitemap_url_name="sitemap_section")
    return public_cache.mark_public(response, *sitemaps.tags_of(found), params=())


@require_safe
def sitemap_section(request, section):
    found = sitemaps.sections(request)
    if section not in found:
        raise Http404
    response = sitemap_views.sitemap(request, {section: found[section]}, section=section)
    return public_cache.mark_public(response, *sitemaps.tags_of({section: found[section]}), params=("p",))
