"""A series page describes the series and its parts to search engines (series.metadata).

The fixture metadata_scene is in tests/conftest.py. What every page's metadata says, a
series page's included: tests/core/test_metadata.py.
"""

import pytest

from core.i18n import reverse_in
from tests.pages import HOST, head

LANGUAGES = ["fr", "en"]
LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def series_path(language: str) -> str:
    return reverse_in(language, "series:detail",
                      slug={"fr": "jeux-de-pouvoir", "en": "power-play"}[language])


def article_path(language: str, slug: str) -> str:
    return reverse_in(language, "articles:detail", slug=slug)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_series_page_is_a_creative_work_series_with_its_public_parts(metadata_scene, language):
    page = head(series_path(language))
    series = page.node("CreativeWorkSeries")

    assert series["url"] == HOST + series_path(language)
    assert series["name"] == {"fr": "Jeux de pouvoir", "en": "Power Play"}[language]
    assert page.meta["og:locale:alternate"] == [LOCALES[other] for other in LANGUAGES
                                               if other != language]
    parts = [(part["position"], part["url"]) for part in series["hasPart"]]
    both = {"fr": "pourquoi-ouvrir", "en": "why-open"}[language]
    expected = [(2, HOST + article_path(language, both))]
    if language == "fr":
        expected.append((3, HOST + article_path("fr", "pourquoi-fermer")))
    assert parts == expected
