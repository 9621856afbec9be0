"""RSS and Atom feeds: per language, series, author and tag; public versions only.

The fixture syndication_scene is in tests/conftest.py. What only an author's feed does:
tests/authors/test_author_feeds.py.
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

from articles.feeds import AtomFeedGenerator, RssFeedGenerator, xml_safe
from articles.models import ArticleTranslation, Status
from core.i18n import reverse_in
from pagecache.state import current_state
from tests.factories import make_article, make_author, make_series
from tests.feeds import ATOM, SERVER, entries, feed_links, fetch

LANGUAGES = ["fr", "en"]
FORMATS = ["rss", "atom"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def feed_paths(scene, language: str, fmt: str) -> dict[str, str]:
    series_slug = scene["series"].in_language(language).slug
    tag = "stratégie" if language == "fr" else "strategy"
    return {
        "site": reverse_in(language, f"articles:feed-{fmt}"),
        "series": reverse_in(language, f"series:feed-{fmt}", slug=series_slug),
        "ada": reverse_in(language, f"authors:feed-{fmt}", slug=scene["ada"].slug),
        "alan": reverse_in(language, f"authors:feed-{fmt}", slug=scene["alan"].slug),
        "tag": reverse_in(language, f"articles:tag-feed-{fmt}", slug=tag),
    }


EXPECTED_TITLES = {
    "fr": {
        "site": ["Pourquoi fermer", "Pourquoi ouvrir"],
        "series": ["Pourquoi fermer", "Pourquoi ouvrir"],
        "ada": ["Pourquoi fermer", "Pourquoi ouvrir"],
        "alan": ["Pourquoi ouvrir"],
        "tag": ["Pourquoi fermer", "Pourquoi ouvrir"],
    },
    "en": {
        "site": ["A standalone essay", "Why open"],
        "series": ["Why open"],
        "ada": ["Why open"],
        "alan": ["A standalone essay", "Why open"],
        "tag": ["Why open"],
    },
}


def feed_language(root, fmt: str) -> str:
    return root.findtext("channel/language") if fmt == "rss" else root.get(XML_LANG)


def as_in_feed(moment: datetime, fmt: str) -> datetime:
    """RSS dates stop at the second; Atom's keep the microseconds."""
    return moment.replace(microsecond=0) if fmt == "rss" else moment


@pytest.mark.django_db
class TestEntries:
    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("kind", ["site", "series", "ada", "alan", "tag"])
    def test_each_feed_lists_its_public_versions_newest_first(
        self, syndication_scene, kind, language, fmt
    ):
        """Each feed holds the public versions of its subject in the URL's language."""
        response, root = fetch(feed_paths(syndication_scene, language, fmt)[kind])

        assert [e["title"] for e in entries(root, fmt)] == EXPECTED_TITLES[language][kind]
        assert feed_language(root, fmt) == language
        assert response["Content-Type"].startswith(f"application/{fmt}+xml")

    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_an_entry_carries_what_a_reader_needs(self, syndication_scene, language, fmt):
        """Title, absolute link, standfirst, every author in byline order, date and tags."""
        version = syndication_scene["first"].versions.get(language=language)
        _, root = fetch(feed_paths(syndication_scene, language, fmt)["series"])

        entry = entries(root, fmt)[-1]

        assert entry["title"] == version.title
        assert entry["link"] == SERVER + version.get_absolute_url()
        assert entry["summary"] == version.standfirst
        assert entry["published"] == as_in_feed(version.publish_at, fmt)
        assert entry["categories"] == sorted(tag.name for tag in version.tags.all())
        if fmt == "rss":
            assert entry["authors"] == ["Alan Turing, Ada Lovelace"]
        else:
            assert entry["authors"] == ["Alan Turing", "Ada Lovelace"]
            assert entry["author_uris"] == [
                SERVER + syndication_scene["alan"].get_absolute_url(language),
                SERVER + syndication_scene["ada"].get_absolute_url(language),
            ]
            assert entry["updated"] == entry["published"]

    def test_atom_entry_shows_when_the_text_was_revised(self, syndication_scene):
        """A revision after publication is the entry's update time."""
        version = syndication_scene["first"].versions.get(language="en")
        revised = version.publish_at + timedelta(days=1)
        ArticleTranslation.objects.filter(pk=version.pk).update(revised_at=revised)

        _, root = fetch(feed_paths(syndication_scene, "en", "atom")["series"])

        entry = entries(root, "atom")[-1]
        assert entry["updated"] == revised
        assert entry["published"] == version.publish_at

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_feed_titles_name_their_subject(self, syndication_scene, fmt):
        paths = feed_paths(syndication_scene, "en", fmt)
        title = "channel/title" if fmt == "rss" else f"{ATOM}title"

        titles = {kind: fetch(path)[1].findtext(title) for kind, path in paths.items()}

        assert "Power Play" in titles["series"]
        assert "Ada Lovelace" in titles["ada"]
        assert "strategy" in titles["tag"]

    def test_feed_keeps_only_the_30_newest(self, db):
        now = timezone.now()
        for n in range(32):
            make_article(versions={"en": {"title": f"Essay {n}",
                                          "publish_at": now - timedelta(hours=n + 1)}})

        _, root = fetch(reverse_in("en", "articles:feed-atom"))

        titles = [e["title"] for e in entries(root, "atom")]
        assert titles == [f"Essay {n}" for n in range(30)]


@pytest.mark.django_db
class TestVisibility:
    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_no_feed_mentions_a_hidden_version(self, syndication_scene, language, fmt):
        """Planned, draft, future-scheduled and withdrawn versions appear in no feed."""
        for path in feed_paths(syndication_scene, language, fmt).values():
            content = Client().get(path).content.decode()
            for name in ["planned", "draft", "scheduled", "withdrawn"]:
                assert f"idden {name}" not in content and f"Caché {name}" not in content
                assert f"hidden-{name}" not in content and f"cache-{name}" not in content
            assert "Why close" not in content and "why-close" not in content
            assert "secret" not in content

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_scheduled_version_enters_the_feeds_at_its_time(self, syndication_scene, fmt):
        """Absent a second before its publish time, present from that time on."""
        moment = timezone.now() + timedelta(hours=2)
        make_article(series=syndication_scene["series"], part=20,
                     authors=[syndication_scene["ada"]], versions={
            "en": {"title": "On the hour", "slug": "on-the-hour", "status": Status.SCHEDULED,
                   "publish_at": moment},
        })
        paths = feed_paths(syndication_scene, "en", fmt)
        del paths["tag"]  # the new version carries no tag

        def titles_at(at: datetime) -> dict[str, list[str]]:
            with time_machine.travel(at, tick=False):
                return {k: [e["title"] for e in entries(fetch(p)[1], fmt)]
                        for k, p in paths.items()}

        assert not any("On the hour" in t for t in titles_at(moment - timedelta(seconds=1))
                       .values())
        for kind, titles in titles_at(moment).items():
            if kind != "alan":
                assert titles[0] == "On the hour", kind

    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize(("name", "kwargs"), [
        ("series:feed", {"slug": "no-such-series"}),
        ("series:feed", {"slug": "jeux-de-pouvoir"}),  # the French slug, asked in English
        ("authors:feed", {"slug": "nobody"}),
        ("articles:tag-feed", {"slug": "nothing"}),
        ("articles:tag-feed", {"slug": "secret"}),  # only on hidden versions
        ("articles:tag-feed", {"slug": "stratégie"}),  # a French tag, asked in English
    ])
    def test_unknown_subject_is_not_found(self, syndication_scene, fmt, name, kwargs):
        response = Client().get(reverse_in("en", f"{name}-{fmt}", **kwargs))

        assert response.status_code == 404



@pytest.fixture
def two_articles(db):
    """Two public articles in both languages, in one series, by one author, on one tag."""
    now = timezone.now()
    series = make_series(fr={"slug": "jeux"}, en={"slug": "games"})
    ada = make_author("Ada Lovelace")
    made = {}
    for name, days in [("older", 3), ("newer", 1)]:
        article = make_article(series=series, part=days, authors=[ada], versions={
            "fr": {"title": f"Titre {name}", "slug": f"fr-{name}",
                   "publish_at": now - timedelta(days=days)},
            "en": {"title": f"Title {name}", "slug": f"en-{name}",
                   "publish_at": now - timedelta(days=days)},
        })
        article.versions.get(language="fr").tags.set(["stratégie"])
        article.versions.get(language="en").tags.set(["strategy"])
        made[name] = article
    return {"series": series, "ada": ada, **made}


def subject_feeds(scene, language: str, fmt: str) -> dict[str, str]:
    tag = "stratégie" if language == "fr" else "strategy"
    return {
        "site": reverse_in(language, f"articles:feed-{fmt}"),
        "series": reverse_in(language, f"series:feed-{fmt}",
                             slug=scene["series"].in_language(language).slug),
        "author": reverse_in(language, f"authors:feed-{fmt}", slug=scene["ada"].slug),
        "tag": reverse_in(language, f"articles:tag-feed-{fmt}", slug=tag),
    }


def withdraw(version: ArticleTranslation) -> None:
    version.status = Status.WITHDRAWN
    version.save()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["site", "series", "author", "tag"])
class TestRevalidation:
    def test_a_withdrawal_is_never_answered_not_modified(self, two_articles, kind, language,
                                                         fmt):
        """A reader who fetched the feed before a withdrawal is sent the feed without it.

        Feed readers revalidate with If-Modified-Since: dated by the newest entry, the
        feed would go back in time when that entry is withdrawn, and be answered 304.
        """
        path = subject_feeds(two_articles, language, fmt)[kind]
        newer = two_articles["newer"].versions.get(language=language)
        older = two_articles["older"].versions.get(language=language)
        first = Client().get(path)
        assert newer.title in first.content.decode()
        withdraw(newer)
        # What the feed said it was last modified before the fix, and a second later.
        since = http_date((newer.publish_at + timedelta(seconds=1)).timestamp())

        again = Client().get(path, HTTP_IF_MODIFIED_SINCE=since)

        assert again.status_code == 200
        content = again.content.decode()
        assert newer.title not in content
        assert older.title in content

    def test_the_etag_says_whether_the_feed_changed(self, two_articles, kind, language, fmt):
        path = subject_feeds(two_articles, language, fmt)[kind]
        first = Client().get(path)

        unchanged = Client().get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        withdraw(two_articles["newer"].versions.get(language=language))
        changed = Client().get(path, HTTP_IF_NONE_MATCH=first["ETag"])

        assert unchanged.status_code == 304
        assert changed.status_code == 200
        assert changed["ETag"] != first["ETag"]


CONTROLS = "\x01\x08\x0b\x0c\x1b\x1f\ufffe"


@pytest.mark.django_db
class TestPastedControlCharacters:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_control_characters_never_break_a_feed(self, db, fmt):
        """Characters XML cannot carry are dropped from titles, standfirsts, names and tags."""
        author = make_author(f"Eve{CONTROLS} Smith")
        article = make_article(authors=[author], versions={"en": {
            "title": f"Bad{CONTROLS} title", "slug": "bad-title",
            "standfirst": f"A\x07 standfirst{CONTROLS}",
            "body": f"Body{CONTROLS}",
        }})
        article.versions.get().tags.set([f"ta{CONTROLS}g"])

        for path in [reverse_in("en", f"articles:feed-{fmt}"),
                     reverse_in("en", f"authors:feed-{fmt}", slug=author.slug)]:
            _, root = fetch(path)  # parses, so the XML is well formed
            entry = entries(root, fmt)[0]
            assert entry["title"] == "Bad title"
            assert entry["summary"] == "A standfirst"
            assert entry["authors"] == ["Eve Smith"]
            assert entry["categories"] == ["tag"]

    @pytest.mark.parametrize("generator", [RssFeedGenerator, AtomFeedGenerator])
    def test_nul_and_lone_surrogates_are_dropped_too(self, generator):
        """The database refuses some of these; the feed must not depend on it."""
        feed = generator(title="Feed\x00", link="https://example.org/", description="D\ud800")
        feed.add_item(title="Ti\x00tle\udfff", link="https://example.org/a/",
                      description="S\x0bummary", categories=["t\x00ag"],
                      author_name="A\x00da", authors=[{"name": "A\ud83dda", "uri": "https://x/"}])

        root = ET.fromstring(feed.writeString("utf-8").encode())

        assert "Title" in [element.text for element in root.iter()]
        assert "\x00" not in feed.writeString("utf-8")

    def test_xml_safe_keeps_everything_xml_allows(self):
        text = "Tab\tnew\nline\r · «é» 😀 \ue000 \u00a0"

        assert xml_safe(text) == text
        assert xml_safe("a\x00b\x1fc\ud800d\uffffe") == "abcde"


@pytest.mark.django_db
class TestAutodiscovery:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_each_page_type_announces_its_feeds(self, syndication_scene, language):
        """Every page offers the site feed; subject pages add their own, which work."""
        series_slug = syndication_scene["series"].in_language(language).slug
        ada = syndication_scene["ada"]
        tag = "stratégie" if language == "fr" else "strategy"
        first = syndication_scene["first"].versions.get(language=language)
        site = [reverse_in(language, f"articles:feed-{fmt}") for fmt in FORMATS]
        series = [reverse_in(language, f"series:feed-{fmt}", slug=series_slug) for fmt in FORMATS]
        pages = {
            reverse_in(language, "home"): [site],
            reverse_in(language, "articles:list"): [site],
            reverse_in(language, "series:list"): [site],
            reverse_in(language, "authors:list"): [site],
            reverse_in(language, "series:detail", slug=series_slug): [site, series],
            first.get_absolute_url(): [site, series],
            ada.get_absolute_url(language): [site, [
                reverse_in(language, f"authors:feed-{fmt}", slug=ada.slug) for fmt in FORMATS]],
            reverse_in(language, "articles:tag", slug=tag): [site, [
                reverse_in(language, f"articles:tag-feed-{fmt}", slug=tag) for fmt in FORMATS]],
        }
        for page, expected in pages.items():
            response = Client().get(page)
            assert response.status_code == 200, page
            links = feed_links(response.content.decode())
            rss = [href for _title, href in links["application/rss+xml"]]
            atom = [href for _title, href in links["application/atom+xml"]]
            assert rss == [SERVER + feed[0] for feed in expected], page
            assert atom == [SERVER + feed[1] for feed in expected], page
            for href in rss + atom:
                assert Client().get(href.removeprefix(SERVER)).status_code == 200, href


    def test_article_outside_a_series_announces_only_the_site_feed(self, syndication_scene):
        page = Client().get(reverse_in("en", "articles:detail", slug="standalone")).content.decode()

        assert len(feed_links(page)["application/rss+xml"]) == 1


def build_many(n: int, language: str) -> dict[str, str]:
    """n public versions, each with two authors and two tags, in one series."""
    series = make_series(fr={"slug": f"s-fr-{n}"}, en={"slug": f"s-en-{n}"})
    authors = [make_author() for _ in range(2)]
    for i in range(n):
        article = make_article(series=series, part=i + 1, authors=authors,
                               versions={language: {}})
        article.versions.get().tags.set([f"t{n}", f"u{n}-{i}"])
    return {
        "site": reverse_in(language, "articles:feed-rss"),
        "series": reverse_in(language, "series:feed-atom", slug=series.in_language(language).slug),
        "author": reverse_in(language, "authors:feed-rss", slug=authors[0].slug),
        "tag": reverse_in(language, "articles:tag-feed-atom", slug=f"t{n}"),
    }


def count_queries(path: str) -> int:
    """The view's queries: the content state is known (found once per change, not per
    page, its cost bounded by tests/pagecache/test_due_state_cost.py)."""
    current_state(timezone.now())
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_query_count_does_not_grow_with_entries(language):
    small = {kind: count_queries(path) for kind, path in build_many(1, language).items()}
    large = {kind: count_queries(path) for kind, path in build_many(15, language).items()}

    assert small == large
    assert max(small.values()) <= 4
