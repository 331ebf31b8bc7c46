"""Django settings. Every value comes from the environment (see docs/configuration.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from avance import config

DATA_DIR = config.data_dir()
DEBUG = config.env_bool("AVANCE_DEBUG", False)
SECRET_KEY = config.secret_key(DATA_DIR)
ALLOWED_HOSTS = config.env_list("AVANCE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("AVANCE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks_db",
    "avance.audit",
    "avance.accounts",
    "avance.organizations",
    "avance.plans",
    "avance.progress",
    "avance.indicators",
    "avance.reports",
    "avance.portal",
    "avance.workspace",
    "avance.backups",
    "avance.subscriptions",
    "avance.networks",
    "avance.api",
    "ninja",  # its vendored Swagger UI assets and template for /api/v1/docs
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "avance.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "avance.conditional.ConditionalPublicMiddleware",
    "avance.middleware.RequestSizeLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes watches every authentication (the admin's sign-in included) before the model
# backend runs.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "avance.urls"
WSGI_APPLICATION = "avance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            config.database_url(DATA_DIR),
            conn_max_age=config.env_int("AVANCE_DB_CONN_MAX_AGE", 60),
        )
    }
except ValueError as exc:  # dj_database_url raises ValueError on a malformed URL
    raise config.ConfigError(f"DATABASE_URL is malformed: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server read while the CLI or the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Two planner settings for Avance's sessions, measured on a national installation
    # (bench/national.py, docs/serving.md): JIT compiles a query when its estimated cost is
    # high, which a plan of 50,000 items makes the small path queries of a publication look
    # (50 ms of compiling for 1 ms of work); and with the default random_page_cost (4, for
    # spinning disks) the planner reads all 4,000,000 updates to find one plan's 50,000 current
    # ones (545 ms) instead of looking them up by item (113 ms). AVANCE_PG_OPTIONS replaces them.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = os.environ.get("AVANCE_PG_OPTIONS", "-c jit=off -c random_page_cost=1.1")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface is Spanish (Mexico) by default, with English.
LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", _("Spanish (Mexico)")), ("en", _("English"))]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
TIME_ZONE = os.environ.get("AVANCE_TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the apps when collectstatic was not run

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"

# Sign-in throttling (django-axes): failures are counted per username *and* address together, so
# nobody can lock an account out from elsewhere; each lockout doubles the wait (progressive
# delay) from AVANCE_LOGIN_DELAY_MINUTES, up to a day. See docs/configuration.md.
AXES_FAILURE_LIMIT = config.env_int("AVANCE_MAX_FAILED_LOGINS", 5, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_DELAY_MINUTES = config.env_int("AVANCE_LOGIN_DELAY_MINUTES", 1, minimum=1)
AXES_COOLOFF_TIME = "avance.accounts.throttle.cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "avance.accounts.throttle.locked_out"
AXES_USERNAME_CALLABLE = "avance.accounts.throttle.username"
AXES_VERBOSE = False
# The client address is REMOTE_ADDR unless the deployment says how many trusted reverse proxies
# stand in front (see avance.accounts.throttle.client_address).
TRUSTED_PROXY_COUNT = config.env_int("AVANCE_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "avance.accounts.throttle.client_address"
# The API's rate limits: requests a minute per client address (anonymous reads) and per token.
# Counted in Django's cache, which is per process unless CACHES names a shared one.
API_ANONYMOUS_PER_MINUTE = config.env_int("AVANCE_API_ANONYMOUS_PER_MINUTE", 600, minimum=1)
API_TOKEN_PER_MINUTE = config.env_int("AVANCE_API_TOKEN_PER_MINUTE", 120, minimum=1)
# The licence of every published dataset (the open-data catalogue, datapackages, DCAT).
DATA_LICENCE = config.env_licence("AVANCE_DATA_LICENCE", "CC-BY-4.0")
EVIDENCE_MAX_BYTES = config.env_int("AVANCE_EVIDENCE_MAX_MB", 10, minimum=1) * 1024 * 1024
# One request's body (all its files together), refused before it is read.
MAX_REQUEST_BYTES = config.env_int("AVANCE_MAX_REQUEST_MB", 25, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Uploads over 1 MB stream to disk (never whole in memory), in the data directory so that what a
# killed process leaves is found and cleared by `avance serve`.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_TEMP_DIR = DATA_DIR / "tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(exist_ok=True)
# Report downloads: rendered once per plan version and kept here; at most REPORT_RENDERERS
# rendered at once per process, a request waiting longer than REPORT_WAIT_SECONDS gets a 503.
REPORT_CACHE_DIR = DATA_DIR / "cache" / "reports"
# Published pages rendered into files at publication (portal.site; docs/serving.md): `avance
# serve` answers from here, and nginx serves the directory itself (deploy/nginx.conf).
PUBLIC_DIR = config.env_path("AVANCE_PUBLIC_DIR", DATA_DIR / "public")
REPORT_RENDERERS = config.env_int("AVANCE_REPORT_RENDERERS", 2, minimum=1)
REPORT_WAIT_SECONDS = config.env_int("AVANCE_REPORT_WAIT_SECONDS", 20, minimum=1)
# A document imported from the web is read in a child process within these limits.
IMPORT_SECONDS = config.env_int("AVANCE_IMPORT_SECONDS", 60, minimum=1)
IMPORT_MEMORY_MB = config.env_int("AVANCE_IMPORT_MEMORY_MB", 2048, minimum=256)
SESSION_COOKIE_AGE = config.env_int("AVANCE_SESSION_SECONDS", 8 * 3600, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = config.env_bool("AVANCE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

from django.utils.csp import CSP  # noqa: E402  (kept next to the policy it builds)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Mail goes through SMTP when AVANCE_SMTP_HOST names a server (production); otherwise it is
# printed to the console (the demo, development). AVANCE_EMAIL_BACKEND overrides both.
SMTP_HOST = os.environ.get("AVANCE_SMTP_HOST", "").strip()
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": config.env_int("AVANCE_SMTP_PORT", 587, minimum=1),
                "username": os.environ.get("AVANCE_SMTP_USER", ""),
                "password": os.environ.get("AVANCE_SMTP_PASSWORD", ""),
                "use_tls": config.env_bool("AVANCE_SMTP_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
if backend := os.environ.get("AVANCE_EMAIL_BACKEND", "").strip():
    MAILERS = {"default": {"BACKEND": backend}}
DEFAULT_FROM_EMAIL = os.environ.get("AVANCE_FROM_EMAIL", "avance@localhost")
# Background work (daily reminders, subscription e-mails) goes through django.tasks, stored in
# the database so that no broker is needed; `avance worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Local hour at which the daily reminders go out, and how many days ahead they look.
REMINDER_HOUR = config.env_int("AVANCE_REMINDER_HOUR", 8, maximum=23)
REMINDER_DAYS = config.env_int("AVANCE_REMINDER_DAYS", 7, maximum=366)
# The site's public address, for links in e-mails (which have no request to build them from).
SITE_URL = config.site_url("AVANCE_SITE_URL", "http://127.0.0.1:8000")

# HTTPS: behind a TLS-terminating proxy (AVANCE_TRUSTED_PROXY_COUNT > 0) the proxy says whether
# the request came over HTTPS; redirects and HSTS are turned on by the deployment.
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = config.env_bool("AVANCE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = config.env_int("AVANCE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = config.env_bool("AVANCE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = config.env_bool("AVANCE_HSTS_PRELOAD", False)
SECURE_REDIRECT_EXEMPT = [r"^health$"]  # the load balancer's probe speaks plain HTTP

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("AVANCE_LOG_LEVEL", "WARNING")},
}
