from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def _next(request, default: str) -> str:
    target = request.GET.get("next", default)
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return target


def admin_login_redirect(request):
    """The admin login is allauth's login (rate limits, verification, MFA), then back to the admin."""
    return redirect(f"{reverse('account_login')}?{urlencode({'next': _next(request, '/admin/')})}")


def admin_password_reset_redirect(request):
    return redirect("account_reset_password")
