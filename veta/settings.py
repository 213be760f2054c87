"""Django settings for Veta, read from environment variables (see README, "Settings")."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from veta.embedded_db import EMBEDDED_DATABASE_NAME, project_data_dir, start_embedded_server
from veta.env import env_bool, env_database_url, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

# A fixed key is acceptable only for a development server on this machine; with DEBUG
# off, a missing SECRET_KEY stops start-up rather than signing sessions with a known key.
DEVELOPMENT_SECRET_KEY = "veta-development-only-not-secret"
SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif len(SECRET_KEY) < 32 and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is too short: use at least 32 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular_sidecar",
    "django_filters",
    "drf_spectacular",
    # Audit history: PostgreSQL triggers record every change of Veta's records (see incidents/history.py).
    "pgtrigger",
    "pghistory",
    "veta",
    "regions",
    "incidents",
    "enforcement",
]

MIDDLEWARE = [
    # /healthz and /readyz, and 503 instead of 500 while the database is unreachable.
    "veta.health.HealthMiddleware",
    # NUL characters cannot be stored by PostgreSQL: refused with a 400 naming the field.
    "veta.middleware.RejectNulCharactersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and 304 Not Modified for every non-streaming response, lists and details alike.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tags every change the request makes with its user and URL in the audit history.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "veta.context_processors.site",
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
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", default=10, minimum=1, maximum=300)
if DATABASE_URL is not None:
    database = dj_database_url.parse(DATABASE_URL)
else:
    socket_dir, port = start_embedded_server(project_data_dir(BASE_DIR))
    database = {"NAME": EMBEDDED_DATABASE_NAME, "USER": "postgres", "HOST": socket_dir, "PORT": str(port)}
database["ENGINE"] = "django.db.backends.postgresql"
database["CONN_MAX_AGE"] = 0  # the pool below keeps connections; Django requires 0 with it
database.setdefault("OPTIONS", {})
# The history triggers (pgtrigger) read this setting on every row; unset, each read raises
# and is caught in a subtransaction, which makes bulk writes slow down row after row.
database["OPTIONS"]["options"] = " ".join(
    part for part in (database["OPTIONS"].get("options", ""), "-c pgtrigger.ignore={}") if part
)
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
FORMAT_MODULE_PATH = ["veta.formats"]
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve files straight from the apps and static/ so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["veta.api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "veta.api.pagination.KeysetPagination",
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
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Veta API",
    "DESCRIPTION": "Incidents of violence around illegal and informal gold mining in Peru, the state's "
    "enforcement operations and the REINFO registry. Read access is open; editors write with an API key.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Places are written as codes but read as {code, name}: describe each direction.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ModerationStatusEnum": "veta.choices.ModerationStatus",
        "ReinfoStatusEnum": "enforcement.choices.ReinfoStatus",
        "WordingEnum": "veta.choices.Wording",
    },
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "veta.api.schema.document_errors"],
}

LOG_LEVEL = env_str("LOG_LEVEL", default="INFO")
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
