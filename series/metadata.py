"""The metadata of a series page (see core.metadata)."""

from collections.abc import Iterable

from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from articles.metadata import version_reference
from core.metadata import PageMetadata, absolute, breadcrumbs, page_metadata, publisher
from images.renditions import og_image


def series_metadata(
    request: HttpRequest, text, *, page: Page, languages: Iterable[str]
) -> PageMetadata:
    """A series page; `page` holds the public parts it lists."""
    series = text.series
    url = absolute(request, text.get_absolute_url())
    description = (
        gettext("An ongoing series which explores %(blurb)s.") % {"blurb": text.blurb_clause}
        if text.blurb_clause else text.title
    )
    image = og_image(request, series.cover_image, series.cover_renditions, alt=text.cover_alt)
    node = {
        "@type": "CreativeWorkSeries", "@id": url, "url": url, "name": text.title,
        "description": description, "inLanguage": text.language,
        "publisher": publisher(request),
        "hasPart": [
            {**version_reference(request, version), "headline": version.title,
             **({"position": version.article.part} if version.article.part else {})}
            for version in page.object_list
        ],
    }
    if image:
        node["image"] = image.as_json_ld()
    with_list = [(pgettext("navigation", "Series"), reverse("series:list")),
                 (text.title, text.get_absolute_url())]
    return page_metadata(
        request, title=text.title, description=description, page=page, languages=languages,
        image=image, nodes=[node, breadcrumbs(request, with_list)],
    )


