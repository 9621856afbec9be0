"""The publication's name is one setting: every page, feed and the admin say it."""

import pytest
from django.test import Client

from core.i18n import reverse_in
from powerplay.errors import service_unavailable
from tests.factories import make_article, make_series

pytestmark = pytest.mark.django_db

NAME = "La Gazette du Lundi"


@pytest.fixture(autouse=True)
def renamed(settings):
    settings.SITE_NAME = NAME


@pytest.fixture
def site(db):
    series = make_series()
    make_article(series=series, part=1, versions={"fr": {}, "en": {}})
    return series


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_kind_of_page_names_the_publication_by_its_setting(site, language):
    client = Client()
    paths = [
        reverse_in(language, "home"),
        reverse_in(language, "articles:list"),
        reverse_in(language, "series:list"),
        reverse_in(language, "authors:list"),
        site.in_language(language).get_absolute_url(),
        reverse_in(language, "search"),
    ]
    for path in paths:
        html = client.get(path).text

        assert f"· {NAME}</title>" in html or f"<title>{NAME}" in html, path
        assert "Power Play" not in html, path
    home = client.get(reverse_in(language, "home")).text
    assert f'<meta property="og:site_name" content="{NAME}">' in home
    assert f'"name": "{NAME}"' in home
    missing = client.get(f"/{language}/nothing-here/")
    assert missing.status_code == 404
    assert f"· {NAME}</title>" in missing.text


@pytest.mark.parametrize(
    ("language", "title"),
    [("fr", f"{NAME} : derniers articles"), ("en", f"{NAME}: latest articles")],
)
def test_the_site_feed_is_titled_after_the_publication(site, language, title):
    feed = Client().get(reverse_in(language, "articles:feed-atom")).text

    assert f"<title>{title}</title>" in feed
    assert "Power Play" not in feed


def test_the_outage_page_needs_no_request_to_say_the_name():
    html = service_unavailable().content.decode()

    assert NAME in html
    assert "Power Play" not in html


def test_the_admin_is_headed_with_the_publication(admin_client):
    html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").text

    assert f"{NAME} administration" in html
    assert "Power Play" not in html
