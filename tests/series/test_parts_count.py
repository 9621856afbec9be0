"""Readers see where each part stands: "Part 2 of 5", counting the parts they know of.

A part is known to readers of a language once it is public there or announced; the
series page's cards and the article page's series box say it.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from articles.models import Status
from tests.factories import make_article, make_series

LANGUAGES = [code for code, _ in settings.LANGUAGES]
MOMENT = datetime(2031, 3, 4, 9, 0, tzinfo=UTC)


def part_of(language: str, part: int, total: int) -> str:
    with translation.override(language):
        return gettext("Part %(part)s of %(total)s") % {"part": part, "total": total}


def everywhere(**overrides) -> dict:
    return {code: dict(overrides) for code in LANGUAGES}


@pytest.fixture
def series(db):
    """Parts 1 and 2 public everywhere, 3 announced (a draft), 4 a draft nobody knows of."""
    series = make_series(**{code: {"slug": f"counted-{code}"} for code in LANGUAGES})
    make_article(series=series, part=1, versions=everywhere())
    make_article(series=series, part=2, versions=everywhere())
    make_article(series=series, part=3, announced=True,
                 versions=everywhere(status=Status.DRAFT, publish_at=None))
    make_article(series=series, part=4, versions=everywhere(status=Status.DRAFT, publish_at=None))
    return series


def series_page(series, language: str) -> str:
    response = Client().get(series.translations.get(language=language).get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def series_box(series, language: str, part: int) -> str:
    version = series.articles.get(part=part).versions.get(language=language)
    response = Client().get(version.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('class="series-box"', 1)[1].split("</aside>", 1)[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_series_page_counts_public_and_announced_parts(series, language):
    """Two public parts and one announced: "Part 1 of 3", "Part 2 of 3"; the draft nobody
    announced is not counted."""
    html = series_page(series, language)

    assert part_of(language, 1, 3) in html
    assert part_of(language, 2, 3) in html
    assert part_of(language, 1, 4) not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_series_box_of_an_article_says_where_it_stands(series, language):
    assert part_of(language, 2, 3) in series_box(series, language, part=2)
    assert part_of(language, 1, 3) in series_box(series, language, part=1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_part_public_in_one_language_counts_there_only(series, language):
    make_article(series=series, part=5, versions={
        code: {} if code == language else {"status": Status.DRAFT, "publish_at": None}
        for code in LANGUAGES
    })

    for code in LANGUAGES:
        total = 5 if code == language else 3
        assert part_of(code, 2, total) in series_page(series, code), code
        assert part_of(code, 2, total) in series_box(series, code, part=2), code


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_scheduled_part_counts_from_its_publication_time(series, language):
    with time_machine.travel(MOMENT - timedelta(days=1), tick=False):
        make_article(series=series, part=4 + 1, versions={
            language: {"status": Status.SCHEDULED, "publish_at": MOMENT}
        })

    with time_machine.travel(MOMENT - timedelta(seconds=1), tick=False):
        before = series_page(series, language), series_box(series, language, part=1)
    with time_machine.travel(MOMENT, tick=False):
        after = series_page(series, language), series_box(series, language, part=1)

    assert all(part_of(language, 1, 3) in html for html in before)
    assert all(part_of(language, 1, 5) in html for html in after)
