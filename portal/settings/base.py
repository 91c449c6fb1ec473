"""Settings shared by every environment. Values come from the environment, with safe
development defaults; production.py refuses to start without the ones that must be set."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "portal",
    "directory",
    "meetings",
    "agreements",
    "register",
    "alerts",
    "regions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
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
    "django_filters",
    "ninja",  # the API's documentation page uses its static files (no CDN)
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.RefuseNullCharactersMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.site.ServedAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.RolesInSessionMiddleware",
    "portal.middleware.MfaRequiredMiddleware",
    "portal.submissions.OneSubmissionMiddleware",
    "portal.middleware.SeenVersionsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# Django's backends, renewing data versions at commit (portal/db/at_commit.py).
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.postgresql": "portal.db.postgresql",
    "django.db.backends.sqlite3": "portal.db.sqlite3",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
if DATABASES["default"]["ENGINE"] == "portal.db.sqlite3":
    # The tests' database in memory, as Django's SQLite backend has it by default (said here
    # because test runners recognise that backend by its name).
    DATABASES["default"].setdefault("TEST", {"NAME": ":memory:"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every worker process, so that login rate limits count across them: the
# database by default (its table is created by `migrate`), Redis when REDIS_URL or CACHE_URL
# is set (install the `redis` extra).
CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    # The database cache's default (300 entries, a third culled when full) is less than one
    # person's calendar feed (an entry per meeting) or a day of searches: every write would
    # cull what the next pages read. Expired entries leave at each cull. Several values are
    # written in one statement (portal/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.BatchedDatabaseCache",
            "LOCATION": "tablee_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
        }
    }

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: e-mail login, no usernames, no open sign-up (invitations only), TOTP and recovery codes.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Failed sign-ins: 10 a minute from one address, 5 in 5 minutes for one account. The window
# slides, so a lock-out ends by itself; a password reset clears it at once.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": os.environ.get("TABLEE_LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
}
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For to trust for the address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TABLEE_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tablée"
LOGIN_URL = "account_login"
# One door in: the back office and Wagtail's private pages send to the same sign-in page.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/comptes/connexion/"
LOGIN_REDIRECT_URL = "portal:dashboard"

# Pilots, executives and administrators must turn on two-factor authentication before they
# reach anything beyond their profile. Demo accounts may be exempted only where this allows it.
TABLEE_MFA_REQUIRED = env_bool("TABLEE_MFA_REQUIRED", True)
TABLEE_ALLOW_DEMO_MFA_EXEMPTION = env_bool("TABLEE_ALLOW_DEMO_MFA_EXEMPTION", False)
TABLEE_INVITATION_DAYS = int(os.environ.get("TABLEE_INVITATION_DAYS", "14"))
TABLEE_SITE_URL = os.environ.get("TABLEE_SITE_URL", "http://127.0.0.1:8000")
# Development only: links in e-mails and invitations use the address the request came to.
TABLEE_SITE_URL_FROM_REQUEST = env_bool("TABLEE_SITE_URL_FROM_REQUEST", False)
# A directory entry not verified for this many months is shown as out of date.
DIRECTORY_REVIEW_MONTHS = int(os.environ.get("DIRECTORY_REVIEW_MONTHS", "12"))
# Days after a dysfunction is closed before its filer is asked whether things changed.
TABLEE_FEEDBACK_DELAY_DAYS = int(os.environ.get("TABLEE_FEEDBACK_DELAY_DAYS", "42"))
# Months after a dysfunction is closed before the link to its filers is removed
# (register_detach_filers, daily).
TABLEE_FILER_RETENTION_MONTHS = int(os.environ.get("TABLEE_FILER_RETENTION_MONTHS", "24"))

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files are private (register attachments, tables' documents) unless they sit in one of
# the public folders: kept outside MEDIA_ROOT, never served by the web server, only streamed by
# the views that check who may read them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
TABLEE_PUBLIC_MEDIA_FOLDERS = ("original_images/", "images/", "avatar_images/")
STORAGES = {
    "default": {"BACKEND": "portal.files.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TABLEE_UPLOAD_MAX_BYTES = int(os.environ.get("TABLEE_UPLOAD_MAX_MB", "10")) * 1024 * 1024
# Office documents, PDF, images and text: what a network's tables exchange. No HTML, SVG, script.
TABLEE_UPLOAD_EXTENSIONS = (
    *("pdf", "png", "jpg", "jpeg", "gif", "webp", "rtf", "txt", "csv"),
    *("odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx"),
)

# E-mail: Django's backend, always sent from a background task (portal.notifications).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tablée <ne-pas-repondre@tablee.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

WAGTAIL_SITE_NAME = "Tablée"
WAGTAILADMIN_BASE_URL = TABLEE_SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []  # always downloaded, never shown in the portal's origin
WAGTAILDOCS_EXTENSIONS = list(TABLEE_UPLOAD_EXTENSIONS)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.forms.DocumentForm"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "portal.db.postgresql":
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
