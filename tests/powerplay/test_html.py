"""Public pages are well-formed HTML5 with the landmarks a screen reader expects."""

import re
from collections import Counter

import html5lib
import pytest
from django.core.management import call_command
from django.test import Client
from html5lib.html5parser import ParseError

from articles.models import ArticleTranslation
from articles.views import unavailable_url
from authors.models import Author
from series.models import SeriesTranslation


@pytest.fixture
def demo(db):
    from io import StringIO

    call_command("seed_demo", stdout=StringIO())


def demo_pages(language: str) -> list[str]:
    version = ArticleTranslation.objects.published().filter(language=language).first()
    series = SeriesTranslation.objects.filter(language=language).first()
    author = Author.objects.first()
    tag = version.tags.first()
    french_only = next(
        v for v in ArticleTranslation.objects.published().filter(language="fr")
        if not v.article.versions.filter(language="en").exists()
    )
    return [
        f"/{language}/",
        version.get_absolute_url(),
        series.get_absolute_url(),
        f"/{language}/series/",
        f"/{language}/articles/",
        author.get_absolute_url(language),
        f"/{language}/{'auteurs' if language == 'fr' else 'authors'}/",
        f"/{language}/{'sujets' if language == 'fr' else 'topics'}/{tag.slug}/",
        unavailable_url(french_only.article, "en"),
        f"/{language}/no-such-page/",
        f"/{language}/articles/%00/",  # the 400 page
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_parse_as_html5_without_errors(demo, language):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for path in demo_pages(language):
        html = Client().get(path).content.decode()
        try:
            document = parser.parse(html)
        except ParseError as error:
            pytest.fail(f"{path}: {error}")

        ids = Counter(el.get("id") for el in document.iter() if el.get("id"))
        assert [i for i, n in ids.items() if n > 1] == [], path
        for landmark in ("header", "main", "footer", "nav"):
            assert document.find(f".//{landmark}") is not None, (path, landmark)
        assert len(document.findall(".//h1")) == 1, path
        for image in document.iter("img"):
            assert image.get("alt") is not None, (path, image.attrib)
            assert image.get("width") and image.get("height"), (path, image.attrib)
        assert re.search(r"<title>[^<]+</title>", html), path
