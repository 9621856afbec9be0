"""Readers see pending changes and scheduled withdrawals on no public surface before
their instant, and on every one from the second after it, with the page cache on.

A live version with pending changes keeps its live text everywhere (page, lists, feeds,
sitemap, search, structured data, API) until the change is published; a scheduled update
or withdrawal happens at its instant, on the first request after it or by the worker,
with no daemon. The clock is frozen one second on each side of each instant.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from articles.models import ArticleTranslation, PendingChange, Status
from core.i18n import reverse_in
from editorial import services
from editorial.models import Notice, NoticeKind
from pagecache.middleware import CACHE_HEADER
from tests.factories import client_for, make_article, make_author, make_series, make_staff
from tests.mail import run_worker

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LIVE_TITLE, NEW_TITLE = "Why open", "Why we open up"
# Each text's own word, for search.
LIVE_WORD, NEW_WORD = "giants", "dragons"


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def page_cache(settings, redis_cache):
    """The page cache on, in Redis as in production."""
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_MAX_AGE = 0
    settings.PAGE_SHARED_MAX_AGE = 60
    return redis_cache


@pytest.fixture
def scene():
    """An English version live since yesterday, in a series, signed by Ada, tagged."""
    ada = make_author("Ada Lovelace", slug="ada")
    series = make_series(en={"title": "Power Play", "slug": "power-play"})
    article = make_article(series=series, part=1, authors=[ada], versions={
        "en": {"title": LIVE_TITLE, "slug": "why-open", "body": f"Notes on {LIVE_WORD}.",
               # Whole seconds, as feeds write times.
               "publish_at": (timezone.now() - timedelta(days=1)).replace(microsecond=0)},
    })
    # Another part keeps the series and tag pages up once this one is withdrawn.
    other = make_article(series=series, part=2, authors=[ada],
                         versions={"en": {"slug": "part-two"}})
    other.versions.get().tags.set(["robots"])
    version = article.versions.get()
    version.tags.set(["robots"])
    return {
        "version": version,
        "writer": make_staff("Author", author=ada, email="ada@example.org"),
        "chief": make_staff("Editor"),
        "at": (timezone.now() + timedelta(days=1)).replace(microsecond=0),
        "pages": {
            "article page": version.get_absolute_url(),
            "article list": reverse_in("en", "articles:list"),
            "home": reverse_in("en", "home"),
            "series page": reverse_in("en", "series:detail", slug="power-play"),
            "tag page": reverse_in("en", "articles:tag", slug="robots"),
            "author page": ada.get_absolute_url("en"),
            "RSS feed": reverse_in("en", "articles:feed-rss"),
            "Atom feed": reverse_in("en", "articles:feed-atom"),
            "API list": reverse("api:article_list"),
            "API detail": reverse("api:article_detail", args=[version.pk]),
        },
    }


def prepare(scene) -> PendingChange:
    return services.changes_save(
        version=scene["version"],
        values={"title": NEW_TITLE, "body": f"Notes on {NEW_WORD}."},
        tag_names=["robots", "compute"], by=scene["writer"],
    )


def new_tag_page(reader: Client) -> tuple[int, str]:
    """The page of the tag only the changes add."""
    answer = reader.get(reverse_in("en", "articles:tag", slug="compute"))
    return answer.status_code, answer.content.decode()


def updated_on(reader: Client, scene) -> datetime | None:
    """The "Updated on" time the article page shows, None without one."""
    page = reader.get(scene["pages"]["article page"]).content.decode()
    shown = re.search(r'Updated on <time datetime="([^"]+)"', page)
    return datetime.fromisoformat(shown.group(1)) if shown else None


def read(scene, reader: Client) -> dict[str, tuple[int, str]]:
    """Each surface's status code and text, as `reader` gets it."""
    answers = {name: reader.get(path) for name, path in scene["pages"].items()}
    return {name: (answer.status_code, answer.content.decode())
            for name, answer in answers.items()}


def found(reader: Client, word: str) -> bool:
    page = reader.get(reverse_in("en", "search") + f"?q={word}").content.decode()
    return "why-open" in page


def sitemap_lastmod(reader: Client) -> date | None:
    """The article's lastmod in the sitemap; None when it is not listed."""
    sitemap = ET.fromstring(reader.get(
        reverse("sitemap-section", kwargs={"section": "articles"})
    ).content)
    for url in sitemap.iter(f"{SITEMAP}url"):
        if url.findtext(f"{SITEMAP}loc").endswith("/why-open/"):
            return date.fromisoformat(url.findtext(f"{SITEMAP}lastmod"))
    return None


def modified_dates(scene, reader: Client) -> dict[str, datetime]:
    """When each surface says the text last changed."""
    page = reader.get(scene["pages"]["article page"]).content.decode()
    graph = json.loads(re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    ).group(1))["@graph"]
    node = next(item for item in graph if item["@type"] == "Article")
    feed = ET.fromstring(reader.get(scene["pages"]["Atom feed"]).content)
    entry = next(entry for entry in feed.iter(f"{ATOM}entry")
                 if entry.find(f"{ATOM}link").get("href").endswith("/why-open/"))
    api = reader.get(scene["pages"]["API detail"]).json()
    return {
        "JSON-LD dateModified": datetime.fromisoformat(node["dateModified"]),
        "Atom updated": datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
        "API updated_at": datetime.fromisoformat(api["updated_at"].replace("Z", "+00:00")),
    }


def assert_live_text(answers) -> None:
    for name, (status, text) in answers.items():
        assert status == 200, name
        assert LIVE_TITLE in text and NEW_TITLE not in text, name


def assert_new_text(answers) -> None:
    for name, (status, text) in answers.items():
        assert status == 200, name
        assert NEW_TITLE in text and LIVE_TITLE not in text, name


def assert_gone(answers) -> None:
    for name, (status, text) in answers.items():
        if name in ("article page", "API detail"):
            assert status in (404, 410), name
        else:
            assert status == 200 and LIVE_TITLE not in text, name


class TestPendingChangesStayUnseen:
    def test_every_public_surface_shows_the_live_text_and_dates(self, scene, page_cache):
        published = scene["version"].publish_at
        reader = Client()
        read(scene, reader)  # Cached before the changes are typed.

        prepare(scene)
        services.changes_submit(version=scene["version"], by=scene["writer"])

        assert_live_text(read(scene, reader))
        assert found(reader, LIVE_WORD) and not found(reader, NEW_WORD)
        assert set(modified_dates(scene, reader).values()) == {published}
        assert sitemap_lastmod(reader) == timezone.localdate(published)
        assert updated_on(reader, scene) is None
        assert NEW_TITLE not in new_tag_page(reader)[1]

    def test_published_by_an_editor_every_surface_shows_the_new_text(self, scene, page_cache):
        reader = Client()
        prepare(scene)
        read(scene, reader)

        services.changes_publish(version=scene["version"], by=scene["chief"])

        assert_new_text(read(scene, reader))
        assert found(reader, NEW_WORD) and not found(reader, LIVE_WORD)


class TestScheduledUpdate:
    def schedule(self, scene, at):
        services.changes_schedule(version=scene["version"], at=at, by=scene["chief"])

    def test_readers_see_the_new_text_from_its_instant_on(self, scene, page_cache):
        at = scene["at"]
        published = scene["version"].publish_at
        prepare(scene)
        self.schedule(scene, at)
        reader = Client()

        with travel(at - timedelta(minutes=1)):
            read(scene, reader)  # Every page cached a minute before.
        with travel(at - timedelta(seconds=1)):
            assert reader.get(scene["pages"]["article page"])[CACHE_HEADER] == "hit"
            assert_live_text(read(scene, reader))
            assert found(reader, LIVE_WORD) and not found(reader, NEW_WORD)
            assert set(modified_dates(scene, reader).values()) == {published}
            assert sitemap_lastmod(reader) == timezone.localdate(published)
            assert updated_on(reader, scene) is None
            assert NEW_TITLE not in new_tag_page(reader)[1]
        with travel(at + timedelta(seconds=1)):
            assert_new_text(read(scene, reader))
            assert found(reader, NEW_WORD) and not found(reader, LIVE_WORD)
            assert set(modified_dates(scene, reader).values()) == {at}
            assert sitemap_lastmod(reader) == timezone.localdate(at)
            assert updated_on(reader, scene) == at
            status, text = new_tag_page(reader)
            assert status == 200 and NEW_TITLE in text
        assert ArticleTranslation.objects.get(pk=scene["version"].pk).revised_at == at

    def test_a_moved_update_happens_at_its_new_time_only(self, scene, page_cache):
        first, second = scene["at"], scene["at"] + timedelta(hours=2)
        prepare(scene)
        self.schedule(scene, first)
        self.schedule(scene, second)
        reader = Client()

        with travel(first + timedelta(seconds=1)):
            assert_live_text(read(scene, reader))
        with travel(second - timedelta(seconds=1)):
            assert_live_text(read(scene, reader))
        with travel(second + timedelta(seconds=1)):
            assert_new_text(read(scene, reader))
        assert ArticleTranslation.objects.get(pk=scene["version"].pk).revised_at == second

    def test_a_cancelled_update_never_happens(self, scene, page_cache):
        prepare(scene)
        self.schedule(scene, scene["at"])
        services.changes_back_to_draft(version=scene["version"], by=scene["chief"])
        reader = Client()

        with travel(scene["at"] + timedelta(seconds=1)):
            assert_live_text(read(scene, reader))
            assert services.make_due_changes(timezone.now()) == 0
        assert PendingChange.objects.get().status == Status.DRAFT


class TestScheduledWithdrawal:
    def schedule(self, scene, at):
        services.version_schedule_withdrawal(version=scene["version"], at=at,
                                             by=scene["chief"])

    def test_readers_lose_the_version_at_its_instant(self, scene, page_cache):
        at = scene["at"]
        self.schedule(scene, at)
        reader = Client()

        with travel(at - timedelta(minutes=1)):
            read(scene, reader)
        with travel(at - timedelta(seconds=1)):
            assert reader.get(scene["pages"]["home"])[CACHE_HEADER] == "hit"
            assert_live_text(read(scene, reader))
            assert found(reader, LIVE_WORD)
            assert sitemap_lastmod(reader) is not None
        with travel(at + timedelta(seconds=1)):
            assert_gone(read(scene, reader))
            assert not found(reader, LIVE_WORD)
            assert sitemap_lastmod(reader) is None
        assert ArticleTranslation.objects.get(pk=scene["version"].pk).status == Status.WITHDRAWN

    def test_a_moved_withdrawal_happens_at_its_new_time_only(self, scene, page_cache):
        first, second = scene["at"], scene["at"] + timedelta(hours=2)
        self.schedule(scene, first)
        self.schedule(scene, second)
        reader = Client()

        with travel(first + timedelta(seconds=1)):
            assert_live_text(read(scene, reader))
        with travel(second - timedelta(seconds=1)):
            assert_live_text(read(scene, reader))
        with travel(second + timedelta(seconds=1)):
            assert_gone(read(scene, reader))

    def test_a_cancelled_withdrawal_never_happens(self, scene, page_cache):
        self.schedule(scene, scene["at"])
        services.version_cancel_withdrawal(version=scene["version"], by=scene["chief"])
        reader = Client()

        with travel(scene["at"] + timedelta(seconds=1)):
            assert_live_text(read(scene, reader))
        version = ArticleTranslation.objects.get(pk=scene["version"].pk)
        assert (version.status, version.withdraw_at) == (Status.PUBLISHED, None)


class TestTheWorkerAlone:
    def test_the_worker_makes_them_at_their_instant_with_no_request(
        self, scene, django_capture_on_commit_callbacks
    ):
        at = scene["at"]
        other = make_article(versions={"en": {"title": "Another", "slug": "another"}})
        prepare(scene)
        with django_capture_on_commit_callbacks(execute=True):
            services.changes_schedule(version=scene["version"], at=at, by=scene["chief"])
            services.version_schedule_withdrawal(version=other.versions.get(), at=at,
                                                 by=scene["chief"])

        with travel(at - timedelta(seconds=1)):
            run_worker()
        assert PendingChange.objects.exists()
        with travel(at + timedelta(seconds=1)):
            run_worker()

        assert ArticleTranslation.objects.get(pk=scene["version"].pk).title == NEW_TITLE
        assert other.versions.get().status == Status.WITHDRAWN

    def test_a_request_and_the_worker_record_the_notices_once(
        self, scene, django_capture_on_commit_callbacks
    ):
        at = scene["at"]
        prepare(scene)
        with django_capture_on_commit_callbacks(execute=True):
            services.changes_schedule(version=scene["version"], at=at, by=scene["chief"])
        Notice.objects.all().delete()

        with travel(at + timedelta(seconds=1)):
            assert Client().get(scene["pages"]["article page"]).status_code == 200
            assert services.make_due_changes_task.call(at.isoformat()) == 0
            run_worker()

        notices = Notice.objects.filter(kind=NoticeKind.PUBLISHED)
        assert list(notices.values_list("recipient", "instant")) == [
            (scene["writer"].pk, at)
        ]


class TestWhatStaffSee:
    def test_the_status_names_a_scheduled_withdrawal_until_it_happens(self, scene):
        at = scene["at"]
        services.version_schedule_withdrawal(version=scene["version"], at=at,
                                             by=scene["chief"])
        with translation.override("en"):
            when = formats.date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT")
            listed = client_for(scene["chief"]).get(
                reverse("admin:articles_articletranslation_changelist")).content.decode()
            assert f"withdrawal scheduled for {when}" in listed

            services.version_cancel_withdrawal(version=scene["version"], by=scene["chief"])
            label = ArticleTranslation.objects.get(pk=scene["version"].pk).effective_status_label()
        assert "withdrawal" not in label
