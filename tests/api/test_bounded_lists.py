"""The API's answer for a series shows a bounded list of parts, however many it has."""

import json

import pytest
from django.test import Client
from django.urls import reverse

import api.views
from tests.factories import make_article, make_series


def get(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.django_db
def test_the_api_series_answer_bounds_its_parts_and_links_to_all_of_them(monkeypatch):
    monkeypatch.setattr(api.views, "MAX_PARTS", 2)
    series = make_series(fr={"slug": "api-serie"})
    for part in range(1, 4):
        make_article(series=series, part=part, versions={"fr": {"title": f"Partie {part}"}})

    payload = json.loads(get(reverse("api:series_detail", args=[series.pk]) + "?language=fr"))
    everything = json.loads(Client().get(payload["parts_url"]).content)

    assert [part["title"] for part in payload["parts"]] == ["Partie 1", "Partie 2"]
    assert payload["published_parts"] == {"fr": 3}
    assert sorted(item["title"] for item in everything["results"]) == [
        "Partie 1", "Partie 2", "Partie 3",
    ]
