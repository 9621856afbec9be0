"""The site's addresses, and an API endpoint with a bug, for the API's 500."""

from django.urls import path

from powerplay.urls import handler400, handler404, handler500  # noqa: F401 - the handlers
from powerplay.urls import urlpatterns as site


def broken(request):
    raise RuntimeError("A bug in an endpoint")


urlpatterns = [path("api/v1/broken/", broken), *site]
