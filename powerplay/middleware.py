"""Site-wide middleware."""

import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

from powerplay.errors import (
    DATABASE_UNAVAILABLE,
    READ_METHODS,
    method_not_allowed,
    service_unavailable,
)

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After, not a 500, while the database cannot be reached.

    Nothing else is needed for recovery: with CONN_HEALTH_CHECKS, the next request after
    the database's return notices the dead connection and opens a new one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.warning("Database unavailable on %s: %s", request.path, exception)
        return service_unavailable(request)


class NullCharacterMiddleware:
    """Answer 400 (powerplay.errors.bad_request's page) to a path holding a NUL character.

    No page's address can hold one, and PostgreSQL refuses to compare text holding it: a
    view looking such a path segment up (a tag, a calendar token) would fail with a 500.
    Query strings are left to the views, which clean (search) or refuse (the API) them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            raise BadRequest("The address holds a NUL character.")
        return self.get_response(request)


class ReadOnlySiteMiddleware:
    """Answer 405 with `Allow: GET, HEAD` to any other method outside the admin.

    Pages, feeds, sitemaps, the API, share links: readers only read, so TRACE, OPTIONS,
    PUT, DELETE, PATCH or POST get the small 405 page in the address's language (JSON
    under the API), never the page itself, Django's empty body or a CSRF failure. The
    admin (its sign-in included) is the only place that takes other methods.

    Decided once the address is resolved (process_view), so an unknown address is still
    a 404, and before CsrfViewMiddleware looks at a POST. The page cache lets every
    method but GET and HEAD through, so a cached address gets this answer too.
    """

    WRITABLE_NAMESPACES = frozenset({"admin"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method in READ_METHODS:
            return None
        match = request.resolver_match
        if match is not None and self.WRITABLE_NAMESPACES & set(match.namespaces):
            return None
        return method_not_allowed(request)
