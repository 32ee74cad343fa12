"""Settings that are safe to deploy as they are.

Everything secret or host-specific comes from the environment (see `.env.example`);
`dev.py` and `test.py` add conveniences on top. `DEBUG` is off here on purpose.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first, so their templates and translations win.
    "lms",
    "audit",
    "privacy",
    "languages",
    "home",
    "booking",
    "courses",
    "quizzes",
    "forums",
    "h5p",
    "scorm",
    "training",
    "certificates",
    "badges",
    "coordination",
    "library",
    "events",
    "xapi",
    "network",
    "newsletter",
    "sitesearch",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
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
    "allauth",
    "allauth.account",
    "axes",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "h5p.middleware.ContentOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.SessionRenewal",
    "lms.middleware.CachedSite",
    "languages.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every audit log entry written during the request carries the visitor's address.
    "audit.context.AuditAddressMiddleware",
    "languages.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes last: it turns a lock-out raised by the authentication backend into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
                "coordination.context_processors.coordination",
            ],
        },
    },
]

# --- Database: PostgreSQL when DATABASE_URL says so, SQLite as the embedded default.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set (shared by every web process), else in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lms",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts
AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out user + address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's rules, with this project's wording (lms.validators).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "lms.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "lms.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "lms.validators.CommonPasswordValidator"},
    {"NAME": "lms.validators.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A page an editor restricted to logged-in visitors sends them to the site's login.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# A learner lands on "Mijn leertraject"; trainers, coordinators and editors land on
# their work instead (lms.roles.landing_url, through the account adapter).
LOGIN_REDIRECT_URL = "courses:dashboard"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "lms.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Counter PCs are shared: no "remember me", the session ends with the browser.
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
# allauth would also lock an e-mail address after 5 failures from *any* address; axes
# below does that per address + IP instead, so allauth's own counter is switched off.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# Lock-out per user *and* address: one office behind one IP is not locked out
# because one colleague mistyped their password five times.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "lms.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
# Reverse proxies in front of the app that append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "lms.adapters.client_ip"

# Sessions expire after 30 minutes without a request: counter PCs are shared. With
# Redis they live in the cache only (no database write per request); without it (one
# process, `make run`) in the database behind the in-process cache. Either way a
# request saves the session only when it changed, or when its idle time-out was last
# renewed more than SESSION_RENEW_AFTER seconds ago (lms.middleware.SessionRenewal).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cache"
    if REDIS_URL
    else "django.contrib.sessions.backends.cached_db"
)
SESSION_COOKIE_AGE = 30 * 60
SESSION_RENEW_AFTER = 5 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security (the production settings switch on HTTPS-only parts)
SECURE_CONTENT_TYPE_NOSNIFF = True
# A refused form (the page was open too long, or cookies are off) gets the site's own
# page with a way back, in the visitor's language. 404, 403 and 500 use the templates
# of those names.
CSRF_FAILURE_VIEW = "lms.views.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    # The Wagtail admin uses inline styles and scripts of its own; it is for editors only.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Internationalisation: Dutch first, French and English beside it.
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("en", "English"),
]
LANGUAGE_COOKIE_NAME = "lms_language"
LANGUAGE_COOKIE_SECURE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Content (pages and snippets) in Dutch and French; English is possible by adding "en"
# to CONTENT_LANGUAGES (and running `manage.py sync_locales`). Dutch is the source
# language: every learner's progress is kept on the Dutch pages (docs/architecture.md).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [
    (code, name)
    for code, name in LANGUAGES
    if code in env_list("CONTENT_LANGUAGES", "nl,fr") or code == LANGUAGE_CODE
]
# A new translation is a draft until a translator publishes it: readers never get a
# "French" page full of Dutch texts (and a whole course translated at once is not
# published page by page at the end of the request, which wagtail-localize does with a
# stale copy of each parent: see languages.services).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# --- Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files served only through Django after an access check (certificates); never public.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "lms.storage.LocalPrivateStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# S3-compatible object storage (AWS, MinIO, Ceph, a cloud provider's): every web
# process and worker then sees the same files without sharing a disk. Public media
# under media/ (signed URLs: the bucket stays private), private files under private/.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "default_acl": None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "media", "querystring_auth": True},
    }
    STORAGES["private"] = {
        "BACKEND": "lms.storage.PrivateS3Storage",
        "OPTIONS": {**_s3, "location": "private"},
    }
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail
WAGTAIL_SITE_NAME = "Digitaal Meedoen"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Full-text search with Dutch stemming on PostgreSQL ("handleidingen" finds
# "handleiding"); SQLite uses its own FTS5 index or, without it, a plain fallback.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "dutch",
    }
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_MODEL = "home.SiteDocument"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin asks no third party anything: no avatars from Gravatar (an editor's
# e-mail address, hashed, would go to it with every page view) and no release check
# against releases.wagtail.org (the platform may run without outside access).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- E-mail
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Digitaal Meedoen <no-reply@digitaalmeedoen.be>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Open Badges 3.0 (app `badges`): the issuer's Ed25519 signing key. A file outside
# the repository, made by `manage.py generate_badge_key`; older keys stay in the file
# (and published) so credentials signed with them still verify after a rotation.
OPEN_BADGES_KEY_FILE = os.environ.get("OPEN_BADGES_KEY_FILE", "")

# --- Learning records (app `xapi`): the Learning Record Store statements go to. Empty
# endpoint: no statements are kept or sent.
LRS_ENDPOINT = os.environ.get("LRS_ENDPOINT", "")
LRS_USERNAME = os.environ.get("LRS_USERNAME", "")
LRS_PASSWORD = os.environ.get("LRS_PASSWORD", "")

# --- Celery: Redis as broker when CELERY_BROKER_URL is set; otherwise every task runs
# eagerly in-process, so the embedded default needs no broker at all.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Celery's Django fix-up closes the database connection around every task (a new
# PostgreSQL connection per certificate: 3-4 ms, more than the rest of the task's own
# work). With a reuse limit it closes only every so many tasks; in between, lms.celery
# treats each task like a web request: CONN_MAX_AGE and the health check decide.
CELERY_DB_REUSE_MAX = 1000
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Reminders with the join link, the day before an event, once per participant.
    "send-event-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": 3600.0,
    },
    # Newsletter deliveries a dead worker left behind: never handed to the mail
    # server → sent again; possibly handed over → marked failed, never sent twice.
    "requeue-newsletter-deliveries": {
        "task": "newsletter.tasks.requeue_stuck_deliveries",
        "schedule": 300.0,
    },
    # An attempt left open past its time limit is graded with what was saved in time.
    "close-overdue-attempts": {
        "task": "quizzes.tasks.close_overdue_attempts",
        "schedule": 60.0,
    },
    # A certificate whose render task was lost (broker down) is queued again.
    "requeue-pending-certificates": {
        "task": "certificates.tasks.requeue_pending_certificates",
        "schedule": 300.0,
    },
    # Certificates whose Open Badges credential is missing (key absent, worker died).
    "issue-missing-credentials": {
        "task": "badges.tasks.issue_missing_credentials",
        "schedule": 300.0,
    },
    # Learning records waiting for the LRS (down, or a batch queued while the broker
    # was down) are sent again, each after its back-off.
    "send-learning-records": {
        "task": "xapi.tasks.send_statements",
        "schedule": 60.0,
    },
    "remind-expiring-certificates": {
        "task": "certificates.tasks.remind_expiring_certificates",
        "schedule": 24 * 3600.0,
    },
    # Go/no-go of training sessions whose registration deadline has passed.
    "decide-sessions": {
        "task": "training.tasks.decide_sessions",
        "schedule": 900.0,
    },
    # Forum followers who chose a summary get it in the morning.
    "forum-digests-daily": {
        "task": "forums.tasks.send_forum_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "forum-digests-weekly": {
        "task": "forums.tasks.send_forum_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="monday"),
        "args": ("weekly",),
    },
    # Members' reminders (not started, due soon, overdue) and the coordinators'
    # weekly digest, which is planned daily but keyed by ISO week: once a week.
    "send-reminders": {
        "task": "coordination.tasks.send_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Requests to join whose coordinators' mail was lost (broker down) are told again.
    "notify-pending-join-requests": {
        "task": "coordination.tasks.notify_pending_join_requests",
        "schedule": 600.0,
    },
    # Accounts whose cool-off after "erase my account" has passed are erased.
    "erase-due-accounts": {
        "task": "privacy.tasks.erase_due_accounts",
        "schedule": 3600.0,
    },
    # What is past its retention period goes (see the privacy page).
    "apply-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    # A data export whose task was lost (broker down) is queued again.
    "requeue-data-exports": {
        "task": "privacy.tasks.requeue_data_exports",
        "schedule": 600.0,
    },
    # Likewise a large organisation's progress export.
    "requeue-progress-exports": {
        "task": "coordination.tasks.requeue_progress_exports",
        "schedule": 600.0,
    },
    # The databank's external links, once a week; broken ones are flagged for editors.
    "check-library-links": {
        "task": "library.tasks.check_links",
        "schedule": crontab(hour=4, minute=15, day_of_week="sunday"),
    },
}

# --- H5P: packages play on their own origin (another host name for this same app),
# so their JavaScript can never reach the site's cookies or pages. Empty: H5P exercises
# show a notice instead of playing.
H5P_CONTENT_ORIGIN = os.environ.get("H5P_CONTENT_ORIGIN", "").rstrip("/")
# Seconds a player URL stays valid (the lesson page makes a new one on each visit).
H5P_TOKEN_MAX_AGE = 4 * 3600

# --- Databank digitale inclusie
# The largest file a user may share (bytes).
LIBRARY_UPLOAD_MAX_SIZE = int(
    os.environ.get("LIBRARY_UPLOAD_MAX_SIZE", 50 * 1024 * 1024)
)
# The link checker asks each external address once a week, with this time-out
# (seconds). Addresses in private networks (the platform's own services) are never
# asked, except where a test serves the links from this machine.
LIBRARY_LINK_CHECK_TIMEOUT = 10
LIBRARY_LINK_CHECK_PRIVATE_ADDRESSES = False
if H5P_CONTENT_ORIGIN:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"].append(H5P_CONTENT_ORIGIN)

# --- Forums
# At most this many posts per user in this many seconds (moderators are not limited).
FORUM_POST_RATE = (10, 600)
# Authors may change their post during this many minutes.
FORUM_EDIT_MINUTES = 30

# --- Coordinators' progress exports: an organisation with more members than this is
# exported by a Celery worker (progress bar, then a download link) rather than while
# the coordinator waits; the file stays downloadable this many days.
COORDINATION_EXPORT_INLINE_MAX = env_int("COORDINATION_EXPORT_INLINE_MAX", 2000)
COORDINATION_EXPORT_VALID_DAYS = env_int("COORDINATION_EXPORT_VALID_DAYS", 7)

# --- Personal data: how long things are kept (the privacy page shows these figures).
# A person's download of their data stays available this many days.
PRIVACY_EXPORT_VALID_DAYS = env_int("PRIVACY_EXPORT_VALID_DAYS", 7)
# "Erase my account" waits this many days, during which the person can cancel.
PRIVACY_ERASURE_COOL_OFF_DAYS = env_int("PRIVACY_ERASURE_COOL_OFF_DAYS", 14)
# Accounts whose e-mail address was never verified are erased after this many days.
RETENTION_UNVERIFIED_ACCOUNT_DAYS = env_int("RETENTION_UNVERIFIED_ACCOUNT_DAYS", 30)
# Records of mails sent (reminders, forum notifications) are deleted after this.
RETENTION_MAIL_LOG_DAYS = env_int("RETENTION_MAIL_LOG_DAYS", 365)
# Uploaded member lists (names and addresses) are deleted after this many days.
RETENTION_MEMBER_IMPORT_DAYS = env_int("RETENTION_MEMBER_IMPORT_DAYS", 30)
# Records of log-ins and failed log-ins (address, browser) are deleted after this.
RETENTION_LOGIN_LOG_DAYS = env_int("RETENTION_LOGIN_LOG_DAYS", 90)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


def require(name: str, value: str) -> None:
    """Fail at start-up, not at the first request, when a deploy forgets a secret."""
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
