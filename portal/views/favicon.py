"""``/favicon.ico``: browsers, feed readers and crawlers ask for it whatever a page's ``<link rel="icon">`` says."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)
