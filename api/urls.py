"""The read-only JSON content API, version 1; mounted outside i18n_patterns at /api/v1/."""

from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("articles/", views.article_list, name="article_list"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("series/", views.series_list, name="series_list"),
    path("series/<int:pk>/", views.series_detail, name="series_detail"),
    path("authors/", views.author_list, name="author_list"),
    path("authors/<slug:slug>/", views.author_detail, name="author_detail"),
    path("tags/", views.tag_list, name="tag_list"),
    # Anything else under /api/v1/ answers in JSON too; only paths ending in a slash, so
    # CommonMiddleware still adds a missing trailing slash to the real endpoints.
    re_path(r"^.*/$", views.not_found, name="not_found"),
]
