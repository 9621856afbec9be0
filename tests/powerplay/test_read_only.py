"""Readers only read: public addresses answer GET and HEAD, and 405 to any other method.

Pages, feeds, sitemaps, robots.txt and the API answer TRACE, OPTIONS, PUT, DELETE, PATCH
and POST with a 405 that names what is allowed (`Allow: GET, HEAD`): on the site a
small page in the address's language, never the page itself; on the API its JSON
error. A page the page cache holds is no exception. The admin still takes its forms.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.i18n import reverse_in
from pagecache.middleware import CACHE_HEADER
from tests.factories import make_article, make_author, make_series

LANGUAGES = [code for code, _name in settings.LANGUAGES]
REFUSED = ["OPTIONS", "TRACE", "PUT", "DELETE", "PATCH", "POST"]
ALLOW = "GET, HEAD"
TITLE = "Secret of the page {}"


@pytest.fixture
def site(db):
    """A series, an author and a tagged article, in every language."""
    series = make_series(**{code: {"title": f"Série {code}", "slug": f"serie-{code}"}
                            for code in LANGUAGES})
    author = make_author("Ada Lovelace", bios={code: "Bio." for code in LANGUAGES})
    article = make_article(series=series, part=1, authors=[author], versions={
        code: {"title": TITLE.format(code), "slug": f"article-{code}"} for code in LANGUAGES
    })
    for version in article.versions.all():
        version.tags.set([f"tag-{version.language}"])
    return {"series": series, "author": author, "article": article}


def pages(site, language: str) -> list[str]:
    """Every kind of public page and feed of one language."""
    version = site["article"].versions.get(language=language)
    series_slug = site["series"].in_language(language).slug
    author_slug = site["author"].slug
    tag = f"tag-{language}"
    return [
        reverse_in(language, "home"),
        reverse_in(language, "articles:list"),
        version.get_absolute_url(),
        reverse_in(language, "articles:tag", slug=tag),
        reverse_in(language, "search") + "?q=secret",
        reverse_in(language, "series:list"),
        reverse_in(language, "series:detail", slug=series_slug),
        reverse_in(language, "authors:list"),
        reverse_in(language, "authors:detail", slug=author_slug),
        reverse_in(language, "articles:feed-rss"),
        reverse_in(language, "articles:feed-atom"),
        reverse_in(language, "articles:tag-feed-atom", slug=tag),
        reverse_in(language, "series:feed-rss", slug=series_slug),
        reverse_in(language, "authors:feed-atom", slug=author_slug),
    ]


def outside_languages(site) -> list[str]:
    """The site's addresses outside every language's pages, but the API's."""
    return [reverse("sitemap"), reverse("sitemap-section", args=["articles"]),
            reverse("robots"), reverse("root")]


def api_addresses(site) -> list[str]:
    version = site["article"].versions.first()
    return [
        reverse("api:index"),
        reverse("api:article_list"),
        reverse("api:article_detail", args=[version.pk]),
        reverse("api:series_list"),
        reverse("api:series_detail", args=[site["series"].pk]),
        reverse("api:author_list"),
        reverse("api:author_detail", args=[site["author"].slug]),
        reverse("api:tag_list"),
        "/api/v1/nothing-here/",
    ]


def assert_friendly_405(response, language: str) -> None:
    assert response.status_code == 405
    assert response["Allow"] == ALLOW
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert translation.gettext("This address can only be read") in html
    assert "Traceback" not in html
    assert "Secret of the page" not in html  # not the page that was asked for


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("method", REFUSED)
def test_pages_and_feeds_answer_405_in_the_address_s_language(site, language, method):
    client = Client(raise_request_exception=False)
    for path in pages(site, language):
        response = client.generic(method, path)
        assert_friendly_405(response, language)


@pytest.mark.parametrize("method", REFUSED)
def test_sitemaps_and_robots_answer_405_in_the_browser_s_language(site, method):
    for language in LANGUAGES:
        client = Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
        for path in outside_languages(site):
            assert_friendly_405(client.generic(method, path), language)


@pytest.mark.parametrize("method", REFUSED)
def test_the_api_answers_405_in_json(site, method):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for path in api_addresses(site):
        response = client.generic(method, path)

        assert response.status_code == 405, path
        assert response["Allow"] == ALLOW
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"error": "This API is read-only: use GET."}


def test_get_and_head_still_read_every_public_address(site):
    client = Client()
    paths = [*(path for code in LANGUAGES for path in pages(site, code)),
             *outside_languages(site)[:-1], *api_addresses(site)[:-1]]
    for path in paths:
        for method in ["GET", "HEAD"]:
            assert client.generic(method, path).status_code == 200, (method, path)


def test_the_405_page_needs_no_database(site, django_assert_num_queries):
    path = site["article"].versions.get(language=LANGUAGES[0]).get_absolute_url()

    with django_assert_num_queries(0):
        response = Client().generic("TRACE", path)

    assert response.status_code == 405


def test_an_unknown_address_is_still_a_404(site):
    for language in LANGUAGES:
        response = Client().generic("TRACE", f"/{language}/no-such-page/")
        assert response.status_code == 404


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "POST"])
def test_a_page_the_page_cache_holds_is_refused_too(site, settings, method):
    settings.PAGE_CACHE_SECONDS = 300
    client = Client(raise_request_exception=False)
    for language in LANGUAGES:
        path = site["article"].versions.get(language=language).get_absolute_url()
        client.get(path)
        assert client.get(path)[CACHE_HEADER] == "hit"

        refused = client.generic(method, path)

        assert_friendly_405(refused, language)
        # The cache is untouched: the page is still served from it.
        again = client.get(path)
        assert again.status_code == 200
        assert again[CACHE_HEADER] == "hit"
        assert TITLE.format(language) in again.content.decode()


def test_the_admin_still_takes_its_forms(site, editor):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post(reverse("admin:login"), {"username": "editor", "password": "pw"})

    assert response.status_code == 302
