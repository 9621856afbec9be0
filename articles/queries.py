"""What the reading pages show around an article, each in a fixed number of queries."""

from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from authors.models import Author, AuthorTranslation
from series.models import SeriesTranslation

from .models import Article, ArticleAuthor, ArticleTranslation, TaggedArticleTranslation

READ_MORE_LIMIT = 4


def public_versions(language: str, at: datetime | None = None):
    return ArticleTranslation.objects.published(at=at).in_language(language)


def for_lists(versions):
    """Everything an article card shows, fetched once for the whole list."""
    return versions.select_related("article").prefetch_related(
        Prefetch(
            "article__bylines",
            queryset=ArticleAuthor.objects.select_related("author"),
        ),
    )


def with_reading_context(versions, language: str):
    """Everything the article page shows about the version itself, fetched up front."""
    return versions.select_related("article__series").prefetch_related(
        "tags",
        Prefetch(
            "article__series__translations",
            queryset=SeriesTranslation.objects.filter(language=language),
            to_attr="texts_here",
        ),
        Prefetch(
            "article__bylines",
            queryset=ArticleAuthor.objects.select_related("author").prefetch_related(
                Prefetch(
                    "author__translations",
                    queryset=AuthorTranslation.objects.filter(language=language),
                    to_attr="texts_here",
                )
            ),
        ),
        Prefetch(
            "article__translations",
            queryset=ArticleTranslation.objects.published().only(
                "article_id", "language", "slug", "title", "publish_at"
            ),
            to_attr="public_versions",
        ),
    )


def follow_ups(article: Article, language: str, at: datetime | None = None) -> list[dict]:
    """Announced later parts of the series, in part order: a link once public here."""
    if not article.series_id or article.part is None:
        return []
    later = (
        Article.objects.announced()
        .filter(series_id=article.series_id, part__gt=article.part)
        .annotate(
            public_here=Exists(
                public_versions(language, at).filter(article=OuterRef("pk"))
            )
        )
        .prefetch_related("translations")
        .order_by("part")
    )
    return [working_title(item, language) for item in later]


def coming_next(series_id: int, language: str, at: datetime | None = None) -> list[dict]:
    """Announced articles of a series that readers of `language` cannot read yet."""
    upcoming = (
        Article.objects.announced()
        .filter(series_id=series_id)
        .exclude(Exists(public_versions(language, at).filter(article=OuterRef("pk"))))
        .prefetch_related("translations")
        .order_by("part", "pk")
    )
    return [working_title(item, language, public_here=False) for item in upcoming]


def working_title(article: Article, language: str, public_here: bool | None = None) -> dict:
    """The title readers of `language` see for a follow-up, and its link once it is public."""
    public_here = article.public_here if public_here is None else public_here
    version = article.translation(language)
    if version is None:
        # Not yet planned in this language: show the working title it has, marked as such.
        version = article.any_translation()
    return {
        "part": article.part,
        "title": version.title if version else "",
        "language": version.language if version else language,
        "url": version.get_absolute_url() if public_here and version else None,
    }


def read_more(version: ArticleTranslation, at: datetime | None = None) -> list:
    """Editor picks first, then public versions sharing the most tags; never the version itself."""
    tag_ids = [tag.pk for tag in version.tags.all()]
    picked = Exists(
        Article.related_articles.through.objects.filter(
            from_article_id=version.article_id, to_article_id=OuterRef("article_id")
        )
    )
    tagged = TaggedArticleTranslation.objects.filter(
        content_object=OuterRef("pk"), tag_id__in=tag_ids
    )
    shared_tags = Subquery(
        tagged.values("content_object").annotate(count=Count("pk")).values("count")
    )
    candidates = (
        public_versions(version.language, at)
        .exclude(article_id=version.article_id)
        .annotate(picked=picked, shared_tags=Coalesce(shared_tags, 0))
        .filter(Q(picked=True) | Q(shared_tags__gt=0))
        .order_by("-picked", "-shared_tags", "-publish_at", "-pk")
    )
    return list(for_lists(candidates)[:READ_MORE_LIMIT])


def neighbours(version: ArticleTranslation, at: datetime | None = None):
    """The previous and next public parts of the series in this language."""
    article = version.article
    if not article.series_id or article.part is None:
        return None, None
    parts = public_versions(version.language, at).filter(article__series_id=article.series_id)
    previous = (
        parts.filter(article__part__lt=article.part).select_related("article")
        .order_by("-article__part").first()
    )
    following = (
        parts.filter(article__part__gt=article.part).select_related("article")
        .order_by("article__part").first()
    )
    return previous, following


def authors_with_texts(language: str):
    return Author.objects.prefetch_related(
        Prefetch(
            "translations",
            queryset=AuthorTranslation.objects.filter(language=language),
            to_attr="texts_here",
        ),
        "links",
    )
