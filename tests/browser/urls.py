"""The site's URLs, plus uploaded images served from the test storage.

In production a web server or object storage serves media; the live test server has
neither, and a page with broken images would not show what readers see.
"""

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import path

from powerplay.urls import urlpatterns as site_urlpatterns


def media(request, name: str) -> FileResponse:
    if not default_storage.exists(name):
        raise Http404(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(default_storage.open(name), content_type=content_type)


urlpatterns = [path("media/<path:name>", media), *site_urlpatterns]
