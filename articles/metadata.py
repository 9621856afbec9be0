"""The metadata of an article page (see core.metadata)."""

from collections.abc import Sequence

from django.http import HttpRequest

from core.languages import language_codes
from core.metadata import (
    PageMetadata,
    absolute,
    article_reference,
    breadcrumbs,
    iso,
    page_metadata,
    person,
    publisher,
    summary,
)
from images.renditions import og_image


def byline_person(request: HttpRequest, author) -> dict:
    """An author named in a byline, as a schema.org Person."""
    url = absolute(request, author.get_absolute_url())
    return person(url=url, name=author.name, honours=author.honours)


def version_reference(request: HttpRequest, version) -> dict:
    """A language version named on another page: a translation, a part of a series."""
    url = absolute(request, version.get_absolute_url())
    return article_reference(url=url, language=version.language)


def article_metadata(
    request: HttpRequest, version, *, public_versions: Sequence, bylines: Sequence,
    tags: Sequence, series_text=None,
) -> PageMetadata:
    """An article page: `public_versions` are the article's public language versions."""
    article = version.article
    url = absolute(request, version.get_absolute_url())
    # body_text is the body's plain text, kept by save(): no Markdown parsed per request.
    description = summary(version.standfirst or version.body_text or version.title)
    image = og_image(
        request, article.hero_image, article.hero_renditions,
        alt="" if article.hero_image_decorative else version.hero_alt,
        caption=version.hero_caption, credit=article.hero_credit,
    )
    authors = [line.author for line in bylines]
    modified_at = version.reader_modified_at
    node = {
        "@type": "Article", "@id": url, "url": url, "mainEntityOfPage": url,
        "headline": version.title, "description": description,
        "datePublished": iso(version.publish_at), "dateModified": iso(modified_at),
        "inLanguage": version.language,
        "author": [byline_person(request, author) for author in authors],
        "publisher": publisher(request),
    }
    if image:
        node["image"] = [image.as_json_ld()]
    if tags:
        node["keywords"] = [tag.name for tag in tags]
    if version.source_url:
        node["isBasedOn"] = version.source_url
    trail = []
    if series_text is not None:
        series_url = series_text.get_absolute_url()
        node["isPartOf"] = {"@type": "CreativeWorkSeries", "name": series_text.title,
                            "url": absolute(request, series_url)}
        if article.part:
            node["position"] = article.part
        trail.append((series_text.title, series_url))
    trail.append((version.title, version.get_absolute_url()))
    order = {code: index for index, code in enumerate(language_codes())}
    others = sorted(
        (other for other in public_versions if other.pk != version.pk),
        key=lambda other: order.get(other.language, len(order)),
    )
    if others:
        node["workTranslation"] = [version_reference(request, other) for other in others]
        # The first version readers could read is the original the others translate.
        original = min(public_versions, key=lambda other: (other.publish_at, other.pk))
        if original.pk != version.pk:
            node["translationOfWork"] = version_reference(request, original)
    properties = [
        ("article:published_time", iso(version.publish_at)),
        ("article:modified_time", iso(modified_at)),
        *(("article:author", byline_person(request, author)["url"]) for author in authors),
    ]
    if series_text is not None:
        properties.append(("article:section", series_text.title))
    properties += [("article:tag", tag.name) for tag in tags]
    return page_metadata(
        request, title=version.title, description=description, og_type="article",
        languages=[other.language for other in others], image=image,
        canonical=version.source_url or url, properties=properties,
        nodes=[node, breadcrumbs(request, trail)],
    )


