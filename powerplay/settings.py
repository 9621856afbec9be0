"""
Power Play settings, read from the environment.

Development defaults are safe to run on a laptop; production (DEBUG off) refuses to
start without the settings that must never be guessed.
"""

import importlib.util
import logging
import os
import re
import zoneinfo
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# A blank variable (NAME=) counts as unset everywhere: an empty path would be the working
# directory, an empty time zone no time zone.


def env_text(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    value = env_text(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = env_text(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str) -> list[str]:
    """Items separated by commas or spaces: "a.example, b.example" or "a.example b.example"."""
    return [item for item in re.split(r"[,\s]+", env_text(name)) if item]


def env_path(name: str, default: Path) -> Path:
    value = env_text(name)
    return Path(value).expanduser().resolve() if value else default


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = env_path("POWERPLAY_VAR_DIR", BASE_DIR / "var")


def public_folder(name: str, default: Path) -> Path:
    """A folder the site serves to anyone: never one holding the code, the secret key or
    the SQLite database (STATIC_ROOT=/srv would publish /srv/powerplay/var)."""
    folder = env_path(name, default)
    for private in (BASE_DIR, VAR_DIR):
        if private.is_relative_to(folder.resolve()):
            raise ImproperlyConfigured(
                f"{name}={folder} would publish {private}: give it a folder of its own, "
                f"such as {default}."
            )
    return folder


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: export a long random SECRET_KEY, or set DEBUG=1 "
            "for local development."
        )
    # Only for a developer's own machine: sessions do not survive a restart.
    SECRET_KEY = "django-insecure-development-only-" + os.urandom(16).hex()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set: list the site's host names, comma-separated "
            "(for example ALLOWED_HOSTS=www.example.org)."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
if not DEBUG and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's hosts in production, not '*'."
    )

INSTALLED_APPS = [
    "powerplay.admin_site.PowerPlayAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "powerplay.apps.TagsConfig",
    "core",
    "images",
    "pagecache",
    "search",
    "redirects",
    "archive",
    "articles",
    "authors",
    "series",
    "editorial",
    "api",
    "demo",
    "reversion",
    # Background tasks (the notification e-mails), kept in the database and run by
    # `manage.py db_worker`, which make serve starts beside gunicorn.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # The load balancer's probes, answered before the host check (powerplay.health).
    "powerplay.health.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL in the path is a 400 before any view looks it up in the database.
    "powerplay.middleware.NullCharacterMiddleware",
    # Public pages for everyone but signed-in staff: a hit skips everything below, and
    # is stored with every header the middleware below adds (pagecache.middleware).
    "pagecache.middleware.PageCacheMiddleware",
    # Static files answered before anything else runs (whitenoise).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # ETag from the content where a view set none; answers 304 to pages rendered now.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Outside the admin, GET and HEAD only: any other method is a 405, before CSRF.
    "powerplay.middleware.ReadOnlySiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a signed-in member of staff's browser, so the page cache knows them.
    "pagecache.middleware.StaffMarkerMiddleware",
    "editorial.middleware.EditorTimeZoneMiddleware",
    # What became due (a scheduled update, a withdrawal) is made before the admin reads.
    "editorial.middleware.DueChangesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Looks up only the 404s, so a live page always wins over an old address.
    "redirects.middleware.RedirectFallbackMiddleware",
    # Last, so its process_exception is the first to see a view's database error.
    "powerplay.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "powerplay.urls"
WSGI_APPLICATION = "powerplay.wsgi.application"

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
                "core.context_processors.page_languages",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_text("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'powerplay.sqlite3'}",
            # Seconds a worker keeps its connection; development opens one per request.
            conn_max_age=env_int("CONN_MAX_AGE", 0 if DEBUG else 60),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address ({error}); for example "
        "postgres://user@db.example.org:5432/powerplay."
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails fast into the 503 page instead of holding a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_text("REDIS_URL")


def check_redis_url(url: str) -> None:
    """The cache's address is read on the first page: a typo must stop the start instead."""
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - parsing it is the check
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in {"redis", "rediss", "unix"}
        or (parts.scheme != "unix" and not parts.hostname)
        or (parts.scheme != "unix" and not re.fullmatch(r"/?\d*", parts.path))
    ):
        # Not echoed: the address may carry a password.
        raise ImproperlyConfigured(
            "REDIS_URL is not a Redis address; for example redis://cache.example.org:6379/0."
        )


if REDIS_URL:
    check_redis_url(REDIS_URL)
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache that does not answer is skipped (pagecache.middleware), not waited for.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Lets several sites, or a test run, share one Redis database.
CACHES["default"]["KEY_PREFIX"] = env_text("CACHE_KEY_PREFIX")

# The query parameters that change what a page shows: a list's page, a search, the
# sitemap's page, the API's filters. Any other (utm_source, fbclid, made-up ones) is
# ignored: pages cached without it serve it, and pagination links do not carry it.
PAGE_PARAMETERS = frozenset({"page", "q", "p", "language", "series", "author", "tag",
                             "page_size"})
# The addresses outside every language's pages that the page cache keeps (the API, the
# sitemaps, robots.txt), by their start; previews and share links are not among them.
PAGE_CACHE_PREFIXES = ("/api/", "/sitemap", "/robots.txt")
# Whole public pages for anonymous readers (pagecache.middleware): seconds a page is kept at
# most; every content change and the next scheduled publication end it sooner. 0: off.
# On by default only with Redis: an in-process cache is one per gunicorn worker, and a
# worker would go on serving pages another worker's change made stale.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)
# How many of those pages each worker also keeps in its own memory (pagecache.middleware's
# LocalCopies): a hit then needs one round trip to Redis, not two. 0: none.
PAGE_CACHE_LOCAL_ENTRIES = env_int("PAGE_CACHE_LOCAL_ENTRIES", 200)
# What changes only when content changes (read-more picks, neighbours, the cards of a list),
# kept by each worker until the next change or scheduled instant (pagecache.memo). Exact
# only where every worker reads the same content state: on by default with Redis.
CONTENT_MEMO = env_bool("CONTENT_MEMO", bool(REDIS_URL))
# How many such values each worker keeps at most; the least recently used go first.
CONTENT_MEMO_ENTRIES = env_int("CONTENT_MEMO_ENTRIES", 2000, minimum=1)
# Cache-Control of public pages: browsers revalidate (max-age), a CDN keeps (s-maxage).
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 0)
PAGE_SHARED_MAX_AGE = env_int("PAGE_SHARED_MAX_AGE", 60)

# Tasks run by the worker: stored in the site's database, so a task enqueued in a
# transaction exists only once it commits, and several workers never run one twice.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def email_settings(url: str) -> dict:
    """EMAIL_URL as Django's EMAIL_* settings: smtp://user:password@host:port (STARTTLS
    with ?tls=1), smtps://… (TLS from the start), or console:// to print each message."""
    parts = urlsplit(url)
    backends = {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
    }
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = parts._replace(scheme="")
    if parts.scheme not in backends or (parts.scheme != "console" and not parts.hostname):
        # Not echoed: the address may carry a password.
        raise ImproperlyConfigured(
            "EMAIL_URL is not a mail server's address; for example "
            "smtp://user:password@mail.example.org:587?tls=1, or console://."
        )
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": backends[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0].lower() in {"1", "true", "yes", "on"},
    }


# The notification e-mails (editorial.notifications). EMAIL_URL names the mail server;
# without it, the usual EMAIL_HOST, EMAIL_PORT… variables do, and in development (DEBUG)
# each message is printed to the console instead.
EMAIL_HOST = env_text("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
if env_text("EMAIL_URL"):
    globals().update(email_settings(env_text("EMAIL_URL")))
# A mail server that does not answer delays only the worker, and only this long.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_text("DEFAULT_FROM_EMAIL", "Power Play <noreply@localhost>")
# The site's address as the links in e-mails give it (no request to read it from).
SITE_URL = env_text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The publication's name, on every page, feed and in the admin; what it publishes, in a
# sentence (pages without one of their own, the site feed) and in a few words (the home
# page's title), in every language.
SITE_NAME = env_text("SITE_NAME", "Power Play")
SITE_DESCRIPTION = _("Essays in series on technology and power, in French and English.")
SITE_TAGLINE = _("essays in series on technology and power")

# The languages of the site, declared once: everything else iterates over this.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
]
# OpenGraph locales of LANGUAGES; a language missing here gets "xx_XX" (core.metadata).
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True

TIME_ZONE = env_text("TIME_ZONE", "Europe/Paris")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE={TIME_ZONE!r} is not a time zone name; for example Europe/Paris."
    ) from None
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = public_folder("STATIC_ROOT", VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = env_text("MEDIA_URL", "/media/")
MEDIA_ROOT = public_folder("MEDIA_ROOT", VAR_DIR / "media")

# Uploads on the local disk, or on S3-compatible object storage (the `s3` extra:
# pip install -e ".[s3]"), which several app servers can share.
AWS_STORAGE_BUCKET_NAME = env_text("AWS_STORAGE_BUCKET_NAME")
MEDIA_STORAGE = env_text("MEDIA_STORAGE", "s3" if AWS_STORAGE_BUCKET_NAME else "local")
if MEDIA_STORAGE == "s3":
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "Media on S3 needs the s3 extra: pip install -c requirements.lock -e '.[s3]'."
        )
    _s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        # Images are public: plain addresses a CDN can cache, not expiring signed ones.
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=False),
        "file_overwrite": False,
    }
    MEDIA_STORAGE_BACKEND = {
        "BACKEND": "images.storage.MediaS3Storage",
        "OPTIONS": {key: value for key, value in _s3_options.items() if value is not None},
    }
    if _s3_options["custom_domain"] and "MEDIA_URL" not in os.environ:
        MEDIA_URL = f"https://{_s3_options['custom_domain']}/"
elif MEDIA_STORAGE == "local":
    MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE is either local or s3.")
# Django serves MEDIA_ROOT itself in development only, unless asked (`make serve`); in
# production the web server in front or the object storage does.
SERVE_MEDIA = MEDIA_STORAGE == "local" and env_bool("SERVE_MEDIA", default=DEBUG)

STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    # Production: hashed names cached for good by browsers, gzip copies (collectstatic).
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TAGGIT_CASE_INSENSITIVE = True

# Opt in now to the Django 6 default so URL fields assume https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# HTTPS, cookies and headers. Production is served over HTTPS, by the app or behind a load
# balancer; `make run` (DEBUG=1) speaks plain http on loopback, so it gets none of it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Probes from the load balancer speak plain http to the app process.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets X-Forwarded-Proto itself, overwriting the client's.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of the app that append the client's address to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Joining the browsers' preload list is hard to undo for the whole domain: the operator's
# decision, so off unless asked for, and check --deploy is told so.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# The admin sends the token from the form field, never reads the cookie from a script.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The admin is the only sign-in: a refused `next` lands on its index, not on a 404.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"


def url_origin(url: str) -> str | None:
    """The origin of an absolute URL ("https://media.example.org"); None for a path."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# No inline script or style anywhere, the admin included: its scripts are all static
# files, and JSON-LD blocks are data, which CSP does not block.
_STATIC_ORIGINS = [origin for origin in [url_origin(STATIC_URL)] if origin]
_MEDIA_ORIGINS = [
    origin for origin in [url_origin(MEDIA_URL), *env_list("CSP_IMG_SRC")] if origin
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, *_STATIC_ORIGINS],
        "style-src": [SELF, *_STATIC_ORIGINS],
        "img-src": [SELF, "data:", *_STATIC_ORIGINS, *_MEDIA_ORIGINS],
        "font-src": [SELF, *_STATIC_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOG_LEVEL = env_text("LOG_LEVEL", "INFO").upper()
if not isinstance(logging.getLevelName(LOG_LEVEL), int):
    raise ImproperlyConfigured(
        f"LOG_LEVEL={LOG_LEVEL!r} is not a level: DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
