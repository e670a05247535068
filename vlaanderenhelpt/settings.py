"""The one settings module. Everything that differs between machines comes from the environment.

The helpers fail loudly: a malformed value stops the start instead of being silently ignored.
"""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("DJANGO_TESTING")
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Only for a developer's machine and the test suite; never reaches production.
        SECRET_KEY = "insecure-local-development-key-not-for-production-use-0123456789"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set a long random value (see README) or DJANGO_DEBUG=true."
        )
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure")):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak: use at least 50 random characters.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if TESTING:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver", "localhost", "127.0.0.1"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# How many reverse proxies stand before the app and append to X-Forwarded-For (0: none, the connecting
# address is the visitor's). Every rate limit and the login lockout count per visitor through it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if env("TRUSTED_PROXY_COUNT") is None and not (DEBUG or TESTING):
    # Left at 0 behind a proxy, every visitor would share the proxy's address and its limits.
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is not set: the number of reverse proxies before the app (1 behind one nginx or "
        "Caddy; 0 when visitors connect to the app directly)."
    )
# Every link in an e-mail, a feed and the sitemap starts with it: outside debug it must be given.
SITE_URL = env("SITE_URL", "").rstrip("/")
if not SITE_URL:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SITE_URL is not set: links in e-mails and feeds need the public address, e.g. https://vlaanderenhelpt.be."
        )
    SITE_URL = "http://127.0.0.1:8000"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "axes",
    "django_tasks_db",
    "vlaanderenhelpt",
    "accounts",
    "practices",
    "catalogue",
    "guidance",
    "questions",
    "alerts",
    "demo",
]

MIDDLEWARE = [
    "vlaanderenhelpt.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vlaanderenhelpt.middleware.CleanInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vlaanderenhelpt.urls"
WSGI_APPLICATION = "vlaanderenhelpt.wsgi.application"

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
                "vlaanderenhelpt.context_processors.site",
                "practices.context_processors.queue",
                "questions.context_processors.questions",
            ],
            "builtins": ["vlaanderenhelpt.template_filters"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests at once (browser tests, make run) must wait for the write lock, not fail.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if TESTING:
        # A file, not memory: the browser tests' live server answers several requests at once (live
        # previews, a form post), and an in-memory database would be one connection shared by them all.
        DATABASES["default"]["TEST"] = {
            "NAME": os.path.join(tempfile.gettempdir(), f"vlaanderenhelpt-test-{os.getpid()}.sqlite3")
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A covering index's INCLUDE columns serve PostgreSQL; SQLite, the development default, ignores them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/aanmelden/"
LOGIN_REDIRECT_URL = "/profiel/"
# Where people land after logging in when no `next` says otherwise: editors at their queue, officials
# at their government's practices; anyone else at the profile.
EDITOR_HOME_URL = "/redactie/"
MEMBER_HOME_URL = "/mijn-praktijken/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Login throttling: five failures lock the account, whatever addresses they came from, for a short
# time that grows with further failures (accounts.throttling.cool_off), so nobody can lock a colleague
# out for long and nobody can try passwords for long.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = "accounts.throttling.cool_off"
# The account alone counts (failures from every address add up); the address is recorded beside it.
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"], "username"]
AXES_CLIENT_IP_CALLABLE = "vlaanderenhelpt.limits.client_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_USERNAME_CALLABLE = "accounts.throttling.login_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Behind nginx, open-data files are handed to the proxy (X-Accel-Redirect) under this internal prefix, so
# no application worker streams them; empty: the application sends the file itself.
OPEN_DATA_ACCEL_REDIRECT = env("OPEN_DATA_ACCEL_REDIRECT", "")
# How long a public page, and the counts behind it, are kept per catalogue generation. 0 keeps nothing:
# the benchmark's cold measurements run so, to show what a request costs without the cache.
CATALOGUE_CACHE_SECONDS = env_int("CATALOGUE_CACHE_SECONDS", 300)
# A facet index no worker built this long after a page first asked for it is built by a web process.
INDEX_ON_DEMAND_SECONDS = env_int("INDEX_ON_DEMAND_SECONDS", 5)
# The periodic jobs (one management command each), in the order `run_periodic` runs them, each on its
# schedule: "minute", "hourly" or "daily HH:MM" (Brussels time). Planned guidance is published before the
# alerts are sent, so its followers hear of it in the same run.
PERIODIC_JOBS = [
    ("publish_planned_guidance", "minute"),
    ("send_alerts", "minute"),
    ("forget_unconfirmed", "hourly"),
    ("send_review_reminders", "daily 07:00"),
    ("ask_for_results", "daily 08:00"),
    ("send_question_reminders", "daily 07:15"),
    ("review_clarifications", "hourly"),
    ("forget_closed_questions", "daily 03:45"),
    ("prune", "daily 03:30"),
]
# Backups (README, "Back-ups"): the database with pgBackRest, the stored files with restic, each a daily
# job once its command is set (with the repository and the credentials it needs), e.g.
# "sudo -u postgres pgbackrest --stanza=vlaanderenhelpt" and
# "restic -r /srv/backup/bestanden --password-file /etc/vlaanderenhelpt/restic.key".
BACKUP_PGBACKREST = env("BACKUP_PGBACKREST", "")
BACKUP_RESTIC = env("BACKUP_RESTIC", "")
# The weekly full backup of the database falls on this weekday (0 is Monday); the other days, a
# differential one. Full backups kept (with the archived WAL to restore to any moment since the oldest):
BACKUP_FULL_WEEKDAY = env_int("BACKUP_FULL_WEEKDAY", 6)
BACKUP_KEEP_FULL = env_int("BACKUP_KEEP_FULL", 4)
# Snapshots of the files kept: one a day for this many days, then one a week for this many weeks.
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("BACKUP_KEEP_WEEKLY", 4)
if BACKUP_PGBACKREST:
    PERIODIC_JOBS.append(("backup_database", "daily 01:30"))
if BACKUP_RESTIC:
    PERIODIC_JOBS.append(("backup_files", "daily 02:00"))
# Finished task results and the records of sent e-mails are kept this many days.
PRUNE_DAYS = env_int("PRUNE_DAYS", 30)
# send_alerts takes what was published at least this long ago: a publication that commits a moment after
# a run read the catalogue is then never passed over.
ALERTS_SETTLE_SECONDS = env_int("ALERTS_SETTLE_SECONDS", 0 if TESTING else 60)
# Months after its first publication at which a practice's government is asked for its results.
RESULTS_FOLLOW_UP_MONTHS = tuple(int(m) for m in env("RESULTS_FOLLOW_UP_MONTHS", "6,12").split(",") if m.strip())
# Asked this many days ago and not updated since: the practice shows in the editors' list of overdue results.
RESULTS_OVERDUE_DAYS = env_int("RESULTS_OVERDUE_DAYS", 30)
# A question to ABB is due this many working days after it arrived (and again after the asker adds to it).
QUESTION_DUE_WORKING_DAYS = env_int("QUESTION_DUE_WORKING_DAYS", 5)
# A closed question's thread (its text, messages and asker) is deleted this many years after closing.
QUESTION_RETENTION_YEARS = env_int("QUESTION_RETENTION_YEARS", 5)
# Never routed: attachments are only served through a view that checks visibility.
MEDIA_URL = "/media-niet-publiek/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        # Public files: readable by the proxy that serves them (uploads stay 0640).
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploads: attachments up to 20 MB each; larger request bodies are refused before they reach a form.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# Each scanner is called with every upload and raises a ValidationError to refuse it. The built-in one
# only knows the EICAR test file; production adds a virus scanner (see README, "Bijlagen en virussen").
ATTACHMENT_SCANNERS = env_list("ATTACHMENT_SCANNERS", "vlaanderenhelpt.attachments.refuse_test_signature")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

REDIS_URL = env("REDIS_URL")
if not REDIS_URL and not (DEBUG or TESTING):
    # Several app processes share one cache: with a cache per process, a publication served by one
    # worker would leave the others' pages, rate limits and facet counts stale.
    raise ImproperlyConfigured(
        "REDIS_URL is not set: production shares its cache through Redis, e.g. redis://127.0.0.1:6379/0."
    )
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "vlaanderenhelpt.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is away must cost a request milliseconds, not seconds.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Production queues tasks in PostgreSQL for `manage.py db_worker`; a developer's machine and the tests
# run them at once, inside the request (tests that are about the queue use the database backend).
TASKS_BACKEND = env(
    "TASKS_BACKEND",
    "django.tasks.backends.immediate.ImmediateBackend" if DEBUG or TESTING else "django_tasks_db.DatabaseBackend",
)
# "background": the slow work that follows a publication (words, open data), given a worker of its own.
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default", "background"]}}

# E-mail: the console on a developer's machine, SMTP elsewhere.
EMAIL_BACKEND_PATH = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "vlaanderenhelpt.mail.SMTPBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 20,
        }
        if EMAIL_BACKEND_PATH.endswith(("smtp.EmailBackend", "mail.SMTPBackend"))
        else {"file_path": env("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))}
        if EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Vlaanderen helpt <noreply@vlaanderenhelpt.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. CSP: everything from this site only, no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8

if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_COOKIE_HTTPONLY = True

# Second pair of eyes: a version an editor wrote is approved by another editor. Off only for a
# one-editor team.
REQUIRE_SECOND_EDITOR = env_bool("REQUIRE_SECOND_EDITOR", True)

# Demo content and demo logins exist only on a developer's machine.
DEMO_CONTENT = DEBUG

# Errors reach the administrators by e-mail (through the task queue, so a mail server that is away
# never slows a request) and the log. DJANGO_ADMINS: "Naam <adres>, Naam <adres>".
ADMINS = [address.strip() for address in env_list("DJANGO_ADMINS")]

# One line per request and per task, as JSON outside debug (LOG_FORMAT=text for people), each with the
# request id that the proxy sent or the site made.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "vlaanderenhelpt.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "vlaanderenhelpt.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env("LOG_FORMAT", "text" if DEBUG or TESTING else "json"),
        },
        "mail_admins": {"class": "vlaanderenhelpt.error_mail.QueuedAdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request log has its own line per request; Django's would repeat 4xx and 5xx.
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
        # Our mail log has a line per e-mail; the framework's own would repeat it.
        "django.tasks": {"level": env("TASKS_LOG_LEVEL", "WARNING")},
        "vlaanderenhelpt.request": {"level": env("REQUEST_LOG_LEVEL", "INFO")},
    },
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
