"""LeaseLine settings: the one place that reads the environment.

Embedded defaults suit development (SQLite, local-memory cache, Celery tasks inline).
With DJANGO_DEBUG false, production secrets have no default: a misconfigured deploy
stops here, at start, naming the missing variable.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

VERSION = "0.1.0"
BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _required(name):
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is false (see .env.example).")
    return value


DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") if DEBUG else _required("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    SECRET_KEY = "leaseline-development-only-secret-key-not-for-production-use"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://localhost:8000").rstrip("/")

# Tokens at rest: comma list of Fernet keys, first encrypts, all decrypt.
if DEBUG and not env.str("TOKEN_ENCRYPTION_KEYS", default=""):
    TOKEN_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]
else:
    TOKEN_ENCRYPTION_KEYS = [key.strip() for key in _required("TOKEN_ENCRYPTION_KEYS").split(",") if key.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "core",
    "accounts",
    "calendars",
    "agents",
    "rentals",
    "leads",
    "voice",
    "notifications",
    "dashboard",
    "demo",
    "legacy",
]

MIDDLEWARE = [
    "config.middleware.ServerTimingMiddleware",
    # Outside everything else, so it also sees what a middleware refused or crashed on.
    "config.middleware.ErrorAnswerMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.ClerkSessionCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Every API path answers with and without a trailing slash itself; no redirects.
APPEND_SLASH = False

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
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out account and address before any password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Tests and `make run` serve static files without collectstatic.
WHITENOISE_USE_FINDERS = True

# Password sign-in (site and admin) throttling by django-axes: after AXES_FAILURE_LIMIT
# failures for one account from one address, that pair is locked for the cool-off time.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.signin_locked_out"
# The address of an attempt: the connection's, or behind TRUSTED_PROXY_COUNT proxies that
# append to X-Forwarded-For, the entry the outermost of them wrote (accounts/throttling.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
AXES_USERNAME_CALLABLE = "accounts.throttling.attempted_email"
AXES_VERBOSE = False

# Cache: Redis when configured, and a cache that cannot reach Redis answers as a miss
# instead of failing the request.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "leaseline",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: the broker defaults to REDIS_URL; with neither, tasks run inline.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL) or None
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands a task whose worker died (acks late) to another worker after visibility_timeout;
# it must outlast the longest task (a scrape), or a slow task is delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=3600),
    "socket_connect_timeout": 1,
}
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "purge-processed-webhooks": {
        "task": "accounts.tasks.purge_processed_webhooks",
        "schedule": crontab(minute=17, hour=3),
    },
    "purge-expired-calendar-connects": {
        "task": "calendars.tasks.purge_expired_connects",
        "schedule": crontab(minute="*/5"),
    },
    "scrape-due-sources": {
        "task": "rentals.tasks.scrape_due_sources",
        "schedule": crontab(minute="*/5"),
    },
    # Reminders are rows with a due time: this sweep hands the due ones to the queue.
    "send-due-notifications": {
        "task": "notifications.tasks.send_due_notifications",
        "schedule": crontab(),
    },
}

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ClerkJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.EnvelopePagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LeaseLine API",
    "DESCRIPTION": "The back office of LeaseLine's voice leasing assistants.",
    "VERSION": VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AppointmentStatusEnum": "calendars.models.Appointment.Status",
        "NotificationStatusEnum": "notifications.models.Notification.Status",
        "LeadStatusEnum": "leads.models.Lead.Status",
    },
}

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/(api|legacy)/.*$"  # /legacy/: the existing Next.js frontend (legacy/urls.py)

# Clerk
CLERK_JWKS_URL = env.str("CLERK_JWKS_URL", default="")
CLERK_ISSUER = env.str("CLERK_ISSUER", default="")
CLERK_AUTHORIZED_PARTIES = env.list("CLERK_AUTHORIZED_PARTIES", default=[])
CLERK_AUDIENCE = env.str("CLERK_AUDIENCE", default="")
CLERK_WEBHOOK_SECRET = env.str("CLERK_WEBHOOK_SECRET", default="")
CLERK_LEEWAY_SECONDS = 5
CLERK_JWKS_CACHE_SECONDS = 300

# VAPI
VAPI_API_KEY = env.str("VAPI_API_KEY", default="")
VAPI_API_URL = env.str("VAPI_API_URL", default="https://api.vapi.ai").rstrip("/")
VAPI_PUBLIC_KEY = env.str("VAPI_PUBLIC_KEY", default="")
VAPI_WEBHOOK_SECRET = env.str("VAPI_WEBHOOK_SECRET", default="")

# Calendars
MICROSOFT_CLIENT_ID = env.str("MICROSOFT_CLIENT_ID", default="")
MICROSOFT_CLIENT_SECRET = env.str("MICROSOFT_CLIENT_SECRET", default="")
MICROSOFT_AUTHORITY = env.str("MICROSOFT_AUTHORITY", default="https://login.microsoftonline.com/common").rstrip("/")
MICROSOFT_GRAPH_URL = env.str("MICROSOFT_GRAPH_URL", default="https://graph.microsoft.com/v1.0").rstrip("/")
GOOGLE_CLIENT_ID = env.str("GOOGLE_CLIENT_ID", default="")
GOOGLE_CLIENT_SECRET = env.str("GOOGLE_CLIENT_SECRET", default="")
GOOGLE_AUTH_URI = env.str("GOOGLE_AUTH_URI", default="https://accounts.google.com/o/oauth2/v2/auth")
GOOGLE_TOKEN_URI = env.str("GOOGLE_TOKEN_URI", default="https://oauth2.googleapis.com/token")
GOOGLE_CALENDAR_API_URL = env.str("GOOGLE_CALENDAR_API_URL", default="https://www.googleapis.com/calendar/v3").rstrip(
    "/"
)
CALENDAR_REDIRECT_URL = env.str("CALENDAR_REDIRECT_URL", default="/calendar/")
# Calendar provider calls stay short and bounded, so a hanging provider still lets a voice
# tool answer well inside VAPI's 20 s: timeout per attempt, attempts, longest Retry-After honoured.
CALENDAR_HTTP_TIMEOUT_SECONDS = env.float("CALENDAR_HTTP_TIMEOUT_SECONDS", default=4.0)
CALENDAR_HTTP_MAX_ATTEMPTS = env.int("CALENDAR_HTTP_MAX_ATTEMPTS", default=2)
CALENDAR_RETRY_AFTER_MAX_SECONDS = env.float("CALENDAR_RETRY_AFTER_MAX_SECONDS", default=2.0)
CALENDAR_BUSY_CACHE_SECONDS = env.int("CALENDAR_BUSY_CACHE_SECONDS", default=60)
# All provider calls of one availability read, event list or booking share this budget,
# however many calendars are connected.
CALENDAR_CALL_BUDGET_SECONDS = env.float("CALENDAR_CALL_BUDGET_SECONDS", default=12.0)

# Messages to renters and managers (notifications). EMAIL_URL is django-environ's email URL
# (smtp://user:pass@host:587, smtp+tls://…, smtps://…, consolemail://). Debug prints mail to
# the console; in production without it the app still starts and email notifications end
# "skipped" with that reason (nothing is handed to an SMTP server nobody configured).
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "")
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
if EMAIL_URL:
    vars().update({k: v for k, v in env.email_url_config(EMAIL_URL).items() if v is not None})
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT_SECONDS", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="LeaseLine <no-reply@localhost>")
# Texts through Twilio's REST API; without an account SID no texts are sent (email only).
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_FROM_NUMBER = env.str("TWILIO_FROM_NUMBER", default="")
TWILIO_API_URL = env.str("TWILIO_API_URL", default="https://api.twilio.com").rstrip("/")

# Scraping
# An empty value (as copied from .env.example) means the default too.
SCRAPER_USER_AGENT = env.str("SCRAPER_USER_AGENT", default="") or f"LeaseLineBot/{VERSION} (+{PUBLIC_BASE_URL})"
SCRAPER_ALLOW_PRIVATE_NETWORKS = env.bool("SCRAPER_ALLOW_PRIVATE_NETWORKS", default=False)
SCRAPER_POLITENESS_DELAY_SECONDS = env.float("SCRAPER_POLITENESS_DELAY_SECONDS", default=1.0)
SCRAPER_CONNECT_TIMEOUT_SECONDS = env.float("SCRAPER_CONNECT_TIMEOUT_SECONDS", default=5.0)
SCRAPER_READ_TIMEOUT_SECONDS = env.float("SCRAPER_READ_TIMEOUT_SECONDS", default=15.0)
# Wall-clock deadlines: one fetch (however slowly a server drips bytes), one preview, one run.
SCRAPER_DOWNLOAD_DEADLINE_SECONDS = env.float("SCRAPER_DOWNLOAD_DEADLINE_SECONDS", default=60.0)
SCRAPER_PREVIEW_DEADLINE_SECONDS = env.float("SCRAPER_PREVIEW_DEADLINE_SECONDS", default=20.0)
SCRAPER_RUN_DEADLINE_SECONDS = env.float("SCRAPER_RUN_DEADLINE_SECONDS", default=1800.0)
# Listings' own pages read for one listing page that shows their links but not their rent (0: none).
SCRAPER_DETAIL_PAGES_PER_PAGE = env.int("SCRAPER_DETAIL_PAGES_PER_PAGE", default=30)
SCRAPER_MAX_RESPONSE_BYTES = 5 * 1024 * 1024
SCRAPER_MAX_RETRIES = 2
SCRAPER_RETRY_BACKOFF_SECONDS = 1.0
SCRAPER_MAX_RETRY_AFTER_SECONDS = 30.0

# The benchmark turns this on; otherwise response timings are not told to clients.
SERVER_TIMING = env.bool("SERVER_TIMING", default=False)

# Security
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$", r"^health/?$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A form sent with a stale or missing token gets LeaseLine's page (JSON under /api/), in any mode.
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[]) + [
    origin for origin in [PUBLIC_BASE_URL] if origin.startswith("https://")
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Content-Security-Policy (django-csp): no inline script anywhere; the "talk to agent" button's
# VAPI web SDK reaches VAPI and its call transport (Daily) over https and websockets.
VAPI_WEB_ORIGINS = ["https://*.vapi.ai", "wss://*.vapi.ai", "https://*.daily.co", "wss://*.daily.co"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "connect-src": ["'self'", *VAPI_WEB_ORIGINS],
        "media-src": ["'self'", "blob:", "https:"],
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "https:"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
