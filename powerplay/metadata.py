"""What a page tells browsers, search engines and social networks about itself.

Views build a `PageMetadata` from what the page already shows (public data only, already
fetched, so no query is added) and pass it to the template as `metadata`;
templates/includes/metadata.html renders the title, description, canonical address,
OpenGraph, Twitter card and schema.org JSON-LD from it.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files import File
from django.core.paginator import Page
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from powerplay.i18n import on_page
from powerplay.images import renditions_are_current
from powerplay.languages import current_language, language_codes
from powerplay.markdown import plain_text

SITE_NAME = "Power Play"
SITE_DESCRIPTION = _("Essays in series on technology and power, in French and English.")
SITE_TAGLINE = _("essays in series on technology and power")
DESCRIPTION_CHARS = 200
# Social networks show link previews about 1200 pixels wide.
OG_IMAGE_WIDTH = 1200

# What json_script() escapes: text inside <script> ends at "</script>" or "<!--",
# whatever JSON quoting surrounds it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class OgImage:
    url: str
    width: int
    height: int
    alt: str = ""

    def as_json_ld(self) -> dict:
        return {"@type": "ImageObject", "url": self.url, "width": self.width,
                "height": self.height}


@dataclass(frozen=True)
class PageMetadata:
    """Ready-made values for templates/includes/metadata.html."""

    title: str  # the page's own name: og:title
    document_title: str  # <title>: with the page number and the site name
    description: str
    url: str  # this page's absolute address: og:url
    canonical: str  # where search engines are pointed: the original of a republication
    locale: str
    og_type: str = "website"
    alternate_locales: tuple[str, ...] = ()
    image: OgImage | None = None
    properties: tuple[tuple[str, str], ...] = ()  # article:* meta properties, in order
    json_ld: SafeString = field(default_factory=lambda: SafeString(""))

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def og_locale(language: str) -> str:
    """The OpenGraph locale of a language code: settings.OG_LOCALES, else "xx_XX"."""
    locales = getattr(settings, "OG_LOCALES", {})
    if language in locales:
        return locales[language]
    base, _dash, region = language.partition("-")
    return f"{base.lower()}_{(region or base).upper()}"


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def page_url(request: HttpRequest, page: Page | None = None) -> str:
    """This page's absolute address: no query string (tracking tags), except ?page=N > 1."""
    return absolute(request, on_page(request.path, page))


def document_title(title: str, page: Page | None = None) -> str:
    if page is not None and page.number > 1:
        title = f"{title} – {gettext('page %(number)s') % {'number': page.number}}"
    return f"{title} · {SITE_NAME}"


def summary(text: str) -> str:
    """One line of plain text short enough for a meta description."""
    return Truncator(" ".join(str(text).split())).chars(DESCRIPTION_CHARS)


def iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def json_ld(data: dict) -> SafeString:
    """`data` as a JSON-LD script element that no text inside it can close."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe once escaped: "<", ">" and "&" no longer appear, and JSON needs no HTML escaping.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),
    )


def og_image(
    request: HttpRequest, field_file: File | None, renditions: dict | None, *, alt: str = ""
) -> OgImage | None:
    """The JPEG rendition nearest OG_IMAGE_WIDTH without exceeding it, if there is one.

    JPEG rather than WebP: not every social network reads WebP previews.
    """
    if not renditions_are_current(field_file, renditions):
        return None
    try:
        rows = sorted(
            (int(row["width"]), int(row["height"]), str(row["jpeg"]))
            for row in renditions["renditions"]
        )
    except (KeyError, TypeError, ValueError):
        return None
    fitting = [row for row in rows if row[0] <= OG_IMAGE_WIDTH]
    width, height, name = fitting[-1] if fitting else rows[0]
    return OgImage(absolute(request, field_file.storage.url(name)), width, height, alt)


def publisher(request: HttpRequest) -> dict:
    home = absolute(request, reverse("home"))
    return {"@type": "Organization", "@id": f"{home}#publisher", "name": SITE_NAME, "url": home}


def breadcrumbs(request: HttpRequest, trail: Sequence[tuple[str, str]]) -> dict:
    """A BreadcrumbList from the home page through `trail`, (name, path) pairs."""
    steps = [(SITE_NAME, reverse("home")), *trail]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name),
             "item": absolute(request, path)}
            for position, (name, path) in enumerate(steps, start=1)
        ],
    }


def person(request: HttpRequest, author, text=None, *, full: bool = False) -> dict:
    """An author as a schema.org Person; `full` adds what only the author's page shows."""
    data = {"@type": "Person", "@id": absolute(request, author.get_absolute_url()),
            "name": author.name, "url": absolute(request, author.get_absolute_url())}
    if author.honours:
        data["honorificSuffix"] = author.honours
    if not full:
        return data
    same_as = [author.website] if author.website else []
    same_as += [link.url for link in author.links.all()]
    if same_as:
        data["sameAs"] = same_as
    if text is not None and text.role:
        data["jobTitle"] = text.role
    if text is not None and text.bio:
        data["description"] = plain_text(text.bio)
    image = og_image(request, author.portrait, author.portrait_renditions)
    if image:
        data["image"] = image.as_json_ld()
    return data


def page_metadata(
    request: HttpRequest,
    *,
    title: str,
    description: str,
    page: Page | None = None,
    full_title: str | None = None,
    og_type: str = "website",
    languages: Iterable[str] = (),
    image: OgImage | None = None,
    canonical: str | None = None,
    properties: Iterable[tuple[str, str]] = (),
    nodes: Iterable[dict] = (),
) -> PageMetadata:
    """Metadata for any page; `languages` are those the page exists in, `nodes` JSON-LD."""
    language = current_language()
    url = page_url(request, page)
    graph = list(nodes)
    return PageMetadata(
        title=str(title),
        document_title=str(full_title or document_title(title, page)),
        description=summary(description),
        url=url,
        canonical=canonical or url,
        locale=og_locale(language),
        og_type=og_type,
        alternate_locales=tuple(og_locale(code) for code in languages if code != language),
        image=image,
        properties=tuple(properties),
        json_ld=json_ld({"@context": "https://schema.org", "@graph": graph}) if graph else
        SafeString(""),
    )


def home_metadata(request: HttpRequest) -> PageMetadata:
    home = absolute(request, reverse("home"))
    website = {
        "@type": "WebSite", "@id": f"{home}#website", "name": SITE_NAME, "url": home,
        "description": str(SITE_DESCRIPTION), "inLanguage": current_language(),
        "publisher": publisher(request),
    }
    return page_metadata(
        request, title=SITE_NAME, full_title=f"{SITE_NAME} – {SITE_TAGLINE}",
        description=SITE_DESCRIPTION, languages=language_codes(), nodes=[website],
    )


def list_metadata(
    request: HttpRequest, *, title: str, description: str, page: Page,
    languages: Iterable[str] | None = None,
) -> PageMetadata:
    """A paginated list one step below the home page (all articles, series, authors, a tag)."""
    return page_metadata(
        request, title=title, description=description, page=page,
        languages=language_codes() if languages is None else languages,
        nodes=[breadcrumbs(request, [(title, request.path)])],
    )


def version_reference(request: HttpRequest, version) -> dict:
    url = absolute(request, version.get_absolute_url())
    return {"@type": "Article", "@id": url, "url": url, "inLanguage": version.language}


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
    )
    authors = [line.author for line in bylines]
    modified_at = version.revised_at if version.is_revised else version.publish_at
    node = {
        "@type": "Article", "@id": url, "url": url, "mainEntityOfPage": url,
        "headline": version.title, "description": description,
        "datePublished": iso(version.publish_at), "dateModified": iso(modified_at),
        "inLanguage": version.language,
        "author": [person(request, author) for author in authors],
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
        *(("article:author", person(request, author)["url"]) for author in authors),
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


def series_metadata(
    request: HttpRequest, text, *, page: Page, languages: Iterable[str]
) -> PageMetadata:
    """A series page; `page` holds the public parts it lists."""
    series = text.series
    url = absolute(request, text.get_absolute_url())
    description = (
        gettext("An ongoing series which explores %(blurb)s.") % {"blurb": text.blurb}
        if text.blurb else text.title
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


def author_metadata(request: HttpRequest, author, text=None, *, page: Page) -> PageMetadata:
    """An author's page: a profile, with the author as a schema.org Person."""
    if text is not None and text.bio:
        description = plain_text(text.bio)
    elif text is not None and text.role:
        description = f"{author.name}, {text.role}"
    else:
        description = author.display_name
    image = og_image(request, author.portrait, author.portrait_renditions, alt=author.name)
    trail = [(pgettext("navigation", "Authors"), reverse("authors:list")),
             (author.name, author.get_absolute_url())]
    return page_metadata(
        request, title=author.name, description=description, page=page, og_type="profile",
        languages=language_codes(), image=image,
        nodes=[person(request, author, text, full=True), breadcrumbs(request, trail)],
    )
