"""The home page and a series page show a bounded list, however many series and parts.

The API's answer for a series: tests/api/test_bounded_lists.py.
"""

import pytest
from django.test import Client

import series.views
from core.i18n import reverse_in
from tests.factories import make_article, make_series


def get(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.django_db
def test_the_home_page_shows_a_few_series_and_links_to_all_of_them(monkeypatch):
    monkeypatch.setattr(series.views, "HOME_SERIES", 2)
    for n in range(3):
        shown = make_series(fr={"title": f"Série numéro {n}", "slug": f"serie-numero-{n}"})
        make_article(series=shown, part=1, versions={"fr": {}})

    html = get("/fr/")

    assert "Série numéro 0" in html and "Série numéro 1" in html
    assert "Série numéro 2" not in html
    assert f'href="{reverse_in("fr", "series:list")}"' in html.split('id="series-title"')[1]


@pytest.mark.django_db
def test_the_home_page_has_no_link_to_more_series_when_it_shows_them_all():
    make_article(series=make_series(fr={"title": "Seule série", "slug": "seule-serie"}),
                 versions={"fr": {}})

    html = get("/fr/")

    assert f'href="{reverse_in("fr", "series:list")}"' not in html.split('id="series-title"')[1]


@pytest.mark.django_db
def test_the_series_page_lists_fifty_parts_then_offers_the_next_page():
    series = make_series(fr={"title": "Longue série", "slug": "longue-serie"})
    for part in range(1, 52):
        make_article(series=series, part=part,
                     versions={"fr": {"title": f"Partie {part:02}", "slug": f"partie-{part}"}})

    first, second = get("/fr/series/longue-serie/"), get("/fr/series/longue-serie/?page=2")

    assert "Partie 50" in first and "Partie 51" not in first
    assert "Partie 51" in second and "Partie 50" not in second
    assert 'rel="next"' in first
