"""The sitemap index and its sections with hreflang alternates.

robots.txt, which points to it: tests/powerplay/test_robots.py.
"""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from articles.models import ArticleTranslation, Status
from articles.sitemaps import ArticleSitemap
from core.i18n import reverse_in
from core.languages import language_codes
from pagecache.state import current_state
from tests.factories import make_article, make_author, make_series

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SERVER = "http://testserver"
SECTIONS = ["pages", "articles", "series", "authors", "tags"]


@pytest.fixture
def scene(db):
    """A bilingual article, a French-only one, an English-only one, and hidden versions."""
    now = timezone.now()
    series = make_series(fr={"slug": "jeux-de-pouvoir"}, en={"slug": "power-play"})
    ada = make_author("Ada Lovelace")
    both = make_article(series=series, part=1, authors=[ada], versions={
        "fr": {"slug": "pourquoi-ouvrir", "publish_at": now - timedelta(days=3)},
        "en": {"slug": "why-open", "publish_at": now - timedelta(days=3)},
    })
    both.versions.get(language="fr").tags.set(["stratégie"])
    both.versions.get(language="en").tags.set(["strategy"])
    french_only = make_article(series=series, part=2, authors=[ada], versions={
        "fr": {"slug": "pourquoi-fermer", "publish_at": now - timedelta(days=1)},
        "en": {"slug": "why-close", "status": Status.DRAFT, "publish_at": None},
    })
    english_only = make_article(versions={
        "en": {"slug": "standalone", "publish_at": now - timedelta(days=2)},
    })
    hidden = {
        "planned": {"status": Status.PLANNED, "publish_at": None},
        "draft": {"status": Status.DRAFT, "publish_at": None},
        "scheduled": {"status": Status.SCHEDULED, "publish_at": now + timedelta(days=3)},
        "withdrawn": {"status": Status.WITHDRAWN, "publish_at": now - timedelta(days=5)},
    }
    for part, (name, fields) in enumerate(hidden.items(), start=3):
        article = make_article(series=series, part=part, authors=[ada], announced=True,
                               versions={
            "fr": {"title": f"Caché {name}", "slug": f"cache-{name}", **fields},
            "en": {"title": f"Hidden {name}", "slug": f"hidden-{name}", **fields},
        })
        for version in article.versions.all():
            version.tags.set(["secret"])
    return {"series": series, "ada": ada, "both": both, "french_only": french_only,
            "english_only": english_only}


def fetch(path: str):
    response = Client().get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    return response, ET.fromstring(response.content)


def section_paths() -> list[str]:
    _, index = fetch("/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    return [loc.text.removeprefix(SERVER) for loc in index.iter(f"{SM}loc")]


def listed() -> dict[str, dict]:
    """Every URL of every section: loc → its lastmod and alternates (hreflang → href)."""
    urls = {}
    for path in section_paths():
        response, root = fetch(path)
        assert b'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in response.content
        for entry in root.iter(f"{SM}url"):
            loc = entry.findtext(f"{SM}loc")
            assert loc not in urls, loc
            urls[loc] = {
                "lastmod": entry.findtext(f"{SM}lastmod"),
                "alternates": {
                    link.get("hreflang"): link.get("href")
                    for link in entry.findall(f"{XHTML}link[@rel='alternate']")
                },
            }
    return urls


def all_content() -> str:
    return "".join(Client().get(path).content.decode() for path in section_paths())


def day(moment: datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


@pytest.mark.django_db
class TestSitemap:
    def test_index_names_each_section_once(self, scene):
        assert section_paths() == [f"/sitemap-{name}.xml" for name in SECTIONS]

    def test_every_public_version_is_listed_with_its_lastmod(self, scene):
        """Each public version is one URL; its lastmod is its revision, else publication."""
        revised = scene["both"].versions.get(language="en")
        ArticleTranslation.objects.filter(pk=revised.pk).update(
            revised_at=revised.publish_at + timedelta(days=1)
        )
        urls = listed()

        public = ArticleTranslation.objects.published()
        assert public.count() == 4
        for version in public:
            entry = urls[SERVER + version.get_absolute_url()]
            assert entry["lastmod"] == day(version.revised_at or version.publish_at)
        assert urls[SERVER + revised.get_absolute_url()]["lastmod"] == day(
            revised.publish_at + timedelta(days=1)
        )

    def test_every_other_public_page_is_listed(self, scene):
        urls = listed()

        for language in language_codes():
            for name in ["home", "articles:list", "series:list", "authors:list"]:
                assert SERVER + reverse_in(language, name) in urls
        for language in ["fr", "en"]:  # Ada has public articles in these
            assert SERVER + scene["ada"].get_absolute_url(language) in urls
        for language in ["fr", "en"]:  # the series has these texts
            assert SERVER + scene["series"].in_language(language).get_absolute_url() in urls
        assert SERVER + reverse_in("fr", "articles:tag", slug="stratégie") in urls
        assert SERVER + reverse_in("en", "articles:tag", slug="strategy") in urls
        # Pages in a language with nothing published in it have no date to give.
        assert all(entry["lastmod"] for url, entry in urls.items()
                   if url.startswith((f"{SERVER}/fr/", f"{SERVER}/en/")))

    def test_every_listed_url_answers(self, scene):
        for loc in listed():
            assert Client().get(loc.removeprefix(SERVER)).status_code == 200, loc

    def test_hidden_versions_are_not_mentioned(self, scene):
        """Planned, draft, future-scheduled and withdrawn versions, and their tags, stay out."""
        content = all_content()

        for name in ["planned", "draft", "scheduled", "withdrawn"]:
            assert f"cache-{name}" not in content and f"hidden-{name}" not in content
        assert "why-close" not in content
        assert "secret" not in content

    def test_alternates_name_only_existing_versions(self, scene):
        urls = listed()

        def alternates(version_path: str) -> dict[str, str]:
            return urls[SERVER + version_path]["alternates"]

        both_fr = SERVER + reverse_in("fr", "articles:detail", slug="pourquoi-ouvrir")
        both_en = SERVER + reverse_in("en", "articles:detail", slug="why-open")
        french = SERVER + reverse_in("fr", "articles:detail", slug="pourquoi-fermer")
        english = SERVER + reverse_in("en", "articles:detail", slug="standalone")
        expected = {"fr": both_fr, "en": both_en, "x-default": both_fr}
        assert urls[both_fr]["alternates"] == expected
        assert urls[both_en]["alternates"] == expected
        assert urls[french]["alternates"] == {"fr": french, "x-default": french}
        assert urls[english]["alternates"] == {"en": english, "x-default": english}
        series = scene["series"]
        assert alternates(series.in_language("en").get_absolute_url()) == {
            "fr": SERVER + series.in_language("fr").get_absolute_url(),
            "en": SERVER + series.in_language("en").get_absolute_url(),
            "x-default": SERVER + series.in_language("fr").get_absolute_url(),
        }

    def test_alternates_are_listed_and_reciprocal(self, scene):
        """Page A names B as a version exactly when B names A, and every named page is listed."""
        urls = listed()

        for loc, entry in urls.items():
            versions = {code: href for code, href in entry["alternates"].items()
                        if code != "x-default"}
            if not entry["alternates"]:
                continue
            assert loc in versions.values(), loc
            assert "x-default" in entry["alternates"], loc
            for href in versions.values():
                assert href in urls, href
                assert urls[href]["alternates"] == entry["alternates"], (loc, href)
        linked = sum(1 for entry in urls.values() if len(entry["alternates"]) > 2)
        assert linked >= 10  # articles, series, authors and list pages in both languages

    def test_scheduled_version_enters_the_sitemap_at_its_time(self, scene):
        """Absent a second before its publish time, present from that time on."""
        moment = timezone.now() + timedelta(hours=2)
        version = make_article(versions={"fr": {
            "slug": "a-l-heure", "status": Status.SCHEDULED, "publish_at": moment,
        }}).versions.get()
        loc = SERVER + version.get_absolute_url()

        with time_machine.travel(moment - timedelta(seconds=1), tick=False):
            assert loc not in listed()
        with time_machine.travel(moment, tick=False):
            assert listed()[loc]["lastmod"] == day(moment)

    def test_translation_of_a_french_only_article_appears_when_published(self, scene):
        """The alternates follow the versions: a new public version joins both lists."""
        version = scene["french_only"].versions.get(language="en")
        version.status = Status.PUBLISHED
        version.publish_at = timezone.now() - timedelta(minutes=1)
        version.save()

        urls = listed()

        french = SERVER + reverse_in("fr", "articles:detail", slug="pourquoi-fermer")
        english = SERVER + version.get_absolute_url()
        assert urls[french]["alternates"]["en"] == english
        assert urls[english]["alternates"]["fr"] == french

    def test_private_and_utility_pages_are_not_listed(self, scene):
        urls = listed()

        excluded = ["/admin/", "/sitemap", "/robots.txt"]
        for language in ["fr", "en"]:
            unavailable = reverse_in(language, "articles:unavailable", pk=scene["both"].pk)
            excluded += [unavailable.removesuffix(f"{scene['both'].pk}/"),
                         reverse_in(language, "articles:feed-rss"), reverse_in(language, "search")]
        for loc in urls:
            assert not any(part in loc for part in excluded), loc

    def test_a_large_section_is_split_into_pages(self, scene, monkeypatch):
        monkeypatch.setattr(ArticleSitemap, "limit", 3)

        paths = section_paths()

        assert "/sitemap-articles.xml?p=2" in paths
        first = fetch("/sitemap-articles.xml")[1]
        second = fetch("/sitemap-articles.xml?p=2")[1]
        assert len(first.findall(f"{SM}url")) == 3
        assert len(second.findall(f"{SM}url")) == 1
        assert Client().get("/sitemap-articles.xml?p=3").status_code == 404

    def test_unknown_section_is_not_found(self, db):
        assert Client().get("/sitemap-nothing.xml").status_code == 404


def publish_latest(scene, language: str) -> ArticleTranslation:
    """The newest public version of the site, in `language`."""
    return make_article(authors=[scene["ada"]], versions={language: {
        "slug": "latest", "publish_at": timezone.now() - timedelta(hours=1),
    }}).versions.get()


def withdraw(version: ArticleTranslation) -> None:
    version.status = Status.WITHDRAWN
    version.save()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
class TestRevalidation:
    def test_a_withdrawal_is_never_answered_not_modified(self, scene, language):
        """A crawler asking If-Modified-Since is sent the sitemap as it is now.

        Dated by its newest page, the sitemap would go back in time when that page is
        withdrawn, and a crawler holding the old date would be answered 304.
        """
        path = "/sitemap-articles.xml"
        version = publish_latest(scene, language)
        fetch(path)
        withdraw(version)
        since = http_date((version.publish_at + timedelta(seconds=1)).timestamp())

        again = Client().get(path, HTTP_IF_MODIFIED_SINCE=since)

        assert again.status_code == 200
        assert version.get_absolute_url() not in again.content.decode()

    def test_the_etag_says_whether_the_sitemap_changed(self, scene, language):
        path = "/sitemap-articles.xml"
        version = publish_latest(scene, language)
        first, _ = fetch(path)

        unchanged = Client().get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        withdraw(version)
        changed = Client().get(path, HTTP_IF_NONE_MATCH=first["ETag"])

        assert unchanged.status_code == 304
        assert changed.status_code == 200
        assert version.get_absolute_url() not in changed.content.decode()


def build_many(n: int) -> None:
    """n bilingual articles with an author and a tag each, in a series each."""
    for i in range(n):
        series = make_series(fr={"slug": f"s-{n}-{i}"}, en={"slug": f"t-{n}-{i}"})
        article = make_article(series=series, part=1, authors=[make_author()], versions={
            "fr": {"slug": f"fr-{n}-{i}"}, "en": {"slug": f"en-{n}-{i}"},
        })
        for version in article.versions.all():
            version.tags.set([f"tag-{n}-{i}"])


def count_queries(path: str) -> int:
    """The view's queries: the content state is known (found once per change, not per
    page, its cost bounded by tests/pagecache/test_due_state_cost.py)."""
    current_state(timezone.now())
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.django_db
def test_sitemap_query_count_does_not_grow_with_items():
    paths = ["/sitemap.xml", *(f"/sitemap-{name}.xml" for name in SECTIONS)]
    build_many(1)
    small = {path: count_queries(path) for path in paths}
    build_many(15)
    large = {path: count_queries(path) for path in paths}

    assert small == large
    assert max(small.values()) <= 15
