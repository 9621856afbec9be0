"""The home page and the lists, in every language."""

from datetime import datetime

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation

from articles.models import ArticleTranslation
from authors.models import Author
from core.languages import language_codes
from core.sitemaps import SitemapPage, VersionsSitemap
from series.models import Series


def version_lastmod(prefix: str = "") -> Coalesce:
    """A version's last change a reader could notice, for `lastmod`, as an expression."""
    return Coalesce(f"{prefix}revised_at", f"{prefix}publish_at", f"{prefix}updated_at")


class PageSitemap(VersionsSitemap):
    """The home page and the lists, in every language."""

    names = ("home", "articles:list", "series:list", "authors:list")

    def items(self) -> list[SitemapPage]:
        latest_by_language = dict(
            ArticleTranslation.objects.published()
            .order_by()
            .values_list("language")
            .annotate(latest=Max(version_lastmod()))
        )
        lastmods = {
            "series:list": Series.objects.aggregate(latest=Max("updated_at"))["latest"],
            "authors:list": Author.objects.aggregate(latest=Max("updated_at"))["latest"],
        }
        pages = []
        for name in self.names:
            versions = {}
            for code in language_codes():
                with translation.override(code):
                    versions[code] = reverse(name)
            for code in language_codes():
                lastmod = lastmods.get(name, latest_by_language.get(code))
                pages.append(SitemapPage(versions[code], lastmod, versions))
        return pages

    def location(self, item: SitemapPage) -> str:
        return item.location

    def lastmod(self, item: SitemapPage) -> datetime | None:
        return item.lastmod

    def versions(self, item: SitemapPage) -> dict[str, str]:
        return item.versions
