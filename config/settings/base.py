"""Settings for every environment. Production differs only through environment variables.

The embedded default (no variable set) is SQLite, the in-memory channel layer, a local-memory
cache and console e-mail. DATABASE_URL, REDIS_URL and EMAIL_URL switch on PostgreSQL, Redis
(channel layer, cache, rate-limit store) and SMTP.
"""

from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The one helper through which the environment is read.
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")

_EMBEDDED_KEY = "django-insecure-embedded-default-only-for-local-use"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DATABASE_URL:
        # A deployment (it has a real database) must never run on the published key.
        raise ImproperlyConfigured("SECRET_KEY must be set when DATABASE_URL is set.")
    SECRET_KEY = _EMBEDDED_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "taggit",
    "notifications",
    "axes",
    "django_countries",
    "django_htmx",
    "ninja",
    "community.accounts",
    "community.organisations",
    "community.library",
    "community.search",
    "community.toolbox",
    "community",
    "forums",
    "networks",
    "messaging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: pages get the policy, static files (which run nothing) do not need it.
    "config.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "community.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last, as its documentation asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

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
                "community.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db_url_config(DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Keep each thread's connection between requests and socket commands (checked before reuse): opening
# a PostgreSQL connection per command made every live message.send pay for a new server process.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # daphne serves requests from several threads: wait for the write lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

CACHES: dict[str, dict[str, Any]]
CHANNEL_LAYERS: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="minga"),
        }
    }
    # Pub/sub layer: see docs/realtime.md for why (it survives a Redis restart far better).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="minga"),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One process: the hub drains its channel continuously; the capacity absorbs bursts.
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 2000}}
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "community:dashboard"
LOGOUT_REDIRECT_URL = "community:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Failed-login lockout: 5 failures within 30 minutes, counted per account and per address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "community.accounts.lockout.lockout_response"  # 429 with Retry-After
AXES_USERNAME_FORM_FIELD = "username"
# Only behind a proxy that sets it may the forwarded address be trusted.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env.bool("BEHIND_PROXY", default=False) else ["REMOTE_ADDR"]
)

LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Guayaquil"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Minga <no-reply@minga.local>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

DJANGO_NOTIFICATIONS_CONFIG = {"USE_JSONFIELD": True, "SOFT_DELETE": False}
TAGGIT_CASE_INSENSITIVE = True

NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_LIMIT = 100

# Security: on by default whenever DEBUG is off; each can be relaxed through the environment.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp 4): nothing inline, nothing from another site. Every script
# and style is a file under static/; templates carry no <script> body, on*= handler or style=
# attribute (tests/test_security_headers.py scans them). config/security.py adds the page's own
# ws(s)://host to connect-src for the live socket.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if env.bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.channels.server": {"level": "WARNING"}},
}
MAX_API_TOKENS_PER_USER = 20
FORMS_URLFIELD_ASSUME_HTTPS = True

# Forums: what a new account (joined less than FORUM_NEW_ACCOUNT_HOURS ago) may post per day,
# and how many links one of its posts may carry. Spam comes from fresh accounts.
FORUM_NEW_ACCOUNT_HOURS = 24
FORUM_NEW_ACCOUNT_TOPICS_PER_DAY = 3
FORUM_NEW_ACCOUNT_REPLIES_PER_DAY = 10
FORUM_NEW_ACCOUNT_MAX_LINKS = 2

# Forums: how many topics and replies one member may post per window (every path: page, htmx, API).
FORUM_POST_RATE = "20/10m"

# Site-wide search: queries per member (or per address when signed out) per window.
SEARCH_RATE = "60/m"
# Searches share SQL compiled once per kind of searcher (community/search/compiled.py); when on, each
# search also compiles its own and fails if they differ (on in the tests, off in production).
SEARCH_CHECK_SHARED_SQL = False

# Forums: a post flagged by this many different members is hidden until a moderator reviews it.
FORUM_AUTO_HIDE_FLAGS = 3

# Messaging: how many messages one member may send per window (every path: socket, page, API), and
# how long after sending the author may still edit or delete a message.
MESSAGING_SEND_RATE = env.str("MESSAGING_SEND_RATE", default="20/10s")
MESSAGING_EDIT_WINDOW_SECONDS = env.int("MESSAGING_EDIT_WINDOW_SECONDS", default=15 * 60)
# CPython's thread switch interval in daphne processes (seconds; set in config/asgi.py, reason there).
GIL_SWITCH_INTERVAL = env.float("GIL_SWITCH_INTERVAL", default=0.0005)
# Live sockets: over LIVE_FLOOD_FRAMES frames in 10 seconds on one socket further frames are dropped
# (error "flood"); over LIVE_FLOOD_CLOSE_FRAMES the socket is closed (4429).
LIVE_FLOOD_FRAMES = env.int("LIVE_FLOOD_FRAMES", default=60)
LIVE_FLOOD_CLOSE_FRAMES = env.int("LIVE_FLOOD_CLOSE_FRAMES", default=200)
