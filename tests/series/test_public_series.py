"""A series is public in a language once one of its parts is public there.

Every surface follows SeriesQuerySet.public(): the home page, the series list, the
series page and its feed, the sitemap and the API.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.models import Status
from core.i18n import reverse_in
from series.models import Series, SeriesTranslation
from tests.factories import make_article, make_series

LANGUAGES = [code for code, _ in settings.LANGUAGES]
MOMENT = datetime(2031, 3, 4, 9, 0, tzinfo=UTC)


def series_in_every_language(name: str) -> Series:
    return make_series(**{
        code: {"title": f"{name} {code}", "slug": f"{name.lower()}-{code}"}
        for code in LANGUAGES
    })


def surfaces(language: str, text: SeriesTranslation) -> dict[str, bool]:
    """Whether each public surface shows the series text `text`, read in `language`."""
    client = Client()
    api = client.get(reverse("api:series_list"), {"language": language}).json()
    return {
        "home": text.title in client.get(reverse_in(language, "home")).content.decode(),
        "list": text.title in client.get(reverse_in(language, "series:list")).content.decode(),
        "page": client.get(text.get_absolute_url()).status_code == 200,
        "feed": client.get(
            reverse_in(language, "series:feed-rss", slug=text.slug)
        ).status_code == 200,
        "sitemap": text.get_absolute_url() in client.get("/sitemap-series.xml").content.decode(),
        "api list": text.series_id in [item["id"] for item in api["results"]],
        "api detail": client.get(
            reverse("api:series_detail", args=[text.series_id]), {"language": language}
        ).status_code == 200,
    }


def everywhere(shown: bool, language: str, text: SeriesTranslation) -> dict[str, bool]:
    return dict.fromkeys(surfaces(language, text), shown)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", [Status.PLANNED, Status.DRAFT, Status.IN_REVIEW,
                                   Status.WITHDRAWN])
def test_a_series_whose_parts_are_not_public_is_nowhere(language, state):
    """A series with only drafts (or planned, in review, withdrawn parts) has no page and
    is listed nowhere."""
    series = series_in_every_language("Hidden")
    make_article(series=series, part=1, announced=True, versions={
        code: {"status": state, "publish_at": None if state != Status.WITHDRAWN else
               MOMENT - timedelta(days=3)}
        for code in LANGUAGES
    })
    text = series.translations.get(language=language)

    assert surfaces(language, text) == everywhere(False, language, text)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_series_is_public_in_the_languages_of_its_public_parts_only(language):
    series = series_in_every_language("Mixed")
    make_article(series=series, part=1, versions={language: {}})

    for code in LANGUAGES:
        text = series.translations.get(language=code)
        assert surfaces(code, text) == everywhere(code == language, code, text), code


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_series_becomes_public_when_its_first_part_is_published_on_schedule(language):
    """Before the scheduled instant the series is nowhere; from that instant, everywhere."""
    series = series_in_every_language("Scheduled")
    with time_machine.travel(MOMENT - timedelta(days=2), tick=False):
        make_article(series=series, part=1, versions={
            language: {"status": Status.SCHEDULED, "publish_at": MOMENT}
        })
    text = series.translations.get(language=language)

    with time_machine.travel(MOMENT - timedelta(seconds=1), tick=False):
        before = surfaces(language, text)
    with time_machine.travel(MOMENT, tick=False):
        after = surfaces(language, text)

    assert before == everywhere(False, language, text)
    assert after == everywhere(True, language, text)


@pytest.mark.django_db
def test_the_series_page_offers_only_the_languages_the_series_is_public_in():
    """The language switcher and the sitemap's alternates name only public texts."""
    series = series_in_every_language("Switch")
    first, *others = LANGUAGES
    make_article(series=series, part=1, versions={first: {}})
    text = series.translations.get(language=first)

    html = Client().get(text.get_absolute_url()).content.decode()
    sitemap = Client().get("/sitemap-series.xml").content.decode()

    for code in others:
        hidden = series.translations.get(language=code).get_absolute_url()
        assert hidden not in html
        assert hidden not in sitemap
        assert reverse_in(code, "series:list") in html
