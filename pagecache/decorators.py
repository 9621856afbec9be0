"""Validators of list-like responses."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse


def without_last_modified(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Drop the Last-Modified header a list-like view (a feed, a sitemap) sets.

    Django dates such a response by its newest item, so withdrawing that item moves the
    date back, and a client asking If-Modified-Since the old date would be told 304: the
    withdrawal would stay hidden. The ETag that ConditionalGetMiddleware derives from the
    content changes with any removal, so revalidation keeps working through If-None-Match.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers.pop("Last-Modified", None)
        return response

    return wrapped
