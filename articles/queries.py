"""What the reading pages show around an article, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from core.languages import language_codes
from pagecache.memo import per_content

from .models import (
    Article,
    ArticleAuthor,
    ArticleTranslation,
    Status,
    TaggedArticleTranslation,
    highest_known_part,
)

READ_MORE_LIMIT = 4
# What an article card shows of a version (templates/includes/article_card.html).
CARD_FIELDS = ("language", "slug", "title", "standfirst", "publish_at", "article")


def for_lists(versions):
    """Everything an article card shows, fetched once for the whole list, and nothing
    more: a list of cards never reads the bodies, their HTML or their search vectors."""
    return versions.only(*CARD_FIELDS).select_related("article").prefetch_related(
        Prefetch(
            "article__bylines",
            queryset=ArticleAuthor.objects.select_related("author"),
        ),
    )


def with_reading_context(versions, language: str):
    """The version with its article, series and series text in `language`: one query.

    The series text is on `version.series_text` (absent without one: see series_text_of),
    the highest part of the series readers know of on `version.series_parts`, the tags
    come with one more query; the rest of the page is fetched by the helpers below.
    """
    here = Q(article__series__translations__language=language)
    return (
        versions.annotate(
            series_text=FilteredRelation("article__series__translations", condition=here),
            series_parts=highest_known_part(OuterRef("article__series"), language),
        )
        .select_related("article__series", "series_text")
        # What search reads is never shown: leave it in the database.
        .defer("body_text", "search_vector")
        .prefetch_related("tags")
    )


def series_text_of(version: ArticleTranslation):
    """The text of the version's series in its language, from with_reading_context()."""
    # select_related() leaves a filtered relation unset when the join found no row.
    return getattr(version, "series_text", None)


def bylines(article: Article, language: str) -> list[ArticleAuthor]:
    """The byline in order, each author with their text in `language` (or None): one query."""
    here = Q(author__translations__language=language)
    lines = list(
        article.bylines.annotate(
            text_here=FilteredRelation("author__translations", condition=here)
        ).select_related("author", "text_here")
    )
    for line in lines:
        line.text_here = getattr(line, "text_here", None)
    return lines


@dataclass(frozen=True)
class Surroundings:
    """The article's public versions in every language, and its public neighbours."""

    versions: list[ArticleTranslation]
    previous: ArticleTranslation | None = None
    following: ArticleTranslation | None = None


def surroundings(version: ArticleTranslation, at: datetime | None = None) -> Surroundings:
    """The article's public versions, and the previous and next public parts of its series
    in the version's language: one query, each part found through an index."""
    article = version.article
    wanted = Q(article_id=article.pk)
    if article.series_id and article.part is not None:
        parts = ArticleTranslation.objects.published(at=at).in_language(version.language)
        parts = parts.filter(article__series_id=article.series_id)
        before = parts.filter(article__part__lt=article.part).order_by("-article__part")
        after = parts.filter(article__part__gt=article.part).order_by("article__part")
        for neighbour in (before, after):
            wanted |= Q(article_id=Subquery(neighbour.values("article_id")[:1]),
                        language=version.language)
    found = list(
        ArticleTranslation.objects.published(at=at).filter(wanted)
        .select_related("article")
        .only("article_id", "language", "slug", "title", "publish_at", "article__part")
    )
    mine, previous, following = [], None, None
    for other in found:
        if other.article_id == article.pk:
            mine.append(other)
        elif other.article.part < article.part:
            previous = other
        else:
            following = other
    return Surroundings(versions=mine, previous=previous, following=following)


def follow_ups(article: Article, language: str, at: datetime | None = None) -> list[dict]:
    """Announced later parts of the series, in part order: a link once public here."""
    if not article.series_id or article.part is None:
        return []
    later = Article.objects.announced().filter(series_id=article.series_id, part__gt=article.part)
    return working_titles(later, language, at)


def coming_next(series_id: int, language: str, at: datetime | None = None) -> list[dict]:
    """Announced articles of a series that readers of `language` cannot read yet."""
    upcoming = (
        Article.objects.announced()
        .filter(series_id=series_id)
        .exclude(Exists(
            ArticleTranslation.objects.published(at=at).in_language(language)
            .filter(article=OuterRef("pk"))
        ))
    )
    return working_titles(upcoming, language, at)


def working_titles(articles, language: str, at: datetime | None = None) -> list[dict]:
    """The title readers of `language` see for each article, in part order: one query.

    The version in `language` gives the title, and the link once it is public; an article
    not yet planned in `language` shows the working title it has, marked as such. A
    withdrawn version is announced no more.
    """
    versions = (
        ArticleTranslation.objects.filter(article__in=articles)
        .exclude(status=Status.WITHDRAWN)
        .select_related("article")
        .only("article_id", "language", "slug", "title", "status", "publish_at",
              "article__part")
        .order_by("article__part", "article_id", "language")
    )
    # Without a version in `language`: the site's default language first, then the order
    # of settings.LANGUAGES.
    rank: dict[str, int] = {}
    for code in (language, settings.LANGUAGE_CODE, *language_codes()):
        rank.setdefault(code, len(rank))
    chosen: dict[int, ArticleTranslation] = {}
    for version in versions:
        current = chosen.get(version.article_id)
        if current is None or rank.get(version.language, len(rank)) < rank.get(
            current.language, len(rank)
        ):
            chosen[version.article_id] = version
    return [
        {
            "part": version.article.part,
            "title": version.title,
            "language": version.language,
            "url": version.get_absolute_url()
            if version.language == language and version.is_published(at) else None,
        }
        for version in chosen.values()
    ]


def read_more(
    version: ArticleTranslation, tags: list | None = None, at: datetime | None = None
) -> list:
    """Editor picks first, then public versions sharing the most tags; never the version itself.

    `tags` are the version's, when the caller has them already. Only the versions sharing
    a tag or picked are looked at, found through the tag and pick indexes: the work grows
    with how many versions carry these tags, not with the size of the site.
    """
    tag_ids = [tag.pk for tag in (version.tags.all() if tags is None else tags)]
    picks = Article.related_articles.through.objects.filter(from_article_id=version.article_id)
    tagged = TaggedArticleTranslation.objects.filter(tag_id__in=tag_ids)
    shared_tags = Subquery(
        tagged.filter(content_object=OuterRef("pk"))
        .values("content_object").annotate(count=Count("pk")).values("count")
    )
    # No ORDER BY inside a UNION: SQLite refuses it.
    candidates = tagged.values("content_object_id").order_by().union(
        ArticleTranslation.objects.filter(
            article__in=picks.values("to_article_id"), language=version.language
        ).values("pk").order_by()
    )
    ranked = (
        ArticleTranslation.objects.published(at=at).in_language(version.language)
        .filter(pk__in=candidates)
        .exclude(article_id=version.article_id)
        .annotate(
            picked=Exists(picks.filter(to_article_id=OuterRef("article_id"))),
            shared_tags=Coalesce(shared_tags, 0),
        )
        .order_by("-picked", "-shared_tags", "-publish_at", "-pk")
    )
    return list(for_lists(ranked)[:READ_MORE_LIMIT])


def parts_total(article: Article, known: int | None) -> int | None:
    """The M of "part N of M": the highest part readers know of, never below N (a preview
    shows a part before it is announced)."""
    if not article.series_id or article.part is None:
        return None
    return max(known or 0, article.part)


def series_parts_total(series_id: int, language: str, at: datetime | None = None) -> int:
    """The highest part of a series readers of `language` know of: public or announced."""
    known = (
        Article.objects.filter(series_id=series_id)
        .annotate(highest=highest_known_part(series_id, language, at))
        .values_list("highest", flat=True)
    )
    return known.first() or 0


@dataclass(frozen=True)
class Reading:
    """Everything an article page shows of content, found once (see reading())."""

    version: ArticleTranslation
    series_text: object | None
    # The M of "part N of M", when the article is a numbered part of a series.
    parts_total: int | None
    bylines: list[ArticleAuthor]
    tags: list
    follow_ups: list[dict]
    read_more: list[ArticleTranslation]
    around: Surroundings


def reading(version: ArticleTranslation) -> Reading:
    """What the page of `version` (from with_reading_context()) shows: six more queries."""
    article, language = version.article, version.language
    tags = list(version.tags.all())
    return Reading(
        version=version,
        series_text=series_text_of(version),
        parts_total=parts_total(article, getattr(version, "series_parts", None)),
        bylines=bylines(article, language),
        tags=tags,
        follow_ups=follow_ups(article, language),
        read_more=read_more(version, tags),
        around=surroundings(version),
    )


@per_content
def public_reading(language: str, slug: str) -> Reading | None:
    """The public article page at `slug` in `language`, kept until content changes."""
    versions = ArticleTranslation.objects.published().in_language(language)
    try:
        version = with_reading_context(versions, language).get(slug=slug)
    except ArticleTranslation.DoesNotExist:
        return None
    return reading(version)
