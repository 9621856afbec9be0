"""The site's addresses, and one slow public page whose renders are counted."""

import threading
import time

from django.http import HttpResponse
from django.urls import path

from powerplay.urls import urlpatterns as site

renders: list[float] = []
_lock = threading.Lock()


def slow_page(request):
    with _lock:
        renders.append(time.monotonic())
    time.sleep(0.3)
    return HttpResponse(f"rendered {len(renders)} times")


def slow_page_with_a_cookie(request):
    """A page meant for one reader only: the page cache may not share it."""
    response = slow_page(request)
    response.set_cookie("seen", "1")
    return response


urlpatterns = [
    path("en/slow/", slow_page),
    path("en/slow-with-a-cookie/", slow_page_with_a_cookie),
    *site,
]
