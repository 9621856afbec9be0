"""Which languages a page exists in, for the language switcher and hreflang links."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils import translation

from core.languages import current_language, language_codes


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    exists: bool  # False: the link leads to a page saying the version does not exist yet


@dataclass(frozen=True)
class PageLanguages:
    """The versions of one page: `versions` exist; `links` offers every other language."""

    current: str
    versions: dict[str, str] = field(default_factory=dict)
    links: list[LanguageLink] = field(default_factory=list)

    @property
    def alternates(self) -> list[tuple[str, str]]:
        return sorted(self.versions.items())

    @property
    def x_default(self) -> str | None:
        if settings.LANGUAGE_CODE in self.versions:
            return self.versions[settings.LANGUAGE_CODE]
        return next(iter(self.versions.values()), None)


def language_name(code: str) -> str:
    """A language's name in that language ("Français", "English").

    Django knows the names of the languages it ships translations for; for any other,
    the name given in settings.LANGUAGES stands.
    """
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return str(dict(settings.LANGUAGES)[code])


def on_page(url: str, page: Page | None = None) -> str:
    """`url` showing `page` of its list: ?page=N past the first page, no other parameter."""
    if page is None or page.number <= 1:
        return url
    return f"{url}?{urlencode({'page': page.number})}"


def page_languages(
    versions: dict[str, str], missing: Callable[[str], str] | None = None,
    page: Page | None = None,
) -> PageLanguages:
    """Links for a page that exists in `versions` (language → URL).

    `missing(code)` gives the page to send a reader to for a language without a version;
    without it, such languages are not offered. On a list, `page` is the page shown: each
    version is linked at the same page number, as the canonical address names it.
    """
    versions = {code: on_page(url, page) for code, url in versions.items()}
    current = current_language()
    links = []
    for code in language_codes():
        if code == current:
            continue
        if code in versions:
            links.append(LanguageLink(code, language_name(code), versions[code], True))
        elif missing is not None:
            links.append(LanguageLink(code, language_name(code), missing(code), False))
    return PageLanguages(current=current, versions=versions, links=links)


def reverse_in(language: str, viewname: str, **kwargs) -> str:
    """The path of `viewname` in `language`: "/fr/auteurs/…" rather than "/en/authors/…"."""
    return _reversed(
        language, viewname, tuple(kwargs.items()),
        settings.ROOT_URLCONF, get_urlconf(), get_script_prefix(),
    )


# A list page links dozens of articles: reversing each costs more than the rest of its
# card. A path depends only on what names it and on the URL configuration in force.
@lru_cache(maxsize=8192)
def _reversed(language, viewname, kwargs, root_urlconf, urlconf, script_prefix) -> str:
    with translation.override(language):
        return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs) or None)


def home_url(code: str) -> str:
    return reverse_in(code, "home")


def same_page_in_every_language(
    path: str, page: Page | None = None, query: str = ""
) -> PageLanguages:
    """For pages whose URL only differs by language (lists, author pages, search).

    `query` ("q=…") is kept on the switch's links, as a search's words, but not on the
    alternates that crawlers read.
    """
    current = current_language()
    versions = {}
    for code in language_codes():
        url = translate_url(path, code)
        if url != path or code == current:
            versions[code] = url
    found = page_languages(versions, missing=home_url, page=page)
    if not query:
        return found
    return replace(found, links=[
        replace(link, url=f"{link.url}?{query}") if link.exists else link
        for link in found.links
    ])
