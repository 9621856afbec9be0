"""Plain dicts for the JSON API.

Each function reads only rows the view fetched up front (see `views`), so serialising a
page runs no query. Editor text is returned as written; only `*_html` fields are HTML.
Per-language records are lists of objects with a `language`; per-language lookups
(URLs, counts, follow-ups) are objects keyed by language code.
"""

from collections.abc import Iterable

from django.core.files import File
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from taggit.models import Tag

from articles.models import Article, ArticleTranslation
from articles.tags import tag_url
from authors.models import Author
from images.renditions import current_renditions
from series.models import Series


def api_url(request: HttpRequest, name: str, *args: object) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", args=args))


def site_url(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def image(request: HttpRequest, field_file: File | None, renditions: dict | None) -> dict | None:
    """The largest rendition of an image, or the stored file when it has none yet."""
    if not field_file:
        return None
    current = current_renditions(field_file, renditions)
    if current:
        largest = current[-1]
        return {
            "url": site_url(request, field_file.storage.url(largest.jpeg)),
            "width": largest.width,
            "height": largest.height,
        }
    # Reading the file's size would open it: leave the dimensions unknown instead.
    return {"url": site_url(request, field_file.url), "width": None, "height": None}


def series_ref(request: HttpRequest, article: Article, language: str) -> dict | None:
    if not article.series_id:
        return None
    text = article.series.in_language(language)
    return {
        "id": article.series_id,
        "title": text.title if text else None,
        "url": site_url(request, text.get_absolute_url()) if text else None,
        "part": article.part,
        "api_url": api_url(request, "series_detail", article.series_id),
    }


def author_ref(request: HttpRequest, author: Author, language: str) -> dict:
    return {
        "id": author.pk,
        "name": author.name,
        "honours": author.honours,
        "slug": author.slug,
        "url": site_url(request, author.get_absolute_url(language)),
        "api_url": api_url(request, "author_detail", author.slug),
    }


def version_link(request: HttpRequest, version: ArticleTranslation) -> dict:
    return {
        "language": version.language,
        "title": version.title,
        "url": site_url(request, version.get_absolute_url()),
        "api_url": api_url(request, "article_detail", version.pk),
    }


def article_item(request: HttpRequest, version: ArticleTranslation) -> dict:
    """One public language version, as it appears in lists."""
    article = version.article
    hero = image(request, article.hero_image, article.hero_renditions)
    if hero is not None:
        hero["alt"] = "" if article.hero_image_decorative else version.hero_alt
        hero["caption"] = version.hero_caption
        hero["credit"] = article.hero_credit
    others = sorted(
        (other for other in article.public_versions if other.pk != version.pk),
        key=lambda other: other.language,
    )
    return {
        "id": version.pk,
        "article_id": article.pk,
        "language": version.language,
        "title": version.title,
        "slug": version.slug,
        "standfirst": version.standfirst,
        "url": site_url(request, version.get_absolute_url()),
        "api_url": api_url(request, "article_detail", version.pk),
        "published_at": version.publish_at,
        "updated_at": version.reader_modified_at,
        "series": series_ref(request, article, version.language),
        "authors": [
            author_ref(request, line.author, version.language) for line in article.bylines.all()
        ],
        "tags": sorted(tag.name for tag in version.tags.all()),
        "translations": [version_link(request, other) for other in others],
        "hero_image": hero,
    }


def article_detail(request: HttpRequest, version: ArticleTranslation) -> dict:
    source = None
    if version.source_name or version.source_url:
        source = {
            "name": version.source_name,
            "url": version.source_url,
            "licence": version.source_licence,
        }
    return {
        **article_item(request, version),
        "body_html": version.body_html,
        "headings": version.headings,
        "source": source,
    }


def series_item(
    request: HttpRequest, series: Series, languages: Iterable[str], parts: dict[str, int]
) -> dict:
    """A series, its text in each language it has, and its published parts per language."""
    cover = image(request, series.cover_image, series.cover_renditions)
    return {
        "id": series.pk,
        "api_url": api_url(request, "series_detail", series.pk),
        "texts": [
            {
                "language": text.language,
                "title": text.title,
                "slug": text.slug,
                "blurb": text.blurb,
                "url": site_url(request, text.get_absolute_url()),
                "cover_alt": text.cover_alt,
            }
            for text in series.translations.all()
        ],
        "published_parts": {code: parts.get(code, 0) for code in languages},
        "cover_image": cover,
    }


def follow_up(entry: dict) -> dict:
    """A "coming next" entry: the working title only, never an address or a body."""
    return {"part": entry["part"], "title": entry["title"], "language": entry["language"]}


def author_item(
    request: HttpRequest, author: Author, languages: Iterable[str], published: dict[str, int]
) -> dict:
    # An author is public in the languages they have public versions in (Author.public()).
    languages = list(languages)
    public_in = [code for code in languages if published.get(code)]
    portrait = image(request, author.portrait, author.portrait_renditions)
    if portrait is not None:
        portrait["alt"] = author.name
    articles_url = api_url(request, "article_list")
    return {
        "id": author.pk,
        "slug": author.slug,
        "name": author.name,
        "honours": author.honours,
        "website": author.website,
        "links": [{"label": link.label, "url": link.url} for link in author.links.all()],
        "bios": [
            {"language": text.language, "role": text.role, "bio_html": text.bio_html}
            for text in author.translations.all() if text.language in public_in
        ],
        "urls": {code: site_url(request, author.get_absolute_url(code)) for code in public_in},
        "published_versions": {code: published.get(code, 0) for code in languages},
        "portrait": portrait,
        "api_url": api_url(request, "author_detail", author.slug),
        "articles_api_url": f"{articles_url}?{urlencode({'author': author.slug})}",
    }


def tag_item(request: HttpRequest, tag: Tag, counts: dict[str, int]) -> dict:
    """A tag, how many public versions carry it, and its page in each language using it."""
    articles_url = api_url(request, "article_list")
    languages = []
    for code, count in sorted(counts.items()):
        path = tag_url(tag.slug, code)
        languages.append({
            "language": code,
            "count": count,
            "url": site_url(request, path),
            "articles_api_url": f"{articles_url}?{urlencode({'language': code, 'tag': tag.slug})}",
        })
    return {"name": tag.name, "slug": tag.slug, "count": tag.count, "languages": languages}
