from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from powerplay import views

urlpatterns = [
    path("", views.language_redirect, name="root"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("articles.urls")),
    path("", include("series.urls")),
    path("", include("authors.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve,
             {"document_root": settings.MEDIA_ROOT}),
    ]
