from datetime import datetime

from django.db.models import Max, Prefetch

from core.sitemaps import SitemapPage, VersionsSitemap
from powerplay.sitemaps import version_lastmod

from .models import ArticleTranslation, TaggedArticleTranslation
from .tags import tag_url


class ArticleSitemap(VersionsSitemap):
    """Every public version; its alternates are the other public versions of its article."""

    def items(self):
        return (
            ArticleTranslation.objects.published()
            .only("article_id", "language", "slug", "publish_at", "revised_at", "updated_at")
            .prefetch_related(
                Prefetch(
                    "article__translations",
                    queryset=ArticleTranslation.objects.published().only(
                        "article_id", "language", "slug"
                    ),
                    to_attr="public_versions",
                )
            )
            .order_by("pk")
        )

    def lastmod(self, version: ArticleTranslation) -> datetime:
        return version.revised_at or version.publish_at or version.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return ArticleTranslation.objects.published().aggregate(latest=Max(version_lastmod()))[
            "latest"
        ]

    def versions(self, version: ArticleTranslation) -> dict[str, str]:
        return {row.language: row.get_absolute_url() for row in version.article.public_versions}


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
            .annotate(lastmod=Max(version_lastmod("content_object__")))
            .order_by("content_object__language", "tag__slug")
        )
        return [SitemapPage(tag_url(slug, language), lastmod) for slug, language, lastmod in rows]

    def location(self, item: SitemapPage) -> str:
        return item.location

    def lastmod(self, item: SitemapPage) -> datetime | None:
        return item.lastmod
