"""Sitemaps whose hreflang alternates name only the versions that exist.

Django's `i18n = True, alternates = True` mode assumes every item exists in every
language under one object. Here a page's versions are separate rows with their own
slugs, so each sitemap item is one page and the sitemap says which other pages are
its versions.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.sitemaps import Sitemap

from core.i18n import PageLanguages

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
