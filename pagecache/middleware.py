"""The page cache: whole public pages for anonymous readers, never stale.

Three things make a cached page exact:

- The *content generation* (pagecache.invalidation), one number in the cache that every
  page key contains, bumped by any change to what readers see.
- The *next change*: the first future instant a watched schedule names (a scheduled
  publication). It is part of the key and bounds each entry's lifetime, so a page
  cached before a scheduled instant is never served at or after it, with no daemon.
- Who asks: a signed-in member of staff (a signed marker cookie, set and cleared with
  their session by StaffMarkerMiddleware) neither reads nor fills the cache and is
  answered `private, no-cache`. Anybody else is served from the cache, made-up session
  cookies included: the session is never opened for a public page, so public pages do
  not vary on Cookie.
- What is asked: only the query parameters that change a page
  (settings.PAGE_PARAMETERS: a page number, a search) are part of the key; tracking
  and unknown parameters share the entry of the page without them.
- One render after a change: the first request that misses a page renders it; others
  asking for it meanwhile wait for that render (RENDER_WAIT seconds at most) instead of
  rendering it again. No reader is ever served a copy older than the last change.

Each process also keeps its latest pages under the same keys (LocalCopies), and the
state it read for SETTLE seconds (pagecache.state), so a hit mostly asks the shared cache
nothing. The middleware comes right after the
security middleware: a hit skips the session, the language and every view machinery,
and answers conditional requests (If-None-Match) itself.

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

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    get_max_age,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import urlencode

from core.languages import language_codes
from pagecache.backend import CACHE_ERRORS, page_cache, warn_unavailable
from pagecache.state import State, current_state, settle

logger = logging.getLogger("pagecache")

# v2: entries carry their expiry time (freeze()).
PAGE_KEY_PREFIX = "powerplay:page:v2"
# Responses worth keeping: each is decided by the content and the clock alone.
CACHED_STATUSES = frozenset({200, 301, 302, 404})
# Longer kept query strings (a long search) are rendered but not kept.
MAX_QUERY_STRING = 200
CACHE_HEADER = "X-Page-Cache"
# The marker of a signed-in member of staff (StaffMarkerMiddleware).
STAFF_COOKIE = "pp_staff"
STAFF_SALT = "pagecache.staff"
# While one request renders a page, the others asking for it wait this long at most,
# looking for the result this often; the renderer's claim lapses after RENDER_LOCK.
RENDER_WAIT = 2.0
RENDER_POLL = 0.02
RENDER_LOCK = 10


# What a page key is made of ---------------------------------------------------------


def kept_query(request: HttpRequest) -> str:
    """The query parameters that change the page (settings.PAGE_PARAMETERS), in order."""
    kept = [
        (name, value)
        for name, values in sorted(request.GET.lists())
        if name in settings.PAGE_PARAMETERS
        for value in values
    ]
    return urlencode(kept)


def page_key(request: HttpRequest, state: State, language: str) -> str | None:
    """The key of this page at this generation, before this next change; None when the
    kept query is too long to be worth keeping.

    HEAD shares GET's entry. The host and scheme are in it because pages carry absolute
    addresses (canonical links, feeds); the language because pages outside /fr/ and /en/
    (the API, the sitemap) are answered in the browser's language's headers.
    """
    query = kept_query(request)
    if len(query) > MAX_QUERY_STRING:
        return None
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    instant = state.next_change.timestamp() if state.next_change else "none"
    return f"{PAGE_KEY_PREFIX}:{state.generation}:{instant}:{language}:{digest}"


def drops_parameters(request: HttpRequest) -> bool:
    """Whether the request carries parameters its key leaves out (tracking, unknown)."""
    return any(name not in settings.PAGE_PARAMETERS for name in request.GET)


# Which requests and responses --------------------------------------------------------


def public_prefixes() -> tuple[str, ...]:
    """The paths of pages readers share: every language's pages, and the project's own
    (settings.PAGE_CACHE_PREFIXES: the API, the sitemaps)."""
    return (*(f"/{code}/" for code in language_codes()), *settings.PAGE_CACHE_PREFIXES)


def is_public_page(request: HttpRequest) -> bool:
    """Previews live in the admin and share links under /share/: neither is public."""
    return request.path_info.startswith(public_prefixes())


def is_staff(request: HttpRequest) -> bool:
    """A signed-in member of staff, known without opening the session: by the signed
    marker StaffMarkerMiddleware sets beside their session cookie. A made-up session
    cookie is not one."""
    if STAFF_COOKIE not in request.COOKIES:
        return False
    return request.get_signed_cookie(
        STAFF_COOKIE, default=None, salt=STAFF_SALT, max_age=settings.SESSION_COOKIE_AGE
    ) is not None


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


def find(key: str) -> tuple | None:
    """The stored page under `key`: this process's copy, else the shared cache's."""
    stored = local_copies.get(key)
    if stored is None:
        try:
            stored = page_cache().get(key)
        except CACHE_ERRORS as error:
            warn_unavailable("read", error)
        if stored is not None:
            local_copies.put(key, stored)
    return stored


class RenderClaim:
    """One renderer per page: the first request to miss claims the page's key; the
    others wait for its result, or render themselves if it never comes."""

    def __init__(self, key: str) -> None:
        self.key = f"{key}:rendering"
        self.held = False

    def take(self) -> bool:
        try:
            self.held = page_cache().add(self.key, 1, timeout=RENDER_LOCK)
        except CACHE_ERRORS as error:
            warn_unavailable("claim", error)
            self.held = True  # Nobody can coordinate: render.
        return self.held

    def wait_for(self, key: str) -> tuple | None:
        """The page another request is rendering, once it is stored; None if it is not
        stored within RENDER_WAIT (it could not be kept, or its renderer is gone)."""
        deadline = time.monotonic() + RENDER_WAIT
        while time.monotonic() < deadline:
            time.sleep(RENDER_POLL)
            stored = find(key)
            if stored is not None:
                return stored
            try:
                if page_cache().get(self.key) is None:
                    return find(key)
            except CACHE_ERRORS:
                return None
        return None

    def release(self) -> None:
        if self.held:
            try:
                page_cache().delete(self.key)
            except CACHE_ERRORS as error:
                warn_unavailable("claim", error)
            self.held = False


class PageCacheMiddleware:
    """Serve public pages from the page cache to everyone but signed-in staff, and fill it.

    Sits right after the security middleware, so a hit skips the session, the language,
    CSRF, authentication and messages; a miss goes through them all. Conditional
    requests are answered here for hits (ConditionalGetMiddleware, further in, answers
    misses).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.answer(request)
        # A request that changed content is finished only once every process trusts
        # its reading of the state no longer (pagecache.state).
        settle()
        return response

    def answer(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not is_public_page(request):
            return self.get_response(request)
        now = timezone.now()
        # Read for every public page, cached or not: reading it makes the scheduled
        # changes due by now happen first (pagecache.state.make_due_changes).
        state = current_state(now)
        if settings.PAGE_CACHE_SECONDS <= 0:
            # Off means off: nothing tells a CDN it may keep a page either.
            return self.get_response(request)
        if is_staff(request):
            response = self.get_response(request)
            keep_private(response)
            return response
        key = None
        claim = None
        if state is not None and state.generation is not None:
            language = translation.get_language_from_request(request, check_path=True)
            key = page_key(request, state, language)
        if key is not None:
            stored = find(key)
            if stored is None:
                claim = RenderClaim(key)
                if not claim.take():
                    stored = claim.wait_for(key)
            if stored is not None:
                return self.hit(request, stored, state, now)
        try:
            response = self.get_response(request)
            if state is None or not is_shareable(response):
                return response
            self.keep(request, response, key, state)
        finally:
            if claim is not None:
                claim.release()
        response[CACHE_HEADER] = "miss"
        return response

    def hit(self, request, stored: tuple, state: State, now) -> HttpResponse:
        response = thaw(stored)
        share_publicly(response, state.seconds_left(now))
        response[CACHE_HEADER] = "hit"
        if "HTTP_IF_NONE_MATCH" in request.META and response.has_header("ETag"):
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    def keep(self, request, response: HttpResponse, key: str | None, state: State) -> None:
        if not response.has_header("ETag"):
            # Hits then carry the same validator as this first answer.
            set_response_etag(response)
        # The view read the clock after `now`: bound by what is left once it is done.
        seconds_left = state.seconds_left(timezone.now())
        # A redirect keeps the query string it was asked with: one asked with tracking
        # parameters is not stored for the requests without them.
        keepable = key is not None and response.status_code in CACHED_STATUSES and not (
            response.status_code in (301, 302) and drops_parameters(request)
        )
        if keepable:
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


class StaffMarkerMiddleware:
    """Keep the staff marker (is_staff) beside a signed-in member of staff's session.

    Set when a request outside the public pages (the admin, its sign-in) finds a staff
    login, cleared when it finds none; public pages never open the session.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_public_page(request):
            return response
        user = getattr(request, "user", None)
        staff = bool(user is not None and user.is_authenticated and user.is_active
                     and user.is_staff)
        if staff and not is_staff(request):
            response.set_signed_cookie(
                STAFF_COOKIE, "1", salt=STAFF_SALT, max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE, httponly=True,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        elif not staff and STAFF_COOKIE in request.COOKIES:
            response.delete_cookie(STAFF_COOKIE, samesite=settings.SESSION_COOKIE_SAMESITE)
        return response


