"""The series pages and the front page (series.views), in French and in English.

The fixture series_scene is in tests/conftest.py. What every page type does, series pages
included: tests/articles/test_reading_pages.py.
"""

import pytest

from core.i18n import reverse_in
from tests.pages import get


@pytest.mark.django_db
class TestSeriesPage:
    def test_series_page_lists_published_parts_in_order_and_coming_next(self, series_scene):
        _, html = get(reverse_in("fr", "series:detail", slug="jeux-de-pouvoir"))
        parts = html.split('id="parts-title"')[1].split("</section>")[0]
        coming = html.split('id="coming-next-title"')[1]

        assert parts.index("Pourquoi ouvrir") < parts.index("Pourquoi fermer")
        assert "la rivalité des géants" in html
        assert "Titre provisoire trois" in coming
        assert "Programmé plus tard" in coming
        assert "Pourquoi fermer" not in coming

    def test_series_page_switches_to_the_series_in_the_other_language(self, series_scene):
        _, html = get(reverse_in("en", "series:detail", slug="power-play"))

        assert '<a href="/fr/series/jeux-de-pouvoir/" hreflang="fr" lang="fr">' in html


@pytest.mark.django_db
class TestHomePage:
    def test_home_shows_latest_articles_and_series(self, series_scene):
        _, html = get("/en/")

        assert "Why open" in html
        assert "Power Play" in html
        assert "the giants&#x27; rivalry" in html or "the giants’ rivalry" in html or (
            "the giants' rivalry" in html)
