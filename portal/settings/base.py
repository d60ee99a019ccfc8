"""Settings shared by every environment.

Environment-specific modules (``dev``, ``test``, ``production``, ``bench``) import
everything from here and override only what differs. Anything secret or
deployment-specific is read from the environment in ``production``.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

# Settings of their own modules (imported as settings: Django reads them from here).
from portal.settings.log_config import LOGGING  # noqa: F401
from portal.settings.schedule import CELERY_BEAT_SCHEDULE  # noqa: F401

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# --- Applications ---------------------------------------------------------

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "portal",
    "portal.judging",
    "catalog",
    "cases",
    "competition",
    "incubator",
    "search",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves cached public pages to anonymous visitors before any other work
    # (sessions, auth, locale) is done; see portal/public_cache.py.
    "portal.public_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, without the 404 → /<language>/… redirect for the API and admin paths.
    "portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Refuses an oversized body (413) before CSRF checking parses it; see portal/uploads/.
    "portal.uploads.RequestSizeLimitMiddleware",
    # A textarea's CRLF line breaks posted as the "\n" the browser counted (portal/middleware.py).
    "portal.middleware.LineBreaksMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signs out any session that did not come through allauth's login (portal/middleware.py).
    "portal.middleware.AllauthSessionMiddleware",
    # A member refused by the admin is told so in the language they are using (portal/middleware.py).
    "portal.middleware.AdminRefusalLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.StaffMFARequiredMiddleware",
    # A NUL byte in an admin URL's query string, a POST lacking a field Wagtail's views read
    # unchecked, a formset asked for thousands of rows or a ``next`` that is no path is a 400, not a
    # 500 (portal/middleware.py).
    "portal.middleware.AdminRequestGuardMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    # A 405 (a button's address opened on its own) as a translated page, or the API's JSON.
    "portal.middleware.MethodNotAllowedMiddleware",
    # Remembers which page a URL routes to (Wagtail's routing: five queries); see portal/routing.py.
    "portal.routing.RouteCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
# URLs outside i18n_patterns whose 404s must stay 404s (see portal.middleware.LocaleMiddleware).
PORTAL_UNPREFIXED_PATHS = ("/api/", "/healthz", "/admin/", "/documents/")
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# --- Accounts -----------------------------------------------------------------

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Private pages send visitors to allauth's login, not Wagtail's (see portal/urls.py).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "portal:dashboard"

ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
# A password reset only for an account the address is confirmed on; a sign-up not refused for an
# address merely typed into another account (portal/account_forms.py).
PORTAL_RESET_FORM = "portal.account_forms.ResetPasswordForm"
ACCOUNT_FORMS = {"reset_password": PORTAL_RESET_FORM, "signup": "portal.account_forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""  # unused: portal.adapters brands subjects in the recipient's language
# Tell members by e-mail when their password, e-mail addresses or authenticators change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# allauth's rate limits (per IP / per key) guard login, sign-up and resets;
# the Wagtail admin login is routed through allauth so it shares them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The code field called a verification code, 验证码 (portal/account_forms.py).
MFA_FORMS = {
    "authenticate": "portal.account_forms.AuthenticateForm",
    "reauthenticate": "portal.account_forms.ReauthenticateForm",
    "activate_totp": "portal.account_forms.ActivateTOTPForm",
}
MFA_TOTP_ISSUER = "BCI Alliance Portal"
# Staff (Wagtail admin users) must have MFA; members may opt in.
PORTAL_STAFF_MFA_REQUIRED = True

# --- Internationalisation -------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
# The project's catalogue first; then the Chinese for the strings Wagtail's own catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Shanghai"
# The admin reads what staff type (deadlines, extensions, judging windows) in the alliance's zone:
# no account may choose another (Wagtail would parse the fields in it; migration portal 0010).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
USE_I18N = True
USE_TZ = True
# One way of writing dates and times in both languages (2026-12-04, 2026-12-04 11:26): portal/formats.
FORMAT_MODULE_PATH = ["portal.formats"]

WAGTAIL_I18N_ENABLED = True
# The switcher names each language in itself (LANGUAGES); the admin names them in the staff's language.
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
# The admin's account page offers the portal's two languages (not Wagtail's thirty-odd): the choice is
# also the language of the member's e-mails (portal.signals.sync_email_language).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Wagtail ------------------------------------------------------------------------

WAGTAIL_SITE_NAME = _("Shanghai BCI Industry Alliance")
# No avatars from gravatar.com: it is unreachable in mainland China (a broken picture and a slow
# admin) and would send a hash of each staff address abroad. Wagtail shows its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
# Wagtail's database search backend, with Chinese segmented into bigrams (search/wagtail_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAIL_PASSWORD_RESET_ENABLED = False
# E-mail and password are managed by allauth only (verification of a new address,
# rate limits, notification e-mails). Wagtail's /admin/account/ keeps name, avatar,
# language and notification preferences but loses its e-mail field and password
# panel, which would change the login address unverified and behind allauth's back.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILADMIN_COMMENTS_ENABLED = True
# Wagtail's editor, reading a value that is no editor content as an error beside the field, not a
# 500 (portal/rich_text_editor.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "portal.rich_text_editor.RichTextEditor"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- Static and media ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# MEDIA_ROOT holds only public files (image renditions, admin avatars), served at MEDIA_URL.
# Everything else (original images, documents, case attachments, exports) is private: stored
# outside MEDIA_ROOT, in PORTAL_PRIVATE_MEDIA_ROOT (None: MEDIA_ROOT's sibling "<name>-private"),
# which no URL serves; views check permissions and read it (portal/storages.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
PORTAL_PRIVATE_MEDIA_ROOT = None
STORAGES = {
    # Files a request wrote in a transaction that rolled back are deleted (portal/storages.py).
    "default": {"BACKEND": "portal.storages.PrivateStorage"},
    "private": {"BACKEND": "portal.storages.PrivateStorage"},
    "public": {"BACKEND": "portal.storages.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILIMAGES_RENDITION_STORAGE = "public"
# Documents are served by Wagtail's view, which applies collection privacy; their files have no URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Upload defence (portal/uploads/): per-file limits, and the whole request (413 page above it).
PORTAL_UPLOAD_IMAGE_MAX_BYTES = WAGTAILIMAGES_MAX_UPLOAD_SIZE
PORTAL_UPLOAD_IMAGE_MAX_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
PORTAL_UPLOAD_PDF_MAX_BYTES = 20 * 1024 * 1024
PORTAL_UPLOAD_PDF_MAX_PAGES = 200
PORTAL_UPLOAD_MAX_REQUEST_BYTES = 64 * 1024 * 1024
# Work one request may cause (portal/uploads/): files checked, pixels decoded across its images
# (a 6,300 x 6,300 JPEG decodes at 3,150 x 3,150: ~10 megapixels), and the longest side stored.
PORTAL_UPLOAD_REQUEST_MAX_FILES = 20
PORTAL_UPLOAD_REQUEST_MAX_PIXELS = 100_000_000
PORTAL_UPLOAD_IMAGE_STORED_MAX_SIDE = 2000
# Product uploads nothing uses are deleted once this many days old (catalog/media/cleanup.py).
PORTAL_ORPHAN_UPLOAD_DAYS = 30

# --- E-mail -------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = "上海脑机接口产业联盟 <noreply@bci-alliance.example>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Celery -------------------------------------------------------------------------

CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged after it ran, so a worker killed mid-task hands it
# back to the broker; tasks must therefore be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request hands outbox messages to the broker after its commit (portal/outbox.py): it
# must not wait on a broker that is down for more than a second. The visibility timeout
# (when Redis gives an unacknowledged task to another worker) is above the longest task's
# hard time limit (10 minutes), so a running task is never handed out twice; a killed
# worker's messages are picked up sooner by the outbox drain.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 15 * 60,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 0,  # a publish fails at once; the outbox drain sends it later
}
CELERY_TASK_DEFAULT_RETRY_DELAY = 30
# Every task's limits, unless it sets its own: the hard one stays below the visibility timeout
# above, or Redis hands a task still running (a purge, the digests) to a second worker.
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TASK_TIME_LIMIT = 10 * 60
# Outbox (portal/outbox.py): after a failed hand-over, leave the broker alone this long
# (seconds, per process); messages never tried are left to their own hand-over this long
# before the drain runs them; done messages are kept this many days, given-up ones (listed on the
# staff dashboard, to run again) this many days after they were given up: a mail's payload holds
# its recipients and text.
PORTAL_OUTBOX_BROKER_RETRY_AFTER = 30
PORTAL_OUTBOX_GRACE = 20
PORTAL_OUTBOX_RETENTION_DAYS = 14
PORTAL_OUTBOX_GIVEN_UP_RETENTION_DAYS = 30
# The Celery queue of long effects (exports); None: the default queue.
PORTAL_OUTBOX_LONG_QUEUE = None

# --- Incubator ------------------------------------------------------------------------
# A meeting request nobody answered expires after this many days; an organisation sends at most
# this many requests in any 24 hours.
INCUBATOR_MEETING_EXPIRY_DAYS = 14
INCUBATOR_MEETING_REQUESTS_PER_DAY = 10
# Private folders the admin's private-file view never serves, not even to staff: data-room
# documents are read only through the data room's own views (approval + NDA, every read logged).
PORTAL_PRIVATE_NO_STAFF_FOLDERS = ("incubator/datarooms/",)

# --- Security -----------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy for public pages (portal.middleware). The Wagtail
# admin ships inline scripts of its own, so it is exempted by path prefix.
PORTAL_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.bilibili.com"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
PORTAL_CSP_EXEMPT_PREFIXES = ("/admin/",)

# --- Public page cache --------------------------------------------------------------

PORTAL_PUBLIC_CACHE_ENABLED = True
PORTAL_PUBLIC_CACHE_TIMEOUT = 60 * 60
PORTAL_PUBLIC_CACHE_ALIAS = "default"

# --- Search -------------------------------------------------------------------------

# The portal's own search engine (see search/): "database" or "elasticsearch".
PORTAL_SEARCH_ENGINE = "database"
ELASTICSEARCH_URL = ""
# Index names start with this prefix; the alias is "<prefix>documents".
SEARCH_INDEX_PREFIX = "portal-"
# Seconds an Elasticsearch call may take before the page falls back / the outbox retries.
SEARCH_ELASTICSEARCH_TIMEOUT = 2.0
# Refresh after every write (tests); production relies on the 1 s refresh interval.
SEARCH_ELASTICSEARCH_REFRESH = False

# --- Logging ------------------------------------------------------------------------

PORTAL_INVITATION_DAYS = 14
PORTAL_INVITATIONS_PER_HOUR = 30

# /healthz shows per-component details only with this token in X-Health-Token (or, when
# empty, to direct requests from the loopback interface); everyone else sees the status.
PORTAL_HEALTH_TOKEN = ""
# /healthz runs its checks (database, cache, broker, search) at most once per this many seconds in
# each process and answers from the result meanwhile (portal/health.py): polling it cannot keep
# workers busy with checks that take seconds while a service is down.
PORTAL_HEALTH_MEMO_SECONDS = 5

# --- Demo data ------------------------------------------------------------------------

# `manage.py load_demo` runs the loaders each app declares in its demo module (portal/demo/__init__.py).
PORTAL_SHOW_DEMO_CREDENTIALS = False
# The recommended-catalogue PDF embeds this CJK font (Debian's fonts-noto-cjk); face 2 of the
# collection is Simplified Chinese (catalog/editions/pdf.py).
PORTAL_EDITION_PDF_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
PORTAL_EDITION_PDF_FONT_INDEX = 2

FORM_RENDERER = "portal.forms_rendering.PortalFormRenderer"
# Django 6's default today: a URL typed without a scheme becomes https://, not http://.
FORMS_URLFIELD_ASSUME_HTTPS = True
