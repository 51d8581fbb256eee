"""Svoboda's settings, read from the environment (see .env.example for every variable).

Defaults are the safe production ones: DEBUG is off, cookies are secure, and a missing SECRET_KEY
stops start-up. `make run` switches to development by setting DEBUG=true.
"""

import base64
import binascii
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A .env file is a development convenience only; production takes real environment variables.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")


def env_secret(name, default=None):
    """A secret from NAME, or from the file named by NAME_FILE (Docker and systemd secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env_secret("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Svoboda refuses to start without it outside development: "
            "set the SECRET_KEY environment variable (or SECRET_KEY_FILE) to a long random "
            "string, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'. "
            "For local development use `make run`, which sets DEBUG=true."
        )
    SECRET_KEY = "development-only-key-never-used-in-production"  # nosec B105 # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Svoboda's apps come first so that their templates override Django's (login, admin).
    "accounts",
    "website",
    "workspace",
    "audit",
    "network",
    "cases",
    # intake before the apps below: demo seeds run in this order, and theirs build on its case.
    "intake",
    "assistance",
    "operations",
    "shelters",
    "publishing",
    "broadcast",
    "reports",
    # Finding people across scripts and spellings; duplicates, merges and spreadsheet imports.
    "matching",
    # `svoboda seed_bench` and `svoboda bench` (issue 11, bench/README.md).
    "bench",
    "demo",
    # The project package itself, for its operator commands (svoboda backup, svoboda restore).
    "svoboda.apps.SvobodaConfig",
    "whitenoise.runserver_nostatic",
    "svoboda.apps.SvobodaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_countries",
    # Two-factor sign-in (accounts.two_factor): authenticator apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Near the top, so that every response gets them: static files, the outage page, errors.
    "csp.middleware.CSPMiddleware",
    "svoboda.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages stored for visitors who are not signed in, served before the session, the
    # user or the database is read (website.page_cache); only views marked for it are stored.
    "website.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's, plus the help pages' `Origin: null` (svoboda.security).
    "svoboda.security.OpaqueOriginCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication: it loads the session and the user itself, so that a database
    # outage there, or later in a view, is a calm 503 page (svoboda.outage) and not a 500.
    "svoboda.outage.OutageMiddleware",
    # Tells whether the session gave its second factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # TRACE refused; staff pages never cached (svoboda.security). Inside the outage middleware,
    # which answers for it if reading the user fails; after WhiteNoise, so static files pass by.
    "svoboda.security.StaffPagesMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: it tells the user why they must sign in again.
    "accounts.sessions.IdleTimeoutMiddleware",
    # A password alone opens nothing outside the public site (accounts.two_factor).
    "accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "svoboda.urls"
WSGI_APPLICATION = "svoboda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "website.context_processors.languages",
                "workspace.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL (the production target) via DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'svoboda.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the job worker writes; IMMEDIATE transactions take the
    # write lock up front so that concurrent writers wait (timeout) instead of failing mid-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Object-level rules (branch scoping and the like) come from django-rules; the model
    # backend answers role permissions held through groups, and its log-in finds the user by
    # email in any letter case (UserManager.get_by_natural_key).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # The organisation's name and the branches' cities (accounts/passwords.py). No rule on kinds
    # of characters (Django's NumericPasswordValidator is one): length and lists do the work.
    {"NAME": "accounts.passwords.ContextWordsValidator"},
]
# More words a password may not contain, e.g. the organisation's own name in this deployment.
PASSWORD_CONTEXT_WORDS = env.list("PASSWORD_CONTEXT_WORDS", default=[])
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# Languages: the public site lives under /ru/ and /en/; the workspace follows the user's setting.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # Uploaded files are never served from a public URL; later issues serve them through
    # access-checked views. Swap the backend for object storage when running several servers.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: EMAIL_URL such as smtp+tls://user:password@mail.example.org:587 (django-environ syntax).
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
# The public address of this site, for links in mail sent by background jobs (no request there).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# How long a volunteer's email confirmation link works.
VOLUNTEER_CONFIRMATION_MAX_AGE = env.int("VOLUNTEER_CONFIRMATION_DAYS", default=7) * 86400
# Volunteer sign-ups accepted per client address (counted in the cache, like the help form).
VOLUNTEER_SIGN_UP_RATE = env.str("VOLUNTEER_SIGN_UP_RATE", default="5/h")
# News subscriptions accepted per client address.
SUBSCRIBE_RATE = env.str("SUBSCRIBE_RATE", default="10/h")
# Seconds the home page's impact figures (website.queries.impact_figures) stay in the cache
# before they are counted again; 0 counts them for every visit.
IMPACT_FIGURES_CACHE_SECONDS = env.int("IMPACT_FIGURES_CACHE_SECONDS", default=600)
# Seconds the public pages (home, news, articles, feeds) may stay in the cache for anonymous
# visitors (website.page_cache); any change to an article or category forgets them at once.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# Seconds the figures of the public statistics page (website.statistics) stay in the cache:
# counting them reads every victim record, so once an hour is plenty; 0 counts for every visit.
PUBLIC_STATISTICS_CACHE_SECONDS = env.int("PUBLIC_STATISTICS_CACHE_SECONDS", default=3600)
# Days a report file made in the workspace (/workspace/reports/exports/) is kept before
# `svoboda purge_report_exports` deletes it.
REPORT_EXPORT_KEEP_DAYS = env.int("REPORT_EXPORT_KEEP_DAYS", default=7)
# Retention (svoboda.retention, run daily by `svoboda apply_retention`); 0 keeps for ever.
# Spam: 30 days leaves a month to notice a real request closed as spam by mistake while its
# text and contact are still there to act on, and no longer: a flood is text nobody needs.
RETENTION_SPAM_REQUEST_DAYS = env.int("RETENTION_SPAM_REQUEST_DAYS", default=30)
# Other requests closed without becoming a case (duplicate, not our mandate, no contact): a year,
# long enough for the writer to come back with their follow-up code (INTAKE_CODE_LIFETIME_DAYS
# is a year too) and for a returning person to be recognised, and no longer: we did not take
# them on, so we have no reason to keep what they told us.
RETENTION_CLOSED_REQUEST_DAYS = env.int("RETENTION_CLOSED_REQUEST_DAYS", default=365)
# Cases closed more than this many years ago are erased, their victims kept as anonymous
# statistics (cases/retention.py); 0 keeps them for ever. Five years covers the usual limitation
# periods for the crimes involved and a survivor's return for further help.
RETENTION_CLOSED_CASE_YEARS = env.int("RETENTION_CLOSED_CASE_YEARS", default=5)
# How people reach the organisation when the website cannot take their message (the 503 page
# shown while the database is down, svoboda.outage): a phone number, and a messenger handle or
# an https:// link to a chat. Empty: that line is left out.
HELP_PHONE = env.str("HELP_PHONE", default="")
HELP_MESSENGER = env.str("HELP_MESSENGER", default="")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Svoboda <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Background jobs: rows in the database, run by `svoboda db_worker` (one or many processes).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# django-ratelimit warns about every cache outside its own list, which predates Django's built-in
# Redis backend (atomic increments, fine for counting). A per-process cache it calls an error;
# intake's own deploy check (intake.checks) says the same thing more usefully for production,
# and in development one process is all there is.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]
# Django's "no CSRF middleware" looks for its own class by name; ours replaces it
# (svoboda.security), and svoboda.W003 checks that one is there.
SILENCED_SYSTEM_CHECKS += ["security.W003"]

# Security. Production defaults satisfy `svoboda check --deploy`; development relaxes the ones
# that need HTTPS.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_HTTPS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# The __Host- prefix makes browsers refuse the session cookie unless it is Secure, for this exact
# host and path /: no other subdomain can set or overwrite it. Plain HTTP in development cannot
# carry such a cookie, hence Django's usual name there.
SESSION_COOKIE_NAME = "__Host-svoboda-session" if SESSION_COOKIE_SECURE else "sessionid"
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: a link to the workspace in a notification mail must open signed in; every
# change is a POST, and Lax cookies never go with another site's POST.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Monitoring may probe /healthz over plain HTTP on the internal address; it tells nothing secret.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): everything from this site, no inline script or style, no
# plugins, never framed. Templates keep scripts in static files and styles in stylesheets; the
# test svoboda/tests/test_security_headers.py scans them. Pictures: only from this site (article
# images are served by an access-checked view on this site).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
# Permissions-Policy: svoboda.security.PERMISSIONS_POLICY, every powerful feature switched off.
# The longest a session lasts from sign-in, however active (accounts.sessions fixes its end).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
# Minutes without a request after which a signed-in user is signed out (accounts.sessions).
WORKSPACE_IDLE_MINUTES = env.int("WORKSPACE_IDLE_MINUTES", default=30)
if WORKSPACE_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("WORKSPACE_IDLE_MINUTES must be at least 1.")
# The name authenticator apps show next to the codes for Svoboda.
OTP_TOTP_ISSUER = env.str("TWO_FACTOR_ISSUER", default="Svoboda")

ADMINS = [("Operators", email) for email in env.list("ADMINS", default=[])]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request lines carry query strings; keep them out of logs outside development.
        "django.server": {"level": "INFO" if DEBUG else "WARNING"},
    },
}

COUNTRIES_FIRST = ["RU"]

# Uploads (help requests and case files): checked by content, at most this many bytes each.
UPLOAD_MAX_FILE_SIZE = env.int("UPLOAD_MAX_FILE_SIZE", default=10 * 1024 * 1024)
INTAKE_MAX_FILES = env.int("INTAKE_MAX_FILES", default=5)

# Pictures in articles (publishing.image_processing): the largest upload accepted, and the most
# pixels it may unpack into (a small file can decode into billions: a decompression bomb).
ARTICLE_IMAGE_MAX_BYTES = env.int("ARTICLE_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
ARTICLE_IMAGE_MAX_PIXELS = env.int("ARTICLE_IMAGE_MAX_PIXELS", default=50_000_000)
# How long browsers and proxies may keep a public article's picture; also how long one may
# linger in a cache after its article is unpublished.
ARTICLE_IMAGE_CACHE_SECONDS = env.int("ARTICLE_IMAGE_CACHE_SECONDS", default=24 * 60 * 60)

# Follow-up codes are stored as scrypt(code, pepper). Changing the pepper makes every code that
# writers hold useless, so it is its own setting and not tied to SECRET_KEY rotation.
INTAKE_CODE_PEPPER = env_secret("INTAKE_CODE_PEPPER", default="") or SECRET_KEY
# The cost is modest on purpose: a code's 70 bits of entropy are what protect it (2^70 tries even
# at a microsecond each take millions of years), while each hash costs every submission CPU time;
# 2^11 is about 3 ms and 2 MiB. Hashes made at an earlier cost still open their requests (and are
# rehashed at the current one when they do) while that cost is listed in the second setting.
INTAKE_CODE_SCRYPT_N = env.int("INTAKE_CODE_SCRYPT_N", default=2**11)
# Empty by default: every wrong code would pay for each listed cost. A site that gave out codes
# before December 2026 (cost 2^15) sets it to 32768 until those requests are gone.
INTAKE_CODE_PREVIOUS_SCRYPT_N = env.list("INTAKE_CODE_PREVIOUS_SCRYPT_N", cast=int, default=[])
# Codes stop working this many days after the request's last activity.
INTAKE_CODE_LIFETIME_DAYS = env.int("INTAKE_CODE_LIFETIME_DAYS", default=365)

# The audit trail is a hash chain keyed with this secret (HMAC-SHA256, audit/chain.py): without
# it nobody with write access to the database can rewrite the trail unnoticed. Its own setting,
# never SECRET_KEY; unset, a key derived from SECRET_KEY is used and `check --deploy` warns. Set it
# before the first migrate and keep it: entries made under another key fail `audit verify`.
AUDIT_CHAIN_KEY = env_secret("AUDIT_CHAIN_KEY", default="")

# Encryption at rest of the most sensitive fields and of uploaded case files and attachments
# (svoboda/encryption): Fernet keys, comma-separated, the first one encrypts and every one
# decrypts. To rotate, put a new key first, run `svoboda rotate_keys`, then drop the old one.
# Never derived from SECRET_KEY, and kept apart from the database and its backups: a backup is
# unreadable without it, and lost keys mean lost data. Generate a key with
# `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
DEVELOPMENT_FIELD_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQtb25seS1ub3QtYS1zZWNyZXQtISE="
FIELD_ENCRYPTION_KEYS = [
    key.strip() for key in env_secret("FIELD_ENCRYPTION_KEYS", default="").split(",") if key.strip()
]
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is not set. Svoboda refuses to start without it outside "
            "development: set FIELD_ENCRYPTION_KEYS (or FIELD_ENCRYPTION_KEYS_FILE) to a Fernet "
            "key, kept apart from the database and its backups (README.md, Configuration)."
        )
    # DEVELOPMENT ONLY, PUBLIC, IN THE REPOSITORY: anything encrypted with it is readable by
    # anyone. Production refuses to start without its own key (above) or with this one (below).
    FIELD_ENCRYPTION_KEYS = [DEVELOPMENT_FIELD_ENCRYPTION_KEY]
if not DEBUG and DEVELOPMENT_FIELD_ENCRYPTION_KEY in FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS holds the public development key: generate a key of your own."
    )
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        _valid = len(base64.urlsafe_b64decode(_key.encode())) == 32
    except (ValueError, binascii.Error):
        _valid = False
    if not _valid:
        # The key itself is never printed: the message may end up in a log.
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 bytes in URL-safe "
            "base64, as Fernet.generate_key() makes them)."
        )

# Phone numbers and identity-document numbers are stored encrypted, so they are found by an HMAC
# of their normalised form (matching.digests), under a key of its own: a copy of the database
# without it cannot be searched for a number. Changing the key needs `svoboda rebuild_name_keys`.
DEVELOPMENT_SEARCH_DIGEST_KEY = "development-only-search-digest-key-not-a-secret"
SEARCH_DIGEST_KEY = env_secret("SEARCH_DIGEST_KEY", default="")
if not SEARCH_DIGEST_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SEARCH_DIGEST_KEY is not set. Svoboda refuses to start without it outside "
            "development: set SEARCH_DIGEST_KEY (or SEARCH_DIGEST_KEY_FILE) to a long random "
            "value, kept apart from the database and its backups (README.md, Configuration)."
        )
    SEARCH_DIGEST_KEY = DEVELOPMENT_SEARCH_DIGEST_KEY
if not DEBUG and (
    SEARCH_DIGEST_KEY == DEVELOPMENT_SEARCH_DIGEST_KEY or len(SEARCH_DIGEST_KEY) < 32
):
    raise ImproperlyConfigured(
        "SEARCH_DIGEST_KEY must be a random value of your own, at least 32 characters long."
    )
# Spreadsheet imports of people (matching.importing): rows per file on the command line, and in
# the workspace, where every row is compared with the branch's people within one request (about
# 10 ms a row, twice: preview and confirmation) and must finish before gunicorn's timeout (30 s).
PEOPLE_IMPORT_MAX_ROWS = env.int("PEOPLE_IMPORT_MAX_ROWS", default=20_000)
PEOPLE_IMPORT_MAX_WORKSPACE_ROWS = env.int("PEOPLE_IMPORT_MAX_WORKSPACE_ROWS", default=1_000)
# The country whose numbering plan applies to a phone number written without a country code.
PHONE_DEFAULT_REGION = env.str("PHONE_DEFAULT_REGION", default="RU")

# Rate limits (django-ratelimit) are counted in the cache, by a hashed client address that is
# never written anywhere else. Several app servers need a shared cache: set CACHE_URL to Redis.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "intake.ratelimit.client_address"
# If the cache is down, people in danger must still be able to write: let the form through.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_HASH_ALGORITHM = "hashlib.sha256"
INTAKE_SUBMIT_RATE = env.str("INTAKE_SUBMIT_RATE", default="5/h")
INTAKE_FOLLOW_UP_RATE = env.str("INTAKE_FOLLOW_UP_RATE", default="10/h")
# Forms that carry files, complete or not (checking photos costs CPU and memory), per address.
INTAKE_UPLOAD_RATE = env.str("INTAKE_UPLOAD_RATE", default="20/h")
# Sign-in throttling (accounts.throttle), in the same cache. Per account: this many failures
# within the window pause sign-in to it for LOGIN_LOCKOUT_MINUTES, doubled at each further
# lockout up to the maximum, so a pause always ends; the number of lockouts is forgotten a quiet
# LOGIN_LOCKOUT_MEMORY_HOURS later. Per client address: failures across all accounts.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_WINDOW_MINUTES = env.int("LOGIN_FAILURE_WINDOW_MINUTES", default=15)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
LOGIN_LOCKOUT_MAX_MINUTES = env.int("LOGIN_LOCKOUT_MAX_MINUTES", default=240)
LOGIN_LOCKOUT_MEMORY_HOURS = env.int("LOGIN_LOCKOUT_MEMORY_HOURS", default=24)
LOGIN_ADDRESS_RATE = env.str("LOGIN_ADDRESS_RATE", default="30/15m")
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be at least 1.")

# Follow-up calls after a survivor's safe return home, in months after the return (assistance).
ASSISTANCE_FOLLOW_UP_MONTHS = env.list("ASSISTANCE_FOLLOW_UP_MONTHS", cast=int, default=[1, 3, 6])

# Posting published articles to the organisation's social channels (broadcast). Each channel
# switches on when its variables are set; with none set nothing is posted anywhere.
# Telegram: one bot (its token from @BotFather), and per language the chat it posts to, e.g.
# SOCIAL_TELEGRAM_CHATS=ru=@svoboda_ru,en=@svoboda_en. The bot must be an admin of each channel.
SOCIAL_TELEGRAM_BOT_TOKEN = env_secret("SOCIAL_TELEGRAM_BOT_TOKEN", default="")
SOCIAL_TELEGRAM_CHATS = env.dict("SOCIAL_TELEGRAM_CHATS", default={})
SOCIAL_TELEGRAM_API_URL = env.str("SOCIAL_TELEGRAM_API_URL", default="https://api.telegram.org")
# A webhook: every post as JSON to this URL, signed with HMAC-SHA256 under the secret. It gets
# the articles of the languages listed (empty: every language).
SOCIAL_WEBHOOK_URL = env.str("SOCIAL_WEBHOOK_URL", default="")
SOCIAL_WEBHOOK_SECRET = env_secret("SOCIAL_WEBHOOK_SECRET", default="")
SOCIAL_WEBHOOK_LANGUAGES = env.list("SOCIAL_WEBHOOK_LANGUAGES", default=[])
# Delivery: attempts per post before it is given up, the first wait after a failure in seconds
# (doubled after each further failure), and the time one request may take.
SOCIAL_MAX_ATTEMPTS = env.int("SOCIAL_MAX_ATTEMPTS", default=8)
SOCIAL_RETRY_SECONDS = env.int("SOCIAL_RETRY_SECONDS", default=60)
SOCIAL_TIMEOUT_SECONDS = env.float("SOCIAL_TIMEOUT_SECONDS", default=10.0)
