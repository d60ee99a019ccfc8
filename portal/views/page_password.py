"""Wagtail's password form for protected pages, with a limit on wrong guesses.

Wagtail's view (``wagtail.views.authenticate_with_password``) checks a page's shared password
as often as it is asked. The portal answers the same way but counts wrong passwords per
visitor address and restriction (``PAGE_PASSWORD_FAILURES`` in ``PAGE_PASSWORD_WINDOW``
seconds): past it, the branded 429 page. Past ``PAGE_PASSWORD_FAILURES_TOTAL`` wrong passwords
for the restriction from everywhere (guesses spread over many addresses), an address that has
guessed wrong once is refused too; a first try from any other address is still checked, so
nobody can lock the page's real visitors out with the right password. The counts live in the
default cache (process memory while Redis is down, portal/cache.py).
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
    mine, everyone = counts.get(keys[0], 0), counts.get(keys[1], 0)
    return mine >= PAGE_PASSWORD_FAILURES or (everyone >= PAGE_PASSWORD_FAILURES_TOTAL and mine > 0)


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
