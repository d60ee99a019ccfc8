"""Wagtail's password form for protected pages, with a limit on wrong guesses.

Wagtail's view (``wagtail.views.authenticate_with_password``) checks a page's shared password
as often as it is asked. The portal answers the same way but counts wrong passwords per
visitor address and restriction (``PAGE_PASSWORD_FAILURES`` in ``PAGE_PASSWORD_WINDOW``
seconds) and per restriction from everywhere (``PAGE_PASSWORD_FAILURES_TOTAL``); past either,
the branded 429 page. The counts live in the default cache (process memory while Redis is
down, portal/cache.py). A right password is never refused.
"""

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.shortcuts import render
from wagtail import views as wagtail_views

PAGE_PASSWORD_FAILURES = 10
PAGE_PASSWORD_FAILURES_TOTAL = 100
PAGE_PASSWORD_WINDOW = 10 * 60


def _keys(request, restriction_id) -> list[str]:
    address = get_adapter().get_client_ip(request)
    return [f"pagepw:{restriction_id}:{address}", f"pagepw:{restriction_id}:*"]


def _over_limit(keys) -> bool:
    counts = cache.get_many(keys)
    return counts.get(keys[0], 0) >= PAGE_PASSWORD_FAILURES or counts.get(keys[1], 0) >= PAGE_PASSWORD_FAILURES_TOTAL


def _count_failure(keys) -> None:
    for key in keys:
        if cache.add(key, 1, timeout=PAGE_PASSWORD_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=PAGE_PASSWORD_WINDOW)


def authenticate_with_password(request, page_view_restriction_id, page_id):
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    keys = _keys(request, page_view_restriction_id)
    if _over_limit(keys):
        return render(request, "429.html", status=429)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if response.status_code == 200:  # the form again: a wrong password
        _count_failure(keys)
    return response
