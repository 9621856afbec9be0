from datetime import datetime

from django.db.models import Max, Prefetch

from core.sitemaps import ListPage, SitemapPage, VersionsSitemap

from .models import ArticleTranslation, TaggedArticleTranslation, reader_modified_expression
from .tags import tag_url


def newest_change_by_language() -> dict[str, datetime]:
    """When readers last saw an article appear or change, in each language."""
    return dict(
        ArticleTranslation.objects.published()
        .order_by()
        .values_list("language")
        .annotate(latest=Max(reader_modified_expression()))
    )


ARTICLE_LIST = ListPage("articles:list", newest_change_by_language)


class ArticleSitemap(VersionsSitemap):
    """Every public version; its alternates are the other public versions of its article."""

    def items(self):
        return (
            ArticleTranslation.objects.published()
            .only("article_id", "language", "slug", "status", "publish_at", "revised_at")
            .prefetch_related(
                Prefetch(
                    "article__versions",
                    queryset=ArticleTranslation.objects.published().only(
                        "article_id", "language", "slug"
                    ),
                    to_attr="public_versions",
                )
            )
            .order_by("pk")
        )

    def lastmod(self, version: ArticleTranslation) -> datetime:
        return version.reader_modified_at

    def get_latest_lastmod(self) -> datetime | None:
        return ArticleTranslation.objects.published().aggregate(
            latest=Max(reader_modified_expression())
        )["latest"]

    def versions(self, version: ArticleTranslation) -> dict[str, str]:
        others = version.article.public_versions
        return {other.language: other.get_absolute_url() for other in others}


class TagSitemap(VersionsSitemap):
    """A tag's page in each language where a public version carries the tag.

    Tags belong to one language, so a tag page names no other version.
    """

    def items(self) -> list[SitemapPage]:
        rows = (
            TaggedArticleTranslation.objects.filter(
                content_object__in=ArticleTranslation.objects.published()
            )
            .values_list("tag__slug", "content_object__language")
            .annotate(lastmod=Max(reader_modified_expression("content_object__")))
            .order_by("content_object__language", "tag__slug")
        )
        return [SitemapPage(tag_url(slug, language), lastmod) for slug, language, lastmod in rows]

    def location(self, item: SitemapPage) -> str:
        return item.location

    def lastmod(self, item: SitemapPage) -> datetime | None:
        return item.lastmod
