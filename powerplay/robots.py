"""robots.txt: where the sitemap is, and the pages crawlers have no business indexing."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.i18n import reverse_in
from core.languages import language_codes


def search_path(language: str) -> str:
    """The search page's path in `language`, e.g. "/fr/recherche/"."""
    return reverse_in(language, "search")


def unavailable_prefix(language: str) -> str:
    """The path every "not available in this language" page starts with, in `language`."""
    return reverse_in(language, "articles:unavailable", pk=0).removesuffix("0/")


def disallowed_paths() -> list[str]:
    paths = [reverse("admin:index")]
    for code in language_codes():
        paths += [search_path(code), unavailable_prefix(code)]
    return paths


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallowed_paths()]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
