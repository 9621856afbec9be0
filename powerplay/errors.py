"""What readers see when the site cannot serve a page: a branded 400, 404, 405, 500 or 503
page; under the API's addresses, its JSON error instead (api.http.ApiError)."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseServerError,
)
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views import defaults

from api.http import ApiError, is_api_request, nothing_here
from api.http import method_not_allowed as api_method_not_allowed

logger = logging.getLogger(__name__)

# Errors of a database that is down, restarting or unreachable: they pass by themselves.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
# What public addresses answer to: reading, never changing (ReadOnlySiteMiddleware).
READ_METHODS = ("GET", "HEAD")


def service_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """The branded 503 page, in the active language, built without the database; the
    API's JSON error for the API's addresses.

    The template is rendered without the request, so no context processor runs: none of
    them may open the session or the user, which live in the database.
    """
    if request is not None and is_api_request(request):
        response = ApiError(
            503, gettext("The service is briefly unavailable; try again in a minute.")
        ).response()
    else:
        try:
            content = loader.render_to_string("503.html")
            content_type = "text/html; charset=utf-8"
        except Exception:
            logger.exception("The 503 page could not be rendered.")
            content, content_type = "Service unavailable", "text/plain; charset=utf-8"
        response = HttpResponse(content, content_type=content_type, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Keep shared caches from serving the outage after the database is back.
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a database outage met outside a view (in a middleware) is still a 503."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        logger.warning("Database unavailable: %s", error)
        return service_unavailable(request)
    if is_api_request(request):
        return ApiError(500, gettext("The server failed to answer this request.")).response()
    try:
        return defaults.server_error(request, template_name=template_name)
    except Exception:
        logger.exception("The 500 page could not be rendered.")
        return HttpResponseServerError("Server error", content_type="text/plain")


def bad_request(
    request: HttpRequest, exception: Exception, template_name: str = "400.html"
) -> HttpResponse:
    """handler400: the branded page in the address's language, built without the database.

    A 400 can be raised before LocaleMiddleware has run (NullCharacterMiddleware, a
    foreign host), while the active language is whatever this thread served last: the
    language is the path's prefix, else the one LocaleMiddleware chose, else the default.
    Like Django's own handler, nothing of the exception is shown.
    """
    language = (
        translation.get_language_from_path(request.path_info)
        or getattr(request, "LANGUAGE_CODE", None)
        or settings.LANGUAGE_CODE
    )
    if is_api_request(request):
        # The API's addresses carry no language: its clients say theirs in Accept-Language.
        with translation.override(translation.get_language_from_request(request)):
            message = gettext("This request is malformed; check its address and parameters.")
        return ApiError(400, message).response()
    try:
        with translation.override(language):
            content = loader.render_to_string(template_name)
    except Exception:
        logger.exception("The 400 page could not be rendered.")
        return HttpResponseBadRequest("Bad request", content_type="text/plain")
    return HttpResponseBadRequest(content)


def page_not_found(
    request: HttpRequest, exception: Exception, template_name: str = "404.html"
) -> HttpResponse:
    """handler404: Django's, with the branded page; the API's JSON under its addresses."""
    if is_api_request(request):
        return nothing_here(request).response()
    return defaults.page_not_found(request, exception, template_name=template_name)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    """The 405 of a public address asked anything but GET or HEAD, with its Allow header:
    a small page in the address's language (LocaleMiddleware has chosen it), built
    without the database; the API's JSON under its addresses."""
    if is_api_request(request):
        return api_method_not_allowed()
    try:
        content = loader.render_to_string("405.html")
    except Exception:
        logger.exception("The 405 page could not be rendered.")
        return HttpResponseNotAllowed(
            READ_METHODS, "Method not allowed", content_type="text/plain; charset=utf-8"
        )
    return HttpResponseNotAllowed(READ_METHODS, content)
