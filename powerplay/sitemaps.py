"""Sitemaps whose hreflang alternates name only the versions that exist.

Django's `i18n = True, alternates = True` mode assumes every item exists in every
language under one object. Here a page's versions are separate rows with their own
slugs, so each sitemap item is one page and the sitemap says which other pages are
its versions.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation

from articles.models import ArticleTranslation
from authors.models import Author
from powerplay.i18n import PageLanguages
from powerplay.languages import language_codes
from series.models import Series

# Well under the protocol's 50,000 URLs and 50 MB once each URL carries its alternates.
SECTION_LIMIT = 5000



def version_lastmod(prefix: str = "") -> Coalesce:
    """A version's last change a reader could notice, for `lastmod`, as an expression."""
    return Coalesce(f"{prefix}revised_at", f"{prefix}publish_at", f"{prefix}updated_at")


@dataclass(frozen=True)
class SitemapPage:
    """A page that is not a model row: where it is, when it changed, its versions."""

    location: str
    lastmod: datetime | None = None
    versions: dict[str, str] = field(default_factory=dict)


class VersionsSitemap(Sitemap):
    """A sitemap whose items say which language versions they have (`versions(item)`)."""

    limit = SECTION_LIMIT

    def versions(self, item) -> dict[str, str]:
        """Language → path of every version of the item's page, itself included."""
        return {}

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            versions = self.versions(url["item"])
            if not versions:
                continue
            # Order as the page head does, so both name the same x-default.
            ordered = PageLanguages(current="", versions=dict(sorted(versions.items())))
            links = [*ordered.alternates, ("x-default", ordered.x_default)]
            url["alternates"] = [
                {"lang_code": code, "location": f"{protocol}://{domain}{path}"}
                for code, path in links
            ]
        return urls


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
