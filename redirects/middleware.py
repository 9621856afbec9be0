from django.http import HttpResponsePermanentRedirect
from django.utils.encoding import escape_uri_path, iri_to_uri

from .models import Redirect


class RedirectFallbackMiddleware:
    """Answer a 404 with a permanent redirect when the address belonged to a renamed page.

    Like django.contrib.redirects' middleware, without the sites framework: only paths
    that found nothing are looked up, so a live page is never shadowed by a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        new_path = (
            Redirect.objects.filter(old_path=escape_uri_path(request.path))
            .values_list("new_path", flat=True)
            .first()
        )
        if new_path is None:
            return response
        query = iri_to_uri(request.META.get("QUERY_STRING", ""))
        return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)
