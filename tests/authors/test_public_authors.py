"""An author is public in a language once they sign a version public there.

Every surface follows AuthorQuerySet.public(): the author list, the author's page and
feed, the sitemap and the API.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.models import Status
from authors.models import Author
from core.i18n import reverse_in
from tests.factories import make_article, make_author

LANGUAGES = [code for code, _ in settings.LANGUAGES]
MOMENT = datetime(2031, 3, 4, 9, 0, tzinfo=UTC)


def surfaces(language: str, author: Author) -> dict[str, bool]:
    """Whether each public surface shows `author`, read in `language`."""
    client = Client()
    url = author.get_absolute_url(language)
    api = client.get(reverse("api:author_list"), {"language": language}).json()
    return {
        "list": url in client.get(reverse_in(language, "authors:list")).content.decode(),
        "page": client.get(url).status_code == 200,
        "feed": client.get(
            reverse_in(language, "authors:feed-rss", slug=author.slug)
        ).status_code == 200,
        "sitemap": url in client.get("/sitemap-authors.xml").content.decode(),
        "api list": author.slug in [item["slug"] for item in api["results"]],
        "api detail": client.get(
            reverse("api:author_detail", args=[author.slug]), {"language": language}
        ).status_code == 200,
    }


def everywhere(shown: bool, language: str, author: Author) -> dict[str, bool]:
    return dict.fromkeys(surfaces(language, author), shown)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", [Status.PLANNED, Status.DRAFT, Status.IN_REVIEW,
                                   Status.WITHDRAWN])
def test_an_author_whose_only_articles_are_not_public_is_nowhere(language, state):
    """An author whose only article is a draft (or planned, in review, withdrawn) has no
    page and is listed nowhere."""
    author = make_author("Hidden Author", bios={code: "A bio." for code in LANGUAGES})
    make_article(authors=[author], versions={
        code: {"status": state, "publish_at": None if state != Status.WITHDRAWN else
               MOMENT - timedelta(days=3)}
        for code in LANGUAGES
    })

    assert surfaces(language, author) == everywhere(False, language, author)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_author_is_public_in_the_languages_of_their_public_versions_only(language):
    author = make_author("Mixed Author", bios={code: "A bio." for code in LANGUAGES})
    make_article(authors=[author], versions={
        code: {} if code == language else {"status": Status.DRAFT, "publish_at": None}
        for code in LANGUAGES
    })

    for code in LANGUAGES:
        assert surfaces(code, author) == everywhere(code == language, code, author), code


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_author_becomes_public_when_their_first_version_is_published_on_schedule(
    language,
):
    """Before the scheduled instant the author is nowhere; from that instant, everywhere."""
    author = make_author("Scheduled Author")
    with time_machine.travel(MOMENT - timedelta(days=2), tick=False):
        make_article(authors=[author], versions={
            language: {"status": Status.SCHEDULED, "publish_at": MOMENT}
        })

    with time_machine.travel(MOMENT - timedelta(seconds=1), tick=False):
        before = surfaces(language, author)
    with time_machine.travel(MOMENT, tick=False):
        after = surfaces(language, author)

    assert before == everywhere(False, language, author)
    assert after == everywhere(True, language, author)


@pytest.mark.django_db
def test_the_author_page_offers_only_the_languages_the_author_is_public_in():
    """The language switcher, the page head and the sitemap name only public pages; the
    API gives the author's pages and bios in those languages only."""
    author = make_author("Switch Author", bios={code: "A bio." for code in LANGUAGES})
    first, *others = LANGUAGES
    make_article(authors=[author], versions={first: {}})

    html = Client().get(author.get_absolute_url(first)).content.decode()
    sitemap = Client().get("/sitemap-authors.xml").content.decode()
    item = Client().get(reverse("api:author_detail", args=[author.slug])).json()

    assert list(item["urls"]) == [first]
    assert [bio["language"] for bio in item["bios"]] == [first]
    for code in others:
        hidden = author.get_absolute_url(code)
        assert hidden not in html
        assert hidden not in sitemap
        assert reverse_in(code, "authors:list") in html
