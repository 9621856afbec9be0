"""The author list and author pages (authors.views), in French and in English.

The fixture series_scene is in tests/conftest.py. What every page type does, author pages
included: tests/articles/test_reading_pages.py.
"""

import pytest

from core.i18n import reverse_in
from tests.pages import get


@pytest.mark.django_db
class TestAuthorPage:
    def test_author_page_shows_portrait_honours_bio_links_and_articles_here(self, series_scene):
        ada = series_scene["ada"]
        ada.website = "https://ada.example.org"
        ada.save()
        ada.links.create(label="ORCID", url="https://orcid.org/0000")

        _, english = get(reverse_in("en", "authors:detail", slug=ada.slug))
        _, french = get(reverse_in("fr", "authors:detail", slug=ada.slug))

        assert "FBA" in english
        assert "Ada writes in English." in english
        assert 'href="https://ada.example.org"' in english
        assert 'href="https://orcid.org/0000"' in english
        assert "Why open" in english and "Pourquoi fermer" not in english
        assert "Pourquoi fermer" in french and "Why open" not in french
