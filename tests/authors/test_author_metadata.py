"""An author's page describes its author to search engines (authors.metadata).

The fixture metadata_scene is in tests/conftest.py. What every page's metadata says, an
author page's included: tests/core/test_metadata.py.
"""

import pytest

from core.i18n import reverse_in
from tests.pages import ATTACK, HOST, head

LANGUAGES = ["fr", "en"]


@pytest.mark.django_db
class TestAuthorPage:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_author_is_a_person(self, metadata_scene, language):
        person = head(reverse_in(language, "authors:detail", slug="ada")).node("Person")

        assert person["name"] == "Ada Lovelace"
        assert person["honorificSuffix"] == "FBA"
        assert person["url"] == HOST + reverse_in(language, "authors:detail", slug="ada")
        assert person["sameAs"] == ["https://ada.example.org", "https://social.example.org/@ada"]
        assert person["jobTitle"] == "Professor"
        assert person["description"] == {"fr": "Ada écrit des essais.",
                                         "en": "Ada writes essays."}[language]

    def test_a_bio_cannot_break_out_of_the_json_ld(self, metadata_scene):
        metadata_scene["ada"].translations.filter(language="en").update(
            bio=f'She wrote "--> {ATTACK}'
        )

        page = head(reverse_in("en", "authors:detail", slug="ada"))

        assert ATTACK not in page.html
        assert [el.get("type") for el in page.scripts] == ["application/ld+json"]
        assert page.node("Person")["description"] == f'She wrote "--> {ATTACK}'
