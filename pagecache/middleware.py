"""The page cache: whole public pages for anonymous readers, never stale.

Three things make a cached page exact:

- The *content generation* (pagecache.invalidation), one number in the cache that every
  page key contains, bumped by any change to what readers see.
- The *next change*: the first future instant a watched schedule names (a scheduled
  publication). It is part of the key and bounds each entry's lifetime, so a page
  cached before a scheduled instant is never served at or after it, with no daemon.
- Who asks: a request carrying a session cookie (a signed-in editor) or an
  Authorization header neither reads nor fills the cache and is answered
  `private, no-cache`. The session itself is never opened for anyone else, so public
  pages do not vary on Cookie.

Each process also keeps its latest pages under the same keys (LocalCopies), so a hit
asks the shared cache for the state only.

The cache is an optimisation only: when its backend fails, pages are rendered as if it
were empty, and a warning is logged.

Why this is ours and not Django's cache middleware: Django's keys a page by its URL and
headers only, so it cannot end every page at once when content changes, nor at a
scheduled instant; and it opens the session of every request to decide.
"""

import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_max_age,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from core.languages import language_codes
from pagecache.backend import CACHE_ERRORS, page_cache, warn_unavailable
from pagecache.invalidation import GENERATION_KEY, next_change_after

logger = logging.getLogger("pagecache")

NEXT_CHANGE_KEY = "powerplay:next-change"
# v2: entries carry their expiry time (freeze()).
PAGE_KEY_PREFIX = "powerplay:page:v2"
# Responses worth keeping: each is decided by the content and the clock alone.
CACHED_STATUSES = frozenset({200, 301, 302, 404})
# Longer query strings (tracking parameters, probes) are rendered but not kept.
MAX_QUERY_STRING = 200
CACHE_HEADER = "X-Page-Cache"


# What a page key is made of ---------------------------------------------------------


@dataclass(frozen=True)
class State:
    """What every page key of this moment shares."""

    generation: int | None
    next_change: datetime | None

    def seconds_left(self, now: datetime) -> float | None:
        """How long a page rendered at `now` stays right; None: until content changes."""
        if self.next_change is None:
            return None
        return (self.next_change - now).total_seconds()


def current_state(now: datetime) -> State | None:
    """The generation and the next change after `now`; None if neither can be known.

    The next change is read from the database once per generation and kept in the
    cache beside it, until its instant comes.
    """
    generation = None
    try:
        cache_backend = page_cache()
        found = cache_backend.get_many([GENERATION_KEY, NEXT_CHANGE_KEY])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache_backend.add(GENERATION_KEY, time.time_ns(), timeout=None)
            generation = cache_backend.get(GENERATION_KEY)
        stored = found.get(NEXT_CHANGE_KEY)
        if stored is not None and stored[0] == generation and (
            stored[1] is None or stored[1] > now
        ):
            return State(generation, stored[1])
    except CACHE_ERRORS as error:
        warn_unavailable("read", error)
        generation = None
    try:
        following = next_change_after(now)
    except DatabaseError as error:
        logger.warning("Next change unknown, page not cached: %r", error)
        return None
    if generation is not None:
        try:
            page_cache().set(NEXT_CHANGE_KEY, (generation, following), timeout=None)
        except CACHE_ERRORS as error:
            warn_unavailable("write", error)
    return State(generation, following)


def page_key(request: HttpRequest, state: State) -> str:
    """The key of this page at this generation, before this next change.

    HEAD shares GET's entry. The host and scheme are in it because pages carry absolute
    addresses (canonical links, feeds); the language because pages outside /fr/ and /en/
    (the API, the sitemap) are answered in the browser's language's headers.
    """
    address = request.build_absolute_uri().encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(address).hexdigest()[:40]
    instant = state.next_change.timestamp() if state.next_change else "none"
    language = translation.get_language() or ""
    return f"{PAGE_KEY_PREFIX}:{state.generation}:{instant}:{language}:{digest}"


# Which requests and responses --------------------------------------------------------


def public_prefixes() -> tuple[str, ...]:
    """The paths of pages readers share: every language's pages, and the project's own
    (settings.PAGE_CACHE_PREFIXES: the API, the sitemaps)."""
    return (*(f"/{code}/" for code in language_codes()), *settings.PAGE_CACHE_PREFIXES)


def is_public_page(request: HttpRequest) -> bool:
    """Previews live in the admin and share links under /share/: neither is public."""
    return request.path_info.startswith(public_prefixes())


def is_anonymous(request: HttpRequest) -> bool:
    """No sign of a login, checked without opening the session (which adds Vary: Cookie)."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def cache_control(response: HttpResponse) -> set[str]:
    return {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def is_shareable(response: HttpResponse) -> bool:
    """A response any reader may be given: no cookie, no private header, a kept status.

    A 304 (the API answers those itself) is shareable too, only never stored.
    """
    return (
        response.status_code in CACHED_STATUSES | {304}
        and not response.streaming
        and not response.cookies
        and not cache_control(response) & {"private", "no-cache", "no-store"}
        and get_max_age(response) != 0
        and not has_vary_header(response, "Cookie")
        and not has_vary_header(response, "*")
    )


def freeze(response: HttpResponse, timeout: int) -> tuple:
    """What the cache keeps of a response, with the time it stops being served."""
    headers = [(k, v) for k, v in response.items() if k.lower() != CACHE_HEADER.lower()]
    return response.status_code, headers, response.content, time.time() + timeout


class LocalCopies:
    """This process's copies of the pages it cached or found lately, by page key.

    A hit found here costs one round trip to the shared cache (the current state) instead
    of two, and no unpickling. Nothing needs invalidating: a page key names one content
    generation and one next change, so what is stored under it never changes, and
    the shared cache, asked on every request, says which keys are current. A copy lives
    no longer than the shared entry it copies; the least recently used go first.
    """

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple | None:
        with self._lock:
            stored = self._entries.get(key)
            if stored is None:
                return None
            if stored[-1] <= time.time():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return stored

    def put(self, key: str, stored: tuple) -> None:
        size = settings.PAGE_CACHE_LOCAL_ENTRIES
        with self._lock:
            self._entries[key] = stored
            self._entries.move_to_end(key)
            while len(self._entries) > size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


local_copies = LocalCopies()


def thaw(stored: tuple) -> HttpResponse:
    status, headers, content, _expires = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def share_publicly(response: HttpResponse, seconds_left: float | None) -> None:
    """Let browsers and a CDN keep the page, never past the next change.

    Browsers revalidate at once (a 304 when nothing changed), so a reader or an editor
    never sees an old copy from their own browser; a CDN may keep it PAGE_SHARED_MAX_AGE
    seconds. A view that chose its own header (the API) keeps it, bounded the same way.
    """
    bound = math.inf if seconds_left is None else max(0, math.floor(seconds_left))
    if response.has_header("Cache-Control"):
        if "max-age" in response["Cache-Control"]:
            patch_cache_control(response, max_age=int(min(get_max_age(response), bound)))
    else:
        patch_cache_control(
            response,
            public=True,
            max_age=int(min(settings.PAGE_MAX_AGE, bound)),
            s_maxage=int(min(settings.PAGE_SHARED_MAX_AGE, bound)),
        )
    patch_vary_headers(response, ["Accept-Encoding"])


def keep_private(response: HttpResponse) -> None:
    """A signed-in editor's copy: theirs only, checked with the server each time."""
    if not cache_control(response) & {"private", "no-store"}:
        response["Cache-Control"] = "private, no-cache"
    response[CACHE_HEADER] = "bypass"


class PageCacheMiddleware:
    """Serve anonymous readers' public pages from the page cache, and fill it.

    Sits after LocaleMiddleware (the language is known) and before everything that
    concerns a signed-in user, so a hit skips CSRF, authentication and messages.
    ConditionalGetMiddleware, outside it, answers 304 to hits and misses alike.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method not in ("GET", "HEAD")
            or not is_public_page(request)
        ):
            # Off means off: without the page cache nothing knows the next change,
            # so nothing tells a CDN it may keep a page either.
            return self.get_response(request)
        if not is_anonymous(request):
            response = self.get_response(request)
            keep_private(response)
            return response
        now = timezone.now()
        state = current_state(now)
        key = None
        if (
            state is not None
            and state.generation is not None
            and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
        ):
            key = page_key(request, state)
            stored = local_copies.get(key)
            if stored is None:
                try:
                    stored = page_cache().get(key)
                except CACHE_ERRORS as error:
                    warn_unavailable("read", error)
                if stored is not None:
                    local_copies.put(key, stored)
            if stored is not None:
                response = thaw(stored)
                share_publicly(response, state.seconds_left(now))
                response[CACHE_HEADER] = "hit"
                return response
        response = self.get_response(request)
        if state is None or not is_shareable(response):
            return response
        if not response.has_header("ETag"):
            # Hits then carry the same validator as this first answer.
            set_response_etag(response)
        # The view read the clock after `now`: bound by what is left once it is done.
        seconds_left = state.seconds_left(timezone.now())
        if key is not None and response.status_code in CACHED_STATUSES:
            timeout = settings.PAGE_CACHE_SECONDS
            if seconds_left is not None:
                timeout = min(timeout, math.floor(seconds_left))
            if timeout >= 1:
                stored = freeze(response, timeout)
                try:
                    page_cache().set(key, stored, timeout)
                except CACHE_ERRORS as error:
                    warn_unavailable("write", error)
                else:
                    local_copies.put(key, stored)
        share_publicly(response, seconds_left)
        response[CACHE_HEADER] = "miss"
        return response
