"""A series blurb is the end of a sentence the site writes: one full stop, never two."""

import html

import pytest
from django.conf import settings
from django.test import Client

from core.i18n import reverse_in
from tests.factories import make_article, make_series

LANGUAGES = [code for code, _ in settings.LANGUAGES]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("blurb", ["the race for compute.", "the race for compute. ",
                                   "the race for compute"])
def test_a_blurb_ending_with_a_full_stop_is_shown_with_one(language, blurb):
    series = make_series(**{code: {"slug": f"blurb-{code}", "blurb": blurb}
                            for code in LANGUAGES})
    version = make_article(series=series, part=1, versions={language: {}}).versions.get()
    text = series.translations.get(language=language)
    client = Client()

    pages = {
        "home": client.get(reverse_in(language, "home")),
        "series list": client.get(reverse_in(language, "series:list")),
        "series page": client.get(text.get_absolute_url()),
        "series feed": client.get(reverse_in(language, "series:feed-rss", slug=text.slug)),
        "article page": client.get(version.get_absolute_url()),
    }

    for name, response in pages.items():
        assert response.status_code == 200, name
        page = html.unescape(response.content.decode())
        assert "the race for compute." in page, name
        assert "the race for compute.." not in page, name
        assert "the race for compute. ." not in page, name
