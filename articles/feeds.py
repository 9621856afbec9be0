"""RSS 2.0 and Atom feeds of the public versions: per language and tag, and the base of
the series and author feeds (series.feeds, authors.feeds).

Every feed starts from `ArticleTranslation.objects.published()`, so what a feed shows is
decided at request time by the one visibility rule.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from taggit.models import Tag

from core.languages import current_language
from pagecache.decorators import without_last_modified
from pagecache.memo import memo

from .models import ArticleAuthor, ArticleTranslation

FEED_LIMIT = 30

# Everything outside the XML 1.0 Char production: C0 controls but tab, newline and
# carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (pasted control codes and the like)."""
    return _NOT_XML_CHAR.sub("", text)


def _clean(value):
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


class XmlSafeFeedMixin:
    """Strip what XML 1.0 forbids from every string, so no pasted character breaks a feed.

    Django's generator raises on C0 controls in text and writes them unchecked into
    attributes (categories); lone surrogates cannot even be encoded to UTF-8.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = _clean(self.feed)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = _clean(self.items[-1])


class RssFeedGenerator(XmlSafeFeedMixin, Rss201rev2Feed):
    """RSS 2.0: one author element holds every name, in byline order (`author_name`)."""


class AtomFeedGenerator(XmlSafeFeedMixin, Atom1Feed):
    """Atom: one <author> per name in the byline, each with the author's page."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "author_name": None})
        for author in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            handler.addQuickElement("uri", author["uri"])
            handler.endElement("author")


@dataclass(frozen=True)
class FeedEntry:
    """One public version as a feed shows it."""

    title: str
    link: str
    summary: str
    authors: list[dict[str, str]]
    published: datetime
    updated: datetime
    categories: list[str]


@dataclass(frozen=True)
class FeedSource:
    """What a feed is about, and its entries, fetched once per request."""

    title: str
    link: str
    description: str
    entries: list[FeedEntry] = field(default_factory=list)


def feed_versions(versions: QuerySet) -> QuerySet:
    """The newest public versions, with their byline and tags, in a fixed number of queries."""
    return (
        versions.select_related("article")
        .prefetch_related(
            "tags",
            Prefetch("article__bylines", queryset=ArticleAuthor.objects.select_related("author")),
        )
        .order_by("-publish_at", "-pk")[:FEED_LIMIT]
    )


def feed_entries(
    versions: QuerySet, absolute: Callable[[str], str], language: str
) -> list[FeedEntry]:
    entries = []
    for version in feed_versions(versions):
        authors = [
            {"name": author.name, "uri": absolute(author.get_absolute_url(language))}
            for author in version.article.byline()
        ]
        entries.append(FeedEntry(
            title=version.title,
            link=version.get_absolute_url(),
            # The standfirst is plain text; feed readers read descriptions as HTML.
            summary=escape(version.standfirst),
            authors=authors,
            published=version.publish_at,
            updated=version.reader_modified_at,
            categories=sorted(tag.name for tag in version.tags.all()),
        ))
    return entries


class ArticleFeed(Feed):
    """The site's newest public versions in the URL's language (RSS 2.0).

    Subclasses name another subject in `source()`; the Atom twins only change the format.
    """

    feed_type = RssFeedGenerator

    def author_name(self) -> str:
        # Atom wants an author for entries that have none: the publication.
        return settings.SITE_NAME

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Dated by the newest entry, a feed would look unmodified after that entry's
        # withdrawal: every feed is revalidated by its ETag only.
        response = without_last_modified(super().__call__)(request, *args, **kwargs)
        # The generator writes the document in a thousand small pieces, which a WSGI
        # server would send one by one: one piece.
        response.content = response.content
        return response

    def get_object(self, request, **kwargs) -> FeedSource:
        language = current_language()
        # Entries name the authors' pages by absolute URL: on the host the reader asked.
        key = ("feed", type(self).__qualname__, language, request.build_absolute_uri("/"),
               tuple(sorted(kwargs.items())))
        return memo.get(key, lambda: self.fresh_source(request, language, **kwargs))

    def fresh_source(self, request, language: str, **kwargs) -> FeedSource:
        title, link, description, versions = self.source(language, **kwargs)
        entries = feed_entries(versions, request.build_absolute_uri, language)
        return FeedSource(title=title, link=link, description=description, entries=entries)

    def source(self, language: str) -> tuple[str, str, str, QuerySet]:
        return (
            _("%(site)s: latest articles") % {"site": settings.SITE_NAME},
            reverse("articles:list"),
            settings.SITE_DESCRIPTION,
            ArticleTranslation.objects.published().in_language(language),
        )

    def title(self, obj: FeedSource) -> str:
        return obj.title

    def link(self, obj: FeedSource) -> str:
        return obj.link

    def description(self, obj: FeedSource) -> str:
        return obj.description

    def subtitle(self, obj: FeedSource) -> str:
        return obj.description

    def items(self, obj: FeedSource) -> list[FeedEntry]:
        return obj.entries

    def item_title(self, entry: FeedEntry) -> str:
        return entry.title

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_description(self, entry: FeedEntry) -> str:
        return entry.summary

    def item_author_name(self, entry: FeedEntry) -> str | None:
        return ", ".join(author["name"] for author in entry.authors) or None

    def item_pubdate(self, entry: FeedEntry) -> datetime:
        return entry.published

    def item_updateddate(self, entry: FeedEntry) -> datetime:
        return entry.updated

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return entry.categories

    def item_extra_kwargs(self, entry: FeedEntry) -> dict:
        return {"authors": entry.authors}


class ArticleAtomFeed(ArticleFeed):
    feed_type = AtomFeedGenerator


class TagFeed(ArticleFeed):
    """The public versions carrying a tag in the URL's language; none at all is a 404."""

    def source(self, language: str, slug: str) -> tuple[str, str, str, QuerySet]:
        tag = get_object_or_404(Tag, slug=slug)
        versions = ArticleTranslation.objects.published().in_language(language).filter(
            tagged_items__tag=tag
        )
        title = tag_title(tag.name)
        return title, reverse("articles:tag", kwargs={"slug": tag.slug}), title, versions

    def get_object(self, request, **kwargs) -> FeedSource:
        source = super().get_object(request, **kwargs)
        if not source.entries:
            raise Http404("No public version carries this tag in this language.")
        return source


class TagAtomFeed(TagFeed):
    feed_type = AtomFeedGenerator


# The same msgids name the feeds in the page heads (templates use blocktranslate).
def tag_title(name: str) -> str:
    return _("%(site)s: articles on “%(tag)s”") % {"site": settings.SITE_NAME, "tag": name}
