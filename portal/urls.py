from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

import portal.converters  # noqa: F401  (registers the <id:…> path converter)
from portal.api import api
from portal.views import accounts, crawlers, errors, favicon, health, page_password, private_media

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", favicon.favicon),
    path("robots.txt", crawlers.robots_txt, name="robots_txt"),
    path("sitemap.xml", crawlers.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", crawlers.sitemap_section, name="sitemap_section"),
    path("api/v1/", api.urls),
    # The Wagtail admin's own login and password reset would bypass allauth's rate
    # limits, e-mail verification and MFA: send them to allauth instead.
    path("admin/login/", accounts.admin_login_redirect, name="wagtailadmin_login"),
    path("admin/password_reset/", accounts.admin_password_reset_redirect),
    # Original images and documents for the admin only (portal/storages.py: PrivateStorage.url).
    path("admin/private-media/<path:name>", private_media.private_file, name="private_media"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# Wagtail's front-end login for private pages is Django's plain LoginView, which would skip
# allauth's verification, rate limits and second factor: it is left out, and its path leads
# to allauth's login (private pages send visitors there directly: WAGTAIL_FRONTEND_LOGIN_URL).
# Its password form for protected pages is replaced by the same view with a limit on wrong guesses.
REPLACED = {"wagtailcore_login", "wagtailcore_authenticate_with_password"}
wagtail_serving = [p for p in wagtail_urls.urlpatterns if getattr(p, "name", None) not in REPLACED]

urlpatterns += i18n_patterns(
    # allauth's e-mail page, where removing an address asks first (portal/views/accounts.py).
    path("accounts/email/", accounts.email, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("portal.urls_member", namespace="portal")),
    path("", include("catalog.urls", namespace="catalog")),
    path("", include("search.urls", namespace="search")),
    path("", include("cases.urls", namespace="cases")),
    path("judging/", include("portal.judging.urls", namespace="judging")),
    path("", include("competition.urls", namespace="competition")),
    path("", include("incubator.urls", namespace="incubator")),
    path("_util/login/", accounts.frontend_login_redirect, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        page_password.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_serving)),
)

if settings.DEBUG:
    # What the reverse proxy serves in production (README): the public folders of MEDIA_ROOT only.
    # Private files are outside MEDIA_ROOT anyway (portal/storages.py); nothing else under /media/.
    from pathlib import Path

    from django.conf.urls.static import static

    from portal.storages import PUBLIC_MEDIA_FOLDERS

    urlpatterns = [
        pattern
        for folder in PUBLIC_MEDIA_FOLDERS
        for pattern in static(f"{settings.MEDIA_URL}{folder}", document_root=Path(settings.MEDIA_ROOT) / folder)
    ] + urlpatterns

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
