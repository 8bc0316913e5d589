"""Settings that hold in every environment, read from environment variables.

Every variable has a default that suits the one-command demo (SQLite, Celery eager,
email to the console); production.py tightens what only production needs.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; a missing file is ignored

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-demo-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SERVICE_NAME = "Peer support and involvement"
# Where people write for help with the service (the help, accessibility and privacy pages).
SUPPORT_EMAIL = env("SUPPORT_EMAIL", default="peersupport@example.org")
# Who is responsible for the personal data the service keeps (the privacy notice).
DATA_CONTROLLER = env("DATA_CONTROLLER", default="the NHS trust that runs this service")
DATA_PROTECTION_OFFICER_EMAIL = env("DATA_PROTECTION_OFFICER_EMAIL", default="dpo@example.org")
# The address people reach the service at, for links in emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "peersupport.admin_site.GuardedAdminConfig",  # django.contrib.admin, with the input guards
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "django_filters",
    "simple_history",
    "rules",
    "peersupport.accounts",
    "peersupport.ui",
    "workforce",
    "together_network",
    "involvement",
    "notifications",
    "demo",
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
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login everywhere but the login flow, the health check and static files.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Leads and admins set up MFA before anything else, when MFA_REQUIRED is on.
    "peersupport.accounts.middleware.RequireMultiFactorMiddleware",
]

ROOT_URLCONF = "peersupport.urls"
WSGI_APPLICATION = "peersupport.wsgi.application"

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
                "django.template.context_processors.csp",
                "peersupport.ui.context_processors.layout",
                "notifications.context_processors.unread_notifications",
            ],
            # The NHS.UK helpers (nhs_time, the form pack's filters) in every template.
            "builtins": ["peersupport.ui.templatetags.nhsuk"],
        },
    },
    {
        # Plain-text emails: the same templates, without HTML escaping ("O'Brien", not "O&#x27;Brien").
        # The HTML version escapes the text once when it wraps it.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False, "builtins": ["peersupport.ui.templatetags.nhsuk"]},
    },
]

# --- Database ---------------------------------------------------------------
# DATABASE_URL: SQLite file under the project by default; PostgreSQL (psycopg 3) in
# production, with Django's connection pool unless DATABASE_POOL is off.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if env.bool("DATABASE_POOL", default=True):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            "timeout": 5,  # seconds to wait for a free connection
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # PostgreSQL's JIT compiles the matching query for longer than the query runs (bench/).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # A database that does not answer fails fast, so /healthz/ reports it within seconds.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker --------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache that falls back on each process's memory while Redis is down, so
            # logging in and rate limits keep working (docs/adr/0021-when-the-cache-is-down.md).
            "BACKEND": "peersupport.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "peersupport",
            "OPTIONS": {
                # A Redis that does not answer costs a fraction of a second, then `retry_after` seconds
                # of memory only; a healthy Redis answers in about a millisecond.
                "socket_connect_timeout": env.float("REDIS_CACHE_TIMEOUT", default=0.5),
                "socket_timeout": env.float("REDIS_CACHE_TIMEOUT", default=0.5),
                "retry_after": 5,
                "warn_every": 60,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: see peersupport/celery.py and docs/adr/0005-celery.md.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # no broker: run tasks in-process (demo)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged after it ran, not before
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a worker killed mid-task: the task is re-queued
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a dying worker holds at most one unstarted task
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the hard time limit, so an unacknowledged task is only re-delivered
    # when its worker has really gone.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # Workers look for such tasks every 10 seconds times this (kombu's default, 10: 100 seconds).
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
    "socket_connect_timeout": 5,
}
# Queueing from a web request while Redis is down gives up after one quick retry: the outbox row
# is already saved and the sweeper queues it once Redis is back (docs/adr/0007).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TIMEZONE = "Europe/London"
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "peersupport.heartbeat", "schedule": 30.0},
    "send-pending-notifications": {"task": "notifications.send_pending", "schedule": 120.0},
    "expire-overdue-requests": {"task": "involvement.expire_overdue", "schedule": crontab(minute=15, hour="*")},
    "development-reminders": {"task": "workforce.send_development_reminders", "schedule": crontab(minute=30, hour=7)},
    "network-consent-reviews": {"task": "together_network.consent_reviews", "schedule": crontab(minute=45, hour=7)},
    "network-feedback-requests": {"task": "together_network.feedback_requests", "schedule": crontab(minute=0, hour=10)},
    # Reminders and digests (docs/adr/0016): each names its window, so a second run sends nothing.
    "activity-reminders": {"task": "together_network.activity_reminders", "schedule": crontab(minute=0, hour=7)},
    "approval-reminders": {
        "task": "involvement.approval_reminders",
        "schedule": crontab(minute=30, hour=8, day_of_week="mon-fri"),
    },
    "team-lead-digest": {"task": "involvement.weekly_digest", "schedule": crontab(minute=0, hour=8, day_of_week="mon")},
}
# Workers count as seen when their heartbeat is younger than this (seconds).
HEALTH_WORKER_STALE_AFTER = env.int("HEALTH_WORKER_STALE_AFTER", default=120)
# /healthz/ turns 503 when a notification has been pending longer than this (seconds).
HEALTH_NOTIFICATIONS_STUCK_AFTER = env.int("HEALTH_NOTIFICATIONS_STUCK_AFTER", default=900)

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "peersupport.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "peersupport.accounts.adapter.MFAAdapter"
# The login and password forms, with the NHS.UK error wording and the same input guards as every
# other form (peersupport/ui/account_forms.py).
_ACCOUNT_FORMS = "peersupport.ui.account_forms"
ACCOUNT_FORMS = {
    key: f"{_ACCOUNT_FORMS}.{name}"
    for key, name in {
        "login": "LoginForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
MFA_FORMS = {
    "authenticate": f"{_ACCOUNT_FORMS}.AuthenticateForm",
    "reauthenticate": f"{_ACCOUNT_FORMS}.MFAReauthenticateForm",
    "activate_totp": f"{_ACCOUNT_FORMS}.ActivateTOTPForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # accounts are made by admins for known addresses
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 300
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False  # sessions end when the browser closes
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SERVICE_NAME}] "
# allauth's rate limits are on by default; written out so the policy is visible.
# They are kept in the cache, which is Redis (shared by every process) when REDIS_URL is set, and
# each process's memory while Redis is down (ADR 0021).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "request_login_code": "20/m/ip,3/m/key",
    "confirm_login_code": "10/m/ip",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SERVICE_NAME
# When on, people in these roles are sent to set up MFA before they can do anything else.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
MFA_REQUIRED_ROLES = ["admin", "team_lead", "peer_support_lead", "network_coordinator"]

# --- Product rules ------------------------------------------------------------
# Hours a month of involvement work a peer support worker may be approved for, unless the
# peer support lead sets their own allowance (0 allowed).
PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS = env.float("PSW_DEFAULT_MONTHLY_ALLOWANCE_HOURS", default=4.0)
# A peer support worker is overdue for supervision when their last session is older than this
# many days (or they have had none and started longer ago than that).
SUPERVISION_EXPECTED_DAYS = env.int("SUPERVISION_EXPECTED_DAYS", default=31)
# Experts by experience with nothing happening on their record for this many months (no activity,
# no consent or record change, no login) are listed for the coordinators to review and anonymise.
NETWORK_RETENTION_MONTHS = env.int("NETWORK_RETENTION_MONTHS", default=24)

# seed_demo refuses to run where this is off (production), so no demo login with a public
# password can appear there.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)
# Demo logins (seed_demo) use this password.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="peersupport-demo")

# `make bench` measures every page beside a bare Django page (a tiny template and one query) served
# by the same processes. The bare page exists only while this is on; never set it in production.
BENCH_BARE_PAGE = env.bool("BENCH_BARE_PAGE", default=False)

# --- Email ------------------------------------------------------------------
# Django 6.1 mailers. EMAIL_BACKEND picks the backend (console for the demo, SMTP in
# production); the SMTP options apply only to the SMTP backend.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mailer(backend: str) -> dict:
    if backend == "django.core.mail.backends.filebased.EmailBackend":
        folder = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
        return {"BACKEND": backend, "OPTIONS": {"file_path": folder}}
    if backend != SMTP_BACKEND:
        return {"BACKEND": backend}
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "host": env("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env("EMAIL_HOST_USER", default=""),
            "password": env("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
            "timeout": env.int("EMAIL_TIMEOUT", default=30),
        },
    }


# The demo prints each email to the terminal, its text decoded (peersupport/mail.py).
MAILERS = {"default": mailer(env("EMAIL_BACKEND", default="peersupport.mail.ReadableConsoleBackend"))}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="peersupport@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Interface --------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "media/"
# An upload is kept only up to 10 MB, more than any form takes; the form then says its own limit.
FILE_UPLOAD_HANDLERS = [
    "peersupport.ui.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Content-Security-Policy without 'unsafe-inline': scripts are our own files, plus the one
# nonce'd line that marks the page as JavaScript-enabled. The NHS.UK web font comes from
# assets.nhs.uk; pages fall back to Arial where it cannot load.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Sessions in the database, never the cache: people stay logged in while Redis is down (ADR 0021).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run inside the web process (the demo): their per-task lines are noise there.
    LOGGING["loggers"].update({"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}})
