"""Sitemaps whose hreflang alternates name only the versions that exist.

Django's `i18n = True, alternates = True` mode assumes every item exists in every
language under one object. Here a page's versions are separate rows with their own
slugs, so each sitemap item is one page and the sitemap says which other pages are
its versions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.sitemaps import Sitemap

from core.i18n import PageLanguages, reverse_in
from core.languages import language_codes

# Well under the protocol's 50,000 URLs and 50 MB once each URL carries its alternates.
SECTION_LIMIT = 5000


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


# When a list page last changed: one date for every language, or one per language.
ListLastmod = Callable[[], datetime | dict[str, datetime | None] | None]


@dataclass(frozen=True)
class ListPage:
    """A page whose address differs by language only (the home page, a list), by URL name."""

    name: str
    lastmod: ListLastmod


class ListPagesSitemap(VersionsSitemap):
    """The `pages` in order, each in every language; each app names its own list pages."""

    pages: tuple[ListPage, ...] = ()

    def items(self) -> list[SitemapPage]:
        lastmods: dict[ListLastmod, object] = {}
        items = []
        for page in self.pages:
            # Pages dated by the same rule ask the database once.
            if page.lastmod not in lastmods:
                lastmods[page.lastmod] = page.lastmod()
            lastmod = lastmods[page.lastmod]
            versions = {code: reverse_in(code, page.name) for code in language_codes()}
            for code, location in versions.items():
                when = lastmod.get(code) if isinstance(lastmod, dict) else lastmod
                items.append(SitemapPage(location, when, versions))
        return items

    def location(self, item: SitemapPage) -> str:
        return item.location

    def lastmod(self, item: SitemapPage) -> datetime | None:
        return item.lastmod

    def versions(self, item: SitemapPage) -> dict[str, str]:
        return item.versions
