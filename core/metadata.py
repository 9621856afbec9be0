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
from django.core.paginator import Page
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from core.i18n import on_page
from core.languages import current_language, language_codes

DESCRIPTION_CHARS = 200

# What json_script() escapes: text inside <script> ends at "</script>" or "<!--",
# whatever JSON quoting surrounds it.
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


@dataclass(frozen=True)
class OgImage:
    url: str
    width: int
    height: int
    alt: str = ""
    caption: str = ""
    credit: str = ""  # who made the image or holds its rights, as readers are told

    def as_json_ld(self) -> dict:
        data = {"@type": "ImageObject", "url": self.url, "width": self.width,
                "height": self.height}
        if self.caption:
            data["caption"] = self.caption
        if self.credit:
            # The credit names a person or an agency, which the site does not tell
            # apart: schema.org takes text where it expects either.
            data["creditText"] = self.credit
            data["copyrightHolder"] = self.credit
        return data


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
    return f"{title} · {settings.SITE_NAME}"


def summary(text: str) -> str:
    """One line of plain text short enough for a meta description."""
    return Truncator(" ".join(str(text).split())).chars(DESCRIPTION_CHARS)


def iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def json_ld(data: dict) -> SafeString:
    """`data` as a JSON-LD script element that no text inside it can close."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # str.replace(), not str.translate(): a table looked up character by character costs
    # more than the rest of a list page's metadata.
    for character, escaped in _SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    # Safe once escaped: "<", ">" and "&" no longer appear, and JSON needs no HTML escaping.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),
    )


def publisher(request: HttpRequest) -> dict:
    home = absolute(request, reverse("home"))
    return {
        "@type": "Organization", "@id": f"{home}#publisher", "name": settings.SITE_NAME,
        "url": home,
    }


def breadcrumbs(request: HttpRequest, trail: Sequence[tuple[str, str]]) -> dict:
    """A BreadcrumbList from the home page through `trail`, (name, path) pairs."""
    steps = [(settings.SITE_NAME, reverse("home")), *trail]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name),
             "item": absolute(request, path)}
            for position, (name, path) in enumerate(steps, start=1)
        ],
    }


def person(*, url: str, name: str, honours: str = "") -> dict:
    """A schema.org Person named on a page: `url` is their page's absolute address."""
    data = {"@type": "Person", "@id": url, "name": name, "url": url}
    if honours:
        data["honorificSuffix"] = honours
    return data


def article_reference(*, url: str, language: str) -> dict:
    """An article named on another page (a translation, a part of a series)."""
    return {"@type": "Article", "@id": url, "url": url, "inLanguage": language}


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
        "@type": "WebSite", "@id": f"{home}#website", "name": settings.SITE_NAME, "url": home,
        "description": str(settings.SITE_DESCRIPTION), "inLanguage": current_language(),
        "publisher": publisher(request),
    }
    return page_metadata(
        request, title=settings.SITE_NAME,
        full_title=f"{settings.SITE_NAME} – {settings.SITE_TAGLINE}",
        description=settings.SITE_DESCRIPTION, languages=language_codes(), nodes=[website],
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
