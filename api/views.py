"""Read-only JSON views of the public content, each in a fixed number of queries.

What is public is decided by `ArticleTranslation.objects.published()` at request time;
the views only narrow it down.
"""

from collections import defaultdict
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles import queries
from articles.models import ArticleAuthor, ArticleTranslation, TaggedArticleTranslation
from authors.models import Author, AuthorTranslation
from core.languages import language_codes
from series.models import Series, SeriesTranslation

from . import serializers
from .http import (
    MAX_PAGE_SIZE,
    ApiError,
    api_view,
    id_param,
    language_param,
    nothing_here,
    paginate,
    text_param,
)

API_VERSION = 1
# The parts a series answer lists at most, in part order.
MAX_PARTS = MAX_PAGE_SIZE


def in_language(versions, language: str | None):
    """`versions` in `language`, or in every language when none is asked for."""
    return versions.in_language(language) if language else versions


def for_items(versions, at: datetime):
    """Everything an article item shows, fetched once for the whole page."""
    return versions.select_related("article__series").prefetch_related(
        "tags",
        "article__series__translations",
        Prefetch("article__bylines", queryset=ArticleAuthor.objects.select_related("author")),
        Prefetch(
            "article__versions",
            queryset=ArticleTranslation.objects.published(at=at).only(
                "id", "article_id", "language", "title", "slug"
            ),
            to_attr="public_versions",
        ),
    )


def languages_asked(language: str | None) -> list[str]:
    return [language] if language else language_codes()


@api_view
def index(request: HttpRequest) -> dict:
    endpoints = {
        "articles": "article_list", "series": "series_list", "authors": "author_list",
        "tags": "tag_list",
    }
    return {
        "version": API_VERSION,
        "languages": language_codes(),
        "endpoints": {key: serializers.api_url(request, name) for key, name in endpoints.items()},
    }


@api_view
def article_list(request: HttpRequest) -> dict:
    """Public versions, newest first, narrowed by language, series, author or tag."""
    at = timezone.now()
    language = language_param(request)
    series_id = id_param(request, "series")
    author = text_param(request, "author")
    tag = text_param(request, "tag")
    versions = in_language(ArticleTranslation.objects.published(at=at), language)
    # Filter values that name nothing give an empty list, as a search would.
    if series_id is not None:
        versions = versions.filter(article__series_id=series_id)
    if author is not None:
        versions = versions.filter(Exists(ArticleAuthor.objects.filter(
            article=OuterRef("article"), author__slug=author
        )))
    if tag is not None:
        versions = versions.filter(Exists(TaggedArticleTranslation.objects.filter(
            content_object=OuterRef("pk"), tag__slug=tag
        )))
    versions = for_items(versions, at).order_by("-publish_at", "-pk")
    return paginate(
        request, versions, lambda page: [serializers.article_item(request, v) for v in page]
    )


@api_view
def article_detail(request: HttpRequest, pk: int) -> dict:
    at = timezone.now()
    version = for_items(ArticleTranslation.objects.published(at=at), at).filter(pk=pk).first()
    if version is None:
        raise ApiError(404, _("No public article version has this id."))
    return serializers.article_detail(request, version)


def series_with_texts(language: str | None, at: datetime):
    """Series public (in `language` when given), with their public texts."""
    texts = SeriesTranslation.objects.public(language, at=at)
    return Series.objects.public(language, at=at).prefetch_related(
        Prefetch("translations", queryset=texts)
    )


def published_parts(series_ids: list[int], language: str | None, at: datetime) -> dict:
    """Public versions per series and language: {series id: {language: count}}."""
    rows = (
        in_language(ArticleTranslation.objects.published(at=at), language)
        .filter(article__series_id__in=series_ids)
        .values("article__series_id", "language").annotate(count=Count("pk")).order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["article__series_id"]][row["language"]] = row["count"]
    return counts


@api_view
def series_list(request: HttpRequest) -> dict:
    """Series with a text (in `language` when given), oldest first, as the site lists them."""
    at = timezone.now()
    language = language_param(request)
    languages = languages_asked(language)

    def serialise(page) -> list[dict]:
        series_list = list(page)
        counts = published_parts([series.pk for series in series_list], language, at)
        return [
            serializers.series_item(request, series, languages, counts[series.pk])
            for series in series_list
        ]

    series = series_with_texts(language, at).order_by("created_at", "pk")
    return paginate(request, series, serialise)


@api_view
def series_detail(request: HttpRequest, pk: int) -> dict:
    """A series, its public parts in part order, and the follow-ups announced to readers."""
    at = timezone.now()
    language = language_param(request)
    languages = languages_asked(language)
    series = series_with_texts(language, at).filter(pk=pk).first()
    if series is None:
        raise ApiError(404, _("No series has this id."))
    public = in_language(ArticleTranslation.objects.published(at=at), language)
    parts = for_items(public, at).filter(article__series=series).order_by(
        "article__part", "language", "publish_at", "pk"
    )
    return {
        **serializers.series_item(
            request, series, languages, published_parts([series.pk], language, at)[series.pk]
        ),
        # A bounded first page; a long series' other parts come page by page from
        # the article list, filtered by this series.
        "parts": [serializers.article_item(request, version) for version in parts[:MAX_PARTS]],
        "parts_url": serializers.api_url(request, "article_list") + "?" + urlencode(
            {"series": series.pk, **({"language": language} if language else {})}
        ),
        # The series page's rule: announced follow-ups, by working title only.
        "coming_next": {
            code: [
                serializers.follow_up(entry)
                for entry in queries.coming_next(series.pk, code, at)
            ]
            for code in languages
        },
    }


def authors_with_texts(language: str | None, at: datetime):
    """Authors public (in `language` when given), with their texts and links."""
    texts = AuthorTranslation.objects.all()
    if language:
        texts = texts.filter(language=language)
    return Author.objects.public(language, at=at).prefetch_related(
        Prefetch("translations", queryset=texts), "links"
    )


def published_versions(author_ids: list[int], language: str | None, at: datetime) -> dict:
    """Public versions each author signs, per language: {author id: {language: count}}."""
    rows = (
        in_language(ArticleTranslation.objects.published(at=at), language)
        .filter(article__bylines__author_id__in=author_ids)
        .values("article__bylines__author_id", "language")
        .annotate(count=Count("pk", distinct=True)).order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["article__bylines__author_id"]][row["language"]] = row["count"]
    return counts


@api_view
def author_list(request: HttpRequest) -> dict:
    """The public authors, as on the site's author pages; `language` narrows them."""
    at = timezone.now()
    language = language_param(request)
    languages = languages_asked(language)

    def serialise(page) -> list[dict]:
        authors = list(page)
        counts = published_versions([author.pk for author in authors], language, at)
        return [
            serializers.author_item(request, author, languages, counts[author.pk])
            for author in authors
        ]

    return paginate(request, authors_with_texts(language, at).order_by("name", "pk"), serialise)


@api_view
def author_detail(request: HttpRequest, slug: str) -> dict:
    at = timezone.now()
    language = language_param(request)
    author = authors_with_texts(language, at).filter(slug=slug).first()
    if author is None:
        raise ApiError(404, _("No author has this slug."))
    counts = published_versions([author.pk], language, at)[author.pk]
    return serializers.author_item(request, author, languages_asked(language), counts)


@api_view
def tag_list(request: HttpRequest) -> dict:
    """Tags on at least one public version (in `language` when given), most used first."""
    at = timezone.now()
    versions = in_language(ArticleTranslation.objects.published(at=at), language_param(request))
    tagged = TaggedArticleTranslation.objects.filter(content_object__in=versions)
    uses = tagged.filter(tag=OuterRef("pk")).order_by().values("tag")
    tags = (
        Tag.objects.annotate(
            count=Subquery(uses.annotate(n=Count("content_object", distinct=True)).values("n"))
        )
        .filter(count__gt=0)
        .order_by("-count", "name", "pk")
    )

    def serialise(page) -> list[dict]:
        page = list(page)
        rows = (
            tagged.filter(tag__in=page)
            .values("tag_id", "content_object__language")
            .annotate(count=Count("content_object", distinct=True)).order_by()
        )
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for row in rows:
            counts[row["tag_id"]][row["content_object__language"]] = row["count"]
        return [serializers.tag_item(request, tag, counts[tag.pk]) for tag in page]

    return paginate(request, tags, serialise)


@api_view
def not_found(request: HttpRequest) -> dict:
    raise nothing_here(request)
