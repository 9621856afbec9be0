"""HTTP plumbing of the JSON API: errors, caching headers, query parameters, pagination."""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import conditional_page

from core.languages import language_codes

# Every address under it is the API's, answered in JSON, errors included (powerplay.errors).
API_PREFIX = "/api/"
MAX_AGE = 60
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
ALLOWED_METHODS = ("GET", "HEAD")
# Longer digit strings read as "too large" rather than being converted and sent to the
# database, where they would overflow a 64-bit key.
MAX_DIGITS = 18
TOO_LARGE = 10**MAX_DIGITS
JSON_PARAMS = {"ensure_ascii": False}
# These only ever occur inside JSON strings, so escaping them changes no value; a body
# echoing "<script>" (an unknown parameter value, a hostile title) is then never markup,
# even to a client that sniffs it as HTML.
_HTML_CHARACTERS = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class HtmlSafeJSONEncoder(DjangoJSONEncoder):
    """JSON with <, > and & written as \\u escapes, like Django's json_script()."""

    def encode(self, o: Any) -> str:
        return super().encode(o).translate(_HTML_CHARACTERS)


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


class ApiError(Exception):
    """A client-facing failure, answered as {"error": message} with `status`.

    The one shape of every error the API answers: its views' own, and those the project
    answers for it (powerplay.errors: 400, 404, 405, 500, 503).
    """

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> JsonResponse:
        response = JsonResponse(
            {"error": self.message}, status=self.status, encoder=HtmlSafeJSONEncoder,
            json_dumps_params=JSON_PARAMS,
        )
        # A 404 may turn into an article a minute later, when its publish time comes.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


def api_view(view: Callable[..., dict]) -> Callable[..., HttpResponse]:
    """Turn a view returning a dict into a cacheable JSON endpoint that only answers GET.

    The ETag is a hash of the body (Django's ConditionalGetMiddleware, as a decorator):
    the answer depends on rows without a change stamp (series texts, bios, links, tags)
    and on the clock (a scheduled version going public), so no cheaper fingerprint is
    always right; hashing still spares clients the download when nothing changed.
    """

    @csrf_exempt  # Read-only: a POST must get the 405 below, not a CSRF page.
    @conditional_page
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            return method_not_allowed()
        try:
            refuse_null_characters(request)
            data = view(request, *args, **kwargs)
        except ApiError as error:
            return error.response()
        response = JsonResponse(data, encoder=HtmlSafeJSONEncoder, json_dumps_params=JSON_PARAMS)
        # Say what the answer holds; LocaleMiddleware would name the browser's language.
        language = text_param(request, "language")
        response["Content-Language"] = (
            language if language in language_codes() else ", ".join(language_codes())
        )
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper


def nothing_here(request: HttpRequest) -> ApiError:
    """The 404 of any address under the API that names nothing."""
    return ApiError(
        404,
        _("There is nothing at this address; the endpoints are listed at %(url)s.")
        % {"url": request.build_absolute_uri(reverse("api:index"))},
    )


def method_not_allowed() -> JsonResponse:
    """The 405 of every endpoint: the API only reads."""
    response = ApiError(405, _("This API is read-only: use GET.")).response()
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def refuse_null_characters(request: HttpRequest) -> None:
    """PostgreSQL cannot compare text holding NUL; such a query is malformed anyway."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise ApiError(400, _("Query parameters cannot contain null characters."))


def text_param(request: HttpRequest, name: str) -> str | None:
    """A query parameter; an empty value counts as not given, as HTML forms send them."""
    return request.GET.get(name) or None


def digits_value(raw: str) -> int | None:
    """The value of a string of ASCII digits, or None when it is not one."""
    if not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw) if len(raw) <= MAX_DIGITS else TOO_LARGE


def language_param(request: HttpRequest) -> str | None:
    language = text_param(request, "language")
    if language is not None and language not in language_codes():
        raise ApiError(
            400,
            _("Unknown language “%(language)s”; use one of: %(languages)s.")
            % {"language": language, "languages": ", ".join(language_codes())},
        )
    return language


def id_param(request: HttpRequest, name: str) -> int | None:
    raw = text_param(request, name)
    if raw is None:
        return None
    value = digits_value(raw)
    if value is None:
        raise ApiError(
            400, _("%(name)s must be an id, a whole number.") % {"name": name}
        )
    return value


def _count_param(request: HttpRequest, name: str, default: int, maximum: int | None) -> int:
    raw = text_param(request, name)
    if raw is None:
        return default
    value = digits_value(raw)
    if value is not None and value >= 1 and (maximum is None or value <= maximum):
        return value
    if maximum is None:
        raise ApiError(400, _("%(name)s must be a whole number from 1 up.") % {"name": name})
    raise ApiError(
        400,
        _("%(name)s must be a whole number from 1 to %(maximum)s.")
        % {"name": name, "maximum": maximum},
    )


def paginate(
    request: HttpRequest, queryset, serialise: Callable[[Sequence], list[dict]]
) -> dict:
    """The envelope of a list: counts, neighbour page links and the serialised page."""
    size = _count_param(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    number = _count_param(request, "page", 1, None)
    paginator = Paginator(queryset, size)
    if number > paginator.num_pages:
        raise ApiError(
            400,
            ngettext(
                "This page does not exist: there is %(pages)s page.",
                "This page does not exist: there are %(pages)s pages.",
                paginator.num_pages,
            )
            % {"pages": paginator.num_pages},
        )
    page = paginator.page(number)
    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "next": page_url(request, number + 1) if page.has_next() else None,
        "previous": page_url(request, number - 1) if page.has_previous() else None,
        "results": serialise(page.object_list),
    }


def page_url(request: HttpRequest, number: int) -> str:
    """This list's address with another page number, keeping the other parameters."""
    query = request.GET.copy()
    for name in list(query):
        # Only what changes the answer: a tracking parameter must not make it differ.
        if name not in settings.PAGE_PARAMETERS:
            del query[name]
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
