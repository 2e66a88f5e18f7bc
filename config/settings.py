"""Settings for the exile casework application.

One file, read from environment variables. DEBUG is off unless DEBUG=1 is set (`make run`
and the tests set it); with it off the application refuses to start on a development secret or
encryption key, and the deployment check refuses an e-mail backend that sends nothing.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a server started without DEBUG set runs as production, with its checks.
DEBUG = env_bool("DEBUG", False)

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)

# Comma-separated Fernet keys, newest first (used by the encrypted fields; see DESIGN.md 9).
DEV_FIELD_ENCRYPTION_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE="
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", DEV_FIELD_ENCRYPTION_KEY)

if not DEBUG:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set SECRET_KEY to a random value of 50 or more characters.")
    if DEV_FIELD_ENCRYPTION_KEY in FIELD_ENCRYPTION_KEYS:
        raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEYS to keys of your own.")

# Two-factor authentication (TOTP, with recovery codes) for every user. Off only for the local
# demo (`make run`); production refuses to start without it.
REQUIRE_2FA = env_bool("REQUIRE_2FA", True)
if not DEBUG and not REQUIRE_2FA:
    raise ImproperlyConfigured("REQUIRE_2FA=0 is for the local demo only; production needs 2FA.")
# Four eyes: the coordinator or admin role, or an office, given to an account takes effect
# once a second admin approves it. Off (ADMIN_FOUR_EYES=0) only for a deployment with one
# admin, who can then alone give a colluding account an office's cases (README, "Users").
ADMIN_FOUR_EYES = env_bool("ADMIN_FOUR_EYES", True)
OTP_TOTP_ISSUER = "Exile casework"
TWO_FACTOR_RECOVERY_CODES = 10

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")

INSTALLED_APPS = [
    # Before the admin, so that the translated fields exist when the admin classes are built.
    "modeltranslation",
    # django.contrib.admin, its site asking the access policy who may enter.
    "casework.admin_site.CaseworkAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "django_tasks",
    "casework.tasks_app.BackgroundTasksConfig",  # django_tasks_db
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "casework",
    "docs_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "casework.middleware.RequestAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the login is known: the account's language wins over the browser's.
    "casework.middleware.UserLanguageMiddleware",
    "casework.middleware.OfficeTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "casework.middleware.SessionLifetimeMiddleware",
    "casework.middleware.SecondFactorMiddleware",
    "casework.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casework.context_processors.two_factor",
                "casework.context_processors.access",
                "casework.context_processors.languages",
                "casework.context_processors.session",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a writer commits; IMMEDIATE avoids "database is locked"
    # when two requests upgrade a read transaction to a write at the same time. secure_delete
    # overwrites what is deleted (an export taken, a session ended) instead of leaving it in
    # free pages of the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "casework.User"
LOGIN_URL = "login"
# New users get a one-time link to set their password (see README, "Users"): valid 24 hours,
# and spent once the password is set.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60
LOGIN_REDIRECT_URL = "casework:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Argon2 for every new or changed password; the others only read hashes made before it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

# django-axes counts failed logins (casework.throttling): 5 for a username from one address,
# 20 from one address over any usernames (password spraying), 10 for one username from any
# addresses; at its limit that username, address or pair is locked for 15 minutes. Its own
# access logs are off (the audit log keeps logins), a username that is no account is kept only
# as a keyed hash, and the form data it keeps has `next` (a page address, with a search) masked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# How many reverse proxies in front of the app append to X-Forwarded-For: the client's address
# is then taken from that header (casework.middleware.RequestAddressMiddleware), for the audit
# log and the login throttling. 0: the app is reached directly and REMOTE_ADDR is the client.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
LOGIN_THROTTLES = [
    (("username", "ip_address"), 5),
    (("ip_address",), 20),
    (("username",), 10),
]
AXES_HANDLER = "casework.throttling.ThrottlingHandler"
AXES_USERNAME_CALLABLE = "casework.throttling.throttled_username"
# The unit the handler counts in: a group at its own limit above counts as this many failures.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [list(params) for params, _limit in LOGIN_THROTTLES]
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "next", "csrfmiddlewaretoken"]
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Without django-ipware (deliberately not installed) the address is REMOTE_ADDR, the
# connection's own: a client cannot pick another one with a forged X-Forwarded-For.

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The languages of the pages (User.language, else the browser's Accept-Language, else
# English). Each is named in its own language in the menu (templates/_includes/language.html).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("be", _("Belarusian")),
    ("ru", _("Russian")),
    ("en", _("English")),
    ("pl", _("Polish")),
    ("lt", _("Lithuanian")),
]
# locale_extra: third-party strings their packages leave untranslated
# (written by locale_extra/make_catalogues.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_extra"]
# The languages a PDF summary can be printed in (docs_app): the pages' and German, for the
# authorities and courts of Germany. German is not a language of the pages, so it is not in
# LANGUAGES; Django loads locale/de and its own German formats for translation.override("de")
# all the same (check_for_language looks for a catalogue, not at LANGUAGES).
PDF_LANGUAGES = [*(code for code, _name in LANGUAGES), "de"]
# The remedy knowledge base (RemedyOption) holds its text in every page language
# (casework/translation.py, docs/adr/0012-remedy-guide-translations.md): shown in the reader's
# language, and in English where that language's field is empty. English, Belarusian and
# Russian are required; Polish and Lithuanian are filled in the admin when someone writes them.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "be", "ru", "pl", "lt")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The menu's choice, kept a year (on the account too, for a logged-in user).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates are written with the month by name in each language ("1 снежня 2026", "1 grudnia
# 2026"): never 12/1 or 1/12, which readers in different countries take for different days.
# Times are stored in UTC and shown in the office's zone (casework.middleware), named.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
# collectstatic target in production; in development the files are served from their sources.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or (None if DEBUG else BASE_DIR / "staticfiles")
# Third-party assets are installed by npm and served by the app itself, never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    # The PDF renderer's font: Cyrillic, Belarusian Ў/І and Łacinka.
    ("vendor/noto-sans", BASE_DIR / "node_modules" / "@expo-google-fonts" / "noto-sans"),
]
# The document vault (casework/vault/): every case file is cleaned and encrypted before it
# reaches this storage, so neither a copy of it nor of the database shows any content. By
# default a private directory, outside static/ and never served by a web server; with
# CASE_FILES_S3_BUCKET an S3-compatible bucket through django-storages (README, "Files").
PRIVATE_FILES_DIR = Path(os.environ.get("PRIVATE_FILES_DIR") or BASE_DIR / "private_files")
CASE_FILES_S3_BUCKET = os.environ.get("CASE_FILES_S3_BUCKET", "")
if CASE_FILES_S3_BUCKET:
    CASE_FILES_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": CASE_FILES_S3_BUCKET,
            "endpoint_url": os.environ.get("CASE_FILES_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("CASE_FILES_S3_REGION") or None,
            "access_key": os.environ.get("CASE_FILES_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("CASE_FILES_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("CASE_FILES_S3_PREFIX", "casefiles"),
            # The objects are ciphertext, reached only through the app: never public, never
            # a signed URL that would bypass the access check and the audit.
            "default_acl": "private",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    CASE_FILES_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # base_url None: the storage has no URL; files leave only through the app's views.
        "OPTIONS": {
            "location": PRIVATE_FILES_DIR,
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
# The largest file a user may attach, and the most files in one upload.
CASE_FILE_MAX_MB = int(os.environ.get("CASE_FILE_MAX_MB", "20"))
CASE_FILES_PER_UPLOAD = 10
DATA_UPLOAD_MAX_NUMBER_FILES = CASE_FILES_PER_UPLOAD
# What the files of one office's cases may take in all.
OFFICE_FILES_QUOTA_GB = float(os.environ.get("OFFICE_FILES_QUOTA_GB", "20"))
# When set (e.g. /run/clamav/clamd.ctl), ClamAV scans every upload before it is stored.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
# Uploads bigger than Django's 2.5 MB are spooled here while they are cleaned: put it on a
# memory file system (tmpfs) so that no plain copy reaches a disk (README, "Files").
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
FILE_UPLOAD_PERMISSIONS = 0o600

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "casefiles": CASE_FILES_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions: an idle session ends after 30 minutes, any session 12 hours after its login
# (casework.middleware.SessionLifetimeMiddleware). Logging out deletes it on the server.
# The session table holds a keyed hash of each session key, never the key itself.
SESSION_ENGINE = "casework.sessions"
SESSION_COOKIE_AGE = 30 * 60
SESSION_ABSOLUTE_LIFETIME = 12 * 60 * 60
# The pages warn this long before the idle timeout, with "Stay signed in" (static/js/session.js).
SESSION_WARNING_SECONDS = 3 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
# No response sends a referrer anywhere. Our HTML pages relax this to "same-origin" with a
# <meta name="referrer"> (base.html): under "no-referrer" browsers send "Origin: null" with a
# page's own form posts, and Django's CSRF check then refuses every form. "same-origin" still
# sends nothing to any other origin.
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Nothing is e-mailed to a third party in development: the console shows it. In production the
# deployment check (casework.checks) refuses the console and in-memory backends, which would
# print digests into the server's log or drop them.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "casework@localhost")
# For the SMTP backend (the daily deadline digest): Django's defaults unless set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

CASE_LIST_PAGE_SIZE = 25

# Days to appeal a refusal where the knowledge base (RemedyOption.appeal_days) says nothing.
DEFAULT_APPEAL_DAYS = 14
# The address the deadline digest's links point to, e.g. https://casework.example.org
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Background work (bulk PDF exports) is queued in the database: no extra service to run.
# `manage.py db_worker` runs the queue; `make run` starts one next to the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A bulk export's ZIP is deleted when downloaded, or after this many seconds.
SUMMARY_EXPORT_LIFETIME = 3600

FILTERS_EMPTY_CHOICE_LABEL = _("Any")

# Request logs name the path only: a query string holds what was searched (?q=<a name>).
# django.server (runserver) logs each request line whole and django.request logs requests that
# failed: the filter strips query strings from their records before any handler sees them,
# and from anything else that reaches the console.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query_strings": {"()": "casework.log_filters.StripQueryStrings"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_query_strings"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["no_query_strings"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"filters": ["no_query_strings"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["no_query_strings"],
        },
    },
}
