from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max

from core.sitemaps import ListPage, VersionsSitemap

from .models import Author


def newest_author_change() -> datetime | None:
    return Author.objects.public().aggregate(latest=Max("updated_at"))["latest"]


AUTHOR_LIST = ListPage("authors:list", newest_author_change)


@dataclass(frozen=True)
class AuthorPage:
    author: Author
    language: str
    languages: tuple[str, ...]


class AuthorSitemap(VersionsSitemap):
    """Every public author's page, in each language the author is public in."""

    def items(self) -> list[AuthorPage]:
        public = Author.objects.public()
        languages = public.public_languages()
        authors = public.only("slug", "updated_at").order_by("pk")
        return [AuthorPage(author, code, tuple(languages.get(author.pk, ())))
                for author in authors for code in languages.get(author.pk, ())]

    def location(self, page: AuthorPage) -> str:
        return page.author.get_absolute_url(page.language)

    def lastmod(self, page: AuthorPage) -> datetime:
        return page.author.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return Author.objects.public().aggregate(latest=Max("updated_at"))["latest"]

    def versions(self, page: AuthorPage) -> dict[str, str]:
        return {code: page.author.get_absolute_url(code) for code in page.languages}
