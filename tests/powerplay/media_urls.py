"""The site's addresses with Django serving the media, as in `make run` and `make serve`."""

from powerplay.urls import handler400, handler404, handler500, media_urlpatterns, urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]

urlpatterns = [*urlpatterns, *media_urlpatterns()]
