from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleTranslation
from articles.sitemaps import ARTICLE_LIST, ArticleSitemap, TagSitemap
from authors.sitemaps import AUTHOR_LIST, AuthorSitemap
from core.sitemaps import ListPagesSitemap
from editorial.views import calendar_feed
from images.delivery import serve_media
from pagecache.decorators import without_last_modified
from powerplay import health, robots, views
from search.views import SearchView
from series import views as series_views
from series.sitemaps import HOME, SERIES_LIST, SeriesSitemap

# Branded and in the address's language, even when raised before LocaleMiddleware.
handler400 = "powerplay.errors.bad_request"
# Django's page, or the API's JSON under /api/.
handler404 = "powerplay.errors.page_not_found"
# A database outage met outside a view is a 503 too, not a 500.
handler500 = "powerplay.errors.server_error"


class PageSitemap(ListPagesSitemap):
    """The home page and the lists, in every language."""

    pages = (HOME, ARTICLE_LIST, SERIES_LIST, AUTHOR_LIST)


# Classes, not instances: each request builds its own, so visibility is decided then.
SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "series": SeriesSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}

urlpatterns = [
    path("", views.language_redirect, name="root"),
    path("admin/", admin.site.urls),
    path("robots.txt", robots.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Revalidated by their ETag only: a date would go back when a page is withdrawn.
    path("sitemap.xml", without_last_modified(sitemap_views.index),
         {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", without_last_modified(sitemap_views.sitemap),
         {"sitemaps": SITEMAPS}, name="sitemap-section"),
    # One address for every language: the API's answers do not depend on the reader's.
    path("api/v1/", include("api.urls")),
    # Outside the admin and any login: the secret token in the address is the key.
    path("calendar/<str:token>.ics", calendar_feed, name="editorial-calendar-feed"),
    path("", include("editorial.urls")),
]

urlpatterns += i18n_patterns(
    path("", series_views.home, name="home"),
    # Readers find what every other public page shows them, and nothing else.
    path(_("search/"), SearchView.as_view(
        documents=ArticleTranslation.objects.published,
        result_template="articles/search_result.html",
    ), name="search"),
    path("", include("articles.urls")),
    path("", include("series.urls")),
    path("", include("authors.urls")),
    prefix_default_language=True,
)


def media_urlpatterns() -> list:
    """Uploaded files under MEDIA_URL, served by Django (`make run`, `make serve`)."""
    return [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media")]


if settings.SERVE_MEDIA:
    urlpatterns += media_urlpatterns()
