"""Django settings for Veta, read from environment variables (see README, "Settings")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.embedded_db import embedded_database, project_data_dir
from core.env import env_bool, env_database_url, env_int, env_list, env_str, secret_key_from_file

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

# A fixed key is acceptable only for a development server on this machine; with DEBUG
# off, a missing SECRET_KEY stops start-up rather than signing sessions with a known key.
DEVELOPMENT_SECRET_KEY = "veta-development-only-not-secret"
SECRET_KEY = env_str("SECRET_KEY")
# Or a file holding the key, generated there the first time (`make run` keeps one under .data/).
SECRET_KEY_FILE = env_str("SECRET_KEY_FILE")
if SECRET_KEY is None and SECRET_KEY_FILE is not None:
    SECRET_KEY = secret_key_from_file(Path(SECRET_KEY_FILE))
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif len(SECRET_KEY) < 50 and not DEBUG:
    # Django's own deployment check (security.W009) asks for 50 characters.
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 50 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular_sidecar",
    "django_filters",
    "drf_spectacular",
    # Locks the admin login after repeated failures (see README, "Security").
    "axes",
    "csp",
    # Audit history: PostgreSQL triggers record every change of Veta's records (see core/history.py).
    "pgtrigger",
    "pghistory",
    "core",
    "regions",
    "incidents",
    "enforcement",
    "overview",
    # E-mail alerts for a place or any incident filter (README, "Alerts").
    "alerts",
]

MIDDLEWARE = [
    # The security headers (HSTS, nosniff, referrer and opener policies) and the
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below) on every response, the health
    # checks' too; neither needs the database.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # /healthz and /readyz, and 503 instead of 500 while the database is unreachable.
    "core.health.HealthMiddleware",
    # NUL characters cannot be stored by PostgreSQL: refused with a 400 naming the field.
    "core.middleware.RejectNulCharactersMiddleware",
    # Marks read-only requests, whose queries go to DATABASE_REPLICA_URL when it is set.
    "core.routers.ReplicaMiddleware",
    # Link: <CC BY 4.0>; rel="license" on the API, the exports, the feeds and the data package.
    "core.licences.DataLicenceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and 304 Not Modified for every non-streaming response, lists and details alike; the
    # ETag ignores the CSRF token's per-request mask, so an unchanged page answers 304.
    "core.middleware.StableConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tags every change the request makes with its user and URL in the audit history.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login against the failures recorded before it; Django's
# backend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "veta.urls"

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
                "django.template.context_processors.i18n",
                "overview.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "veta.wsgi.application"
ASGI_APPLICATION = "veta.asgi.application"

# Database: DATABASE_URL when given, otherwise the embedded PostgreSQL under .data/.
DATABASE_URL = env_database_url("DATABASE_URL")
DATABASE_POOL = env_bool("DATABASE_POOL", default=True)
DATABASE_POOL_MAX_SIZE = env_int("DATABASE_POOL_MAX_SIZE", default=10, minimum=1, maximum=200)
# A few statements that plan alike for every value (an incident by id) are prepared once per
# connection. Off behind a pooler that cannot keep prepared statements (PgBouncer in
# transaction mode before 1.21).
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", default=10, minimum=1, maximum=300)
if DATABASE_URL is not None:
    EMBEDDED_DATABASE_DIR = None
    database = dj_database_url.parse(DATABASE_URL)
else:
    # Started by the entry points (core.embedded_db.ensure_running), never by importing the settings.
    EMBEDDED_DATABASE_DIR = project_data_dir(BASE_DIR)
    database = embedded_database(EMBEDDED_DATABASE_DIR)
database["ENGINE"] = "django.db.backends.postgresql"
database["CONN_MAX_AGE"] = 0  # the pool below keeps connections; Django requires 0 with it
database.setdefault("OPTIONS", {})
# The history triggers (pgtrigger) read this setting on every row; unset, each read raises
# and is caught in a subtransaction, which makes bulk writes slow down row after row.
database["OPTIONS"]["options"] = " ".join(
    part for part in (database["OPTIONS"].get("options", ""), "-c pgtrigger.ignore={}") if part
)
# Parameters are bound on the client (Django's default for psycopg 3), so PostgreSQL prepares
# no statement and never falls back to a generic plan: incidents are skewed (Madre de Dios
# holds a third of them, Callao a handful) and a generic plan chosen once for every region made
# the big region's page 200× slower in calibration. Whoever turns OPTIONS "server_side_binding"
# on must also add "-c plan_cache_mode=force_custom_plan" above. It is not set for everyone:
# it would re-plan every statement of the row triggers (history, search) on every row.
if DATABASE_POOL:
    database["OPTIONS"]["pool"] = {"min_size": 0, "max_size": DATABASE_POOL_MAX_SIZE, "timeout": DATABASE_POOL_TIMEOUT}
    # With the pool, Django has it check each connection (one round trip) before a request
    # gets it: after the database restarts, broken ones are replaced instead of failing requests.
    database["CONN_HEALTH_CHECKS"] = True
# Lets several test runs share one server without sharing a test database.
TEST_DATABASE_NAME = env_str("TEST_DATABASE_NAME")
if TEST_DATABASE_NAME:
    database["TEST"] = {"NAME": TEST_DATABASE_NAME}
DATABASES = {"default": database}

# A read replica (PostgreSQL streaming replication): read-only API and page requests read from it.
DATABASE_REPLICA_URL = env_database_url("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL is not None:
    replica = dj_database_url.parse(DATABASE_REPLICA_URL)
    replica["ENGINE"] = "django.db.backends.postgresql"
    replica["CONN_MAX_AGE"] = 0
    replica["OPTIONS"] = {**database["OPTIONS"]}
    # Tests use the primary's test database through this alias rather than create another.
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = replica
    DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]

# A shared cache makes API rate limits hold across processes and machines; without one,
# each process counts on its own.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL is not None and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "veta"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The audit history's context (user, URL) is attached to the requests that write. On reads it
# would put two set_config() calls before every query, for nothing.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["core.formats"]
# The language switcher stores the choice in this cookie for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# Map tiles under the pages' maps. Off by default: the maps draw region outlines from our
# own boundaries and need no network; set a tile URL template such as
# https://tile.openstreetmap.org/{z}/{x}/{y}.png (with MAP_TILE_ATTRIBUTION) to add a base map.
MAP_TILE_URL = env_str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", default="")
if MAP_TILE_URL and not (MAP_TILE_URL.startswith(("https://", "http://")) and "{z}" in MAP_TILE_URL):
    raise ImproperlyConfigured(f"MAP_TILE_URL={MAP_TILE_URL!r} must be an http(s) URL template with {{z}}/{{x}}/{{y}}.")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
# In production (DEBUG off) pages link the hashed names `collectstatic` writes (core/staticfiles.py),
# which WhiteNoise serves compressed with a ten-year immutable cache lifetime. The development
# server serves the files straight from the apps and static/, re-read on every change.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "core.staticfiles.CollectedStaticFilesStorage"
    },
}
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
# From the finders too when nothing was collected yet, so a page never links a file that is not served.
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_COLLECTED
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers and cookies (README, "Security"). The defaults follow DEBUG: a
# production server (DEBUG off) gets HTTPS-only cookies, HSTS and a redirect to HTTPS.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Liveness and readiness probes are often asked over plain HTTP from inside the host.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Behind a reverse proxy that terminates TLS, trust its X-Forwarded-Proto header to tell
# HTTPS requests (only when the proxy always sets it, and clients cannot reach Veta directly).
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Where signing in leads when the page asked for (`?next=`) is refused as unsafe or absent:
# Django's default, /accounts/profile/, is no page of Veta.
LOGIN_REDIRECT_URL = "admin:index"


def map_tile_origin(template: str) -> str:
    """The origin a tile URL template loads from, as a CSP source: {s} subdomains become *."""
    scheme, rest = template.split("://", 1)
    host = rest.split("/", 1)[0]
    if host.startswith("{s}."):
        host = "*." + host.removeprefix("{s}.")
    if "{" in host:
        raise ImproperlyConfigured(f"MAP_TILE_URL={template!r}: the host may hold only a leading {{s}}.")
    return f"{scheme}://{host}"


# Content-Security-Policy (django-csp): everything from Veta itself, no inline script and
# no inline style anywhere (the templates carry neither; htmx's indicator style is off in
# base.html). Scripts may still set element.style, which Leaflet and Chart.js do. Images
# also from data: URLs (Swagger UI's icons) and from the map tile server when one is
# configured. /api/redoc/ (core/api/docs.py) and DRF's browsable pages
# (core/api/renderers.py) allow inline styles for themselves; script-src is 'self' everywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([map_tile_origin(MAP_TILE_URL)] if MAP_TILE_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed sign-ins for one user
# name, or from one address, further attempts are refused, even with the right password,
# until LOGIN_COOLOFF_MINUTES have passed without another attempt. Unlock at once with
# `manage.py axes_reset_username NAME`, `axes_reset_ip ADDRESS` or `axes_reset`.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", default=30, minimum=1, maximum=7 * 24 * 60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_VERBOSE = False

TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", default=0, minimum=0, maximum=10)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "core.api.renderers.BrowsableRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["core.api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.KeysetPagination",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", default="120/minute"),
        "user": env_str("API_KEY_RATE", default="1200/minute"),
    },
    "URL_FORMAT_OVERRIDE": "format",
    # How many reverse proxies in front of Veta append to X-Forwarded-For; with 0 the
    # client is the connection's address. The login lockout reads the client the same way.
    "NUM_PROXIES": TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Veta API",
    # The guide at the top of /api/docs/ and /api/redoc/: keys, limits, cursors, sync (Markdown).
    "DESCRIPTION": (BASE_DIR / "docs" / "api.md").read_text(encoding="utf-8"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Places are written as codes but read as {code, name}: describe each direction.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ModerationStatusEnum": "core.choices.ModerationStatus",
        "ReinfoStatusEnum": "enforcement.choices.ReinfoStatus",
        "RevisionStatusEnum": "core.choices.RevisionStatus",
        "WordingEnum": "core.choices.Wording",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.document_errors",
        "core.api.schema.describe_for_people",
    ],
}

# E-mail (README, "Alerts"): EMAIL_URL (smtp://user:password@host:587/?tls=True, ?ssl=True for
# TLS from the start, or submission://…), or EMAIL_HOST with EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL. Without either, alerts are off: /readyz
# says so, and in development (DEBUG) the messages are written to the console instead.
EMAIL_URL = env_str("EMAIL_URL")
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_URL is not None and EMAIL_HOST is not None:
    raise ImproperlyConfigured("Set EMAIL_URL or EMAIL_HOST, not both.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=30, minimum=1, maximum=600)
if EMAIL_URL is not None:
    try:
        email_settings = dj_email_url.parse(EMAIL_URL)
    except Exception as error:
        raise ImproperlyConfigured(f"EMAIL_URL cannot be read: {error}") from None
    if (
        email_settings.get("EMAIL_BACKEND") != "django.core.mail.backends.smtp.EmailBackend"
        or not email_settings["EMAIL_HOST"]
    ):
        raise ImproperlyConfigured("EMAIL_URL must name an SMTP server, as in smtp://user:password@host:587/?tls=True.")
    EMAIL_BACKEND = email_settings["EMAIL_BACKEND"]
    EMAIL_HOST = email_settings["EMAIL_HOST"]
    EMAIL_PORT = email_settings["EMAIL_PORT"] or (
        465 if email_settings["EMAIL_USE_SSL"] else 587 if email_settings["EMAIL_USE_TLS"] else 25
    )
    EMAIL_HOST_USER = email_settings["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = email_settings["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = email_settings["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = email_settings["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = email_settings["EMAIL_TIMEOUT"] or EMAIL_TIMEOUT
elif EMAIL_HOST is not None:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: choose one.")
    EMAIL_PORT = env_int(
        "EMAIL_PORT", default=465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25, minimum=1, maximum=65535
    )
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
else:
    # Django's SMTP backend would try localhost:25; a development server shows the messages instead.
    EMAIL_BACKEND = (
        "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.dummy.EmailBackend"
    )
# Alerts are on when an SMTP server is configured; /readyz reports it.
ALERTS_ENABLED = EMAIL_HOST is not None
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="Veta <alerts@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where readers reach Veta: the links in alert messages start with it.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with https:// or http://.")
# Sign-ups allowed per hour for one address and for one client (TRUSTED_PROXIES says who the client is).
ALERTS_SIGNUPS_PER_ADDRESS = env_int("ALERTS_SIGNUPS_PER_ADDRESS", default=5, minimum=1, maximum=1000)
ALERTS_SIGNUPS_PER_CLIENT = env_int("ALERTS_SIGNUPS_PER_CLIENT", default=20, minimum=1, maximum=10000)

LOG_LEVEL = env_str("LOG_LEVEL", default="INFO")
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL.")
# `json`: one JSON object per line (core/logs.py), for a log collector; `text`: plain lines for a person.
LOG_FORMAT = env_str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not one of json, text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"format": "%(message)s"},
    },
    # To stderr, as every log line of Veta (gunicorn's access log too: gunicorn.conf.py).
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # django-axes logs every sign-in at INFO; its lockouts (WARNING) still show, and all with LOG_LEVEL=DEBUG.
        "axes": {"level": "WARNING" if LOG_LEVEL == "INFO" else LOG_LEVEL},
        # Server errors are logged with their traceback; a 404's warning would repeat the access log's line.
        **({"django.request": {"level": "ERROR"}} if LOG_FORMAT == "json" and LOG_LEVEL == "INFO" else {}),
    },
}
