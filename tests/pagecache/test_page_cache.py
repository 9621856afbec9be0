"""The page cache: anonymous readers get cached pages that are never stale.

Each editor action shows on the very next request on every page that displays what it
changed; a scheduled article appears at its minute though pages were cached before;
signed-in staff neither receive nor fill cached pages; a cache that is down only makes
pages slower.
"""

import json
import logging
import os
import re
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
import reversion
import time_machine
from django.conf import settings as settings_module
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version as RevisionRecord
from taggit.models import Tag

from articles.models import ArticleTranslation, Status
from authors.models import AuthorTranslation
from core.i18n import reverse_in
from editorial.models import ShareLink
from editorial.services import series_reorder, version_publish, version_withdraw
from pagecache import backend as page_cache_backend
from pagecache import state as state_module
from pagecache.invalidation import GENERATION_KEY, bump_content_generation
from pagecache.middleware import (
    CACHE_HEADER,
    PAGE_KEY_PREFIX,
    STAFF_COOKIE,
    LocalCopies,
    is_shareable,
)
from pagecache.state import SETTLE
from redirects.services import redirect_record
from series.models import SeriesTranslation
from tests.factories import (
    make_article,
    make_author,
    make_series,
    make_staff,
    rendered_form_data,
)
from tests.network import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_MAX_AGE = 0
    settings.PAGE_SHARED_MAX_AGE = 60


def text(response) -> str:
    return response.content.decode()


def frozen(instant):
    """Every clock stopped at `instant`: the views', the visibility rule's, the page cache's.

    time.time() stops too, so a cache entry's lifetime is counted on the same clock as
    the publication it waits for.
    """
    return time_machine.travel(instant, tick=False)


@pytest.fixture
def scene(db):
    """A series: part 1 public in both languages, part 2 announced, part 3 a draft."""
    series = make_series(
        fr={"title": "Jeux de pouvoir", "slug": "jeux-de-pouvoir",
            "blurb": "la rivalité des géants"},
        en={"title": "Power Play", "slug": "power-play", "blurb": "the giants’ rivalry"},
    )
    ada = make_author("Ada Lovelace", bios={"fr": "Ada écrit des essais.",
                                            "en": "Ada writes essays."}, slug="ada")
    first = make_article(series=series, part=1, authors=[ada], versions={
        "fr": {"title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir"},
        "en": {"title": "Why open", "slug": "why-open", "body": "Notes on giants."},
    })
    first.versions.get(language="en").tags.set(["robots"])
    follow_up = make_article(series=series, part=2, announced=True, authors=[ada], versions={
        "en": {"title": "Working title two", "slug": "two", "status": Status.PLANNED,
               "publish_at": None},
    })
    draft = make_article(series=series, part=3, authors=[ada], versions={
        "en": {"title": "Why close", "slug": "why-close", "status": Status.DRAFT,
               "publish_at": None, "body": "More notes on giants."},
    })
    draft.versions.get(language="en").tags.set(["robots"])
    scene = {
        "series": series, "ada": ada, "first": first, "follow_up": follow_up, "draft": draft,
        "editor": make_staff("Editor"),
    }
    scene["pages"] = {
        "article": reverse_in("en", "articles:detail", slug="why-open"),
        "french article": reverse_in("fr", "articles:detail", slug="pourquoi-ouvrir"),
        "draft's address": reverse_in("en", "articles:detail", slug="why-close"),
        "series": reverse_in("en", "series:detail", slug="power-play"),
        "home": reverse_in("en", "home"),
        "author": ada.get_absolute_url("en"),
        "tag": reverse_in("en", "articles:tag", slug="robots"),
        "new tag": reverse_in("en", "articles:tag", slug="compute"),
        "feed": reverse_in("en", "articles:feed-rss"),
        "series feed": reverse_in("en", "series:feed-rss", slug="power-play"),
        "author feed": reverse_in("en", "authors:feed-rss", slug="ada"),
        "tag feed": reverse_in("en", "articles:tag-feed-rss", slug="robots"),
        "sitemap": reverse("sitemap-section", kwargs={"section": "articles"}),
        "search": reverse_in("en", "search") + "?q=giants",
        "api articles": reverse("api:article_list"),
        "api series": reverse("api:series_detail", args=[series.pk]),
        "api author": reverse("api:author_detail", args=["ada"]),
        "api tags": reverse("api:tag_list"),
    }
    return scene


def version(article, language="en") -> ArticleTranslation:
    return article.versions.get(language=language)


# What editors do, as they do it: through the workflow services or a model's save().


def publish(scene):
    version_publish(version=version(scene["draft"]), by=scene["editor"])


def edit_text(scene):
    row = version(scene["first"])
    row.title = "Why open, revised"
    row.save()


def withdraw(scene):
    version_withdraw(version=version(scene["first"]), by=scene["editor"])


def change_series_blurb(scene):
    text_row = SeriesTranslation.objects.get(series=scene["series"], language="en")
    text_row.blurb = "the race for compute"
    text_row.save()


def change_author_bio(scene):
    bio = AuthorTranslation.objects.get(author=scene["ada"], language="en")
    bio.bio = "Ada now teaches statistics."
    bio.save()


def rename_tag(scene):
    tag = Tag.objects.get(name="robots")
    tag.name = "Robots and AI"
    tag.save()


def tag_a_version(scene):
    version(scene["first"]).tags.add("compute")


def change_working_title(scene):
    row = version(scene["follow_up"])
    row.title = "Why compute matters"
    row.save()


def reorder_parts(scene):
    order = [scene["draft"].pk, scene["first"].pk, scene["follow_up"].pk]
    series_reorder(series=scene["series"], order=order, by=scene["editor"])


def rename_slug(scene):
    row = version(scene["first"])
    old = row.get_absolute_url()
    row.slug = "why-open-now"
    row.save()
    # What the admin records along with the save.
    redirect_record(old_path=old, new_path=row.get_absolute_url())


def pick_related(scene):
    other = make_article(authors=[scene["ada"]], versions={
        "en": {"title": "An editor’s pick", "slug": "pick", "status": Status.PUBLISHED},
    })
    scene["first"].related_articles.add(other)


def delete_article(scene):
    scene["first"].delete()


ACTIONS = {
    "publish": publish,
    "edit text": edit_text,
    "withdraw": withdraw,
    "change a series blurb": change_series_blurb,
    "change an author bio": change_author_bio,
    "rename a tag": rename_tag,
    "tag a version": tag_a_version,
    "change a follow-up's working title": change_working_title,
    "reorder parts": reorder_parts,
    "rename a slug": rename_slug,
    "pick a related article": pick_related,
    "delete an article": delete_article,
}

PART_2_KICKER = '<p class="kicker">Part 2</p>'

# (action, page, what the page shows once the action is done). A string is text the page
# then contains and did not before; "-text" text it no longer contains; an int a status.
GRID = [
    *(("publish", page, "Why close") for page in [
        "article", "series", "home", "author", "tag", "feed", "series feed", "author feed",
        "tag feed", "search", "api articles",
    ]),
    ("publish", "draft's address", 200),
    ("publish", "sitemap", "/en/articles/why-close/"),
    *(("edit text", page, "Why open, revised") for page in [
        "article", "series", "home", "author", "tag", "feed", "series feed", "author feed",
        "tag feed", "search", "api articles",
    ]),
    ("withdraw", "article", 404),
    *(("withdraw", page, "-Why open") for page in [
        "series", "home", "author", "tag", "feed", "series feed", "author feed", "tag feed",
        "search", "api articles",
    ]),
    ("withdraw", "sitemap", "-/en/articles/why-open/"),
    ("withdraw", "french article", "-/en/articles/why-open/"),
    *(("change a series blurb", page, "the race for compute") for page in [
        "article", "series", "home", "series feed", "api series",
    ]),
    *(("change an author bio", page, "Ada now teaches statistics.") for page in [
        "article", "author", "api author",
    ]),
    *(("rename a tag", page, "Robots and AI") for page in [
        "article", "tag", "tag feed", "api tags", "api articles",
    ]),
    ("tag a version", "article", "compute"),
    ("tag a version", "api articles", "compute"),
    ("tag a version", "new tag", 200),
    *(("change a follow-up's working title", page, "Why compute matters") for page in [
        "article", "series", "api series",
    ]),
    ("reorder parts", "article", PART_2_KICKER),
    ("reorder parts", "series", '<p class="card__kicker">Part 2 of 3</p>'),
    ("reorder parts", "api articles", '"part": 2'),
    ("rename a slug", "article", 301),
    ("rename a slug", "home", "/en/articles/why-open-now/"),
    ("rename a slug", "sitemap", "/en/articles/why-open-now/"),
    ("rename a slug", "french article", "/en/articles/why-open-now/"),
    ("pick a related article", "article", "An editor’s pick"),
    ("delete an article", "article", 404),
    ("delete an article", "home", "-Why open"),
    ("delete an article", "api articles", "-Why open"),
]


def shows(response, expected) -> bool:
    if isinstance(expected, int):
        return response.status_code == expected
    if expected.startswith("-"):
        return expected[1:] not in text(response)
    return expected in text(response)


@pytest.mark.parametrize(("action", "page", "expected"), GRID,
                         ids=[f"{action} → {page}" for action, page, _ in GRID])
def test_an_editor_action_shows_on_the_very_next_request(scene, action, page, expected):
    """The page was cached for readers; the action is on it at the next request."""
    reader = Client()
    path = scene["pages"][page]
    reader.get(path)
    cached = reader.get(path)
    assert cached[CACHE_HEADER] == "hit"
    assert not shows(cached, expected)

    ACTIONS[action](scene)

    assert shows(reader.get(path), expected)


def test_a_restored_revision_shows_on_the_very_next_request(scene):
    """Restoring saves raw rows, without save(): the cached pages go all the same."""
    row = version(scene["first"])
    with reversion.create_revision():
        row.save()
    with reversion.create_revision():
        row.title = "Why open, second thoughts"
        row.save()
    reader = Client()
    path = scene["pages"]["article"]
    reader.get(path)
    assert "second thoughts" in text(reader.get(path))

    RevisionRecord.objects.get_for_object(row).last().revision.revert()

    assert "second thoughts" not in text(reader.get(path))


def test_the_search_vectors_command_refreshes_cached_results(scene):
    """Text written in bulk is searchable once the command ran, cached result pages too."""
    reader = Client()
    path = reverse_in("en", "search") + "?q=quokka"
    reader.get(path)
    ArticleTranslation.objects.filter(pk=version(scene["first"]).pk).update(
        body="About a quokka.", body_text=""
    )
    assert "Why open" not in text(reader.get(path))

    from django.core.management import call_command
    call_command("update_search_vectors", stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert "Why open" in text(reader.get(path))


# Scheduled publications -------------------------------------------------------------


SCHEDULED_PAGES = ["home", "series", "author", "feed", "tag", "api articles", "sitemap",
                   "draft's address"]


@pytest.mark.parametrize("page", SCHEDULED_PAGES)
def test_a_scheduled_article_appears_at_its_minute_though_the_page_was_cached(scene, page):
    """Cached half a minute before, the page shows the article at its time, not before."""
    at = timezone.now().replace(microsecond=0) + timedelta(minutes=10)
    row = version(scene["draft"])
    row.status, row.publish_at = Status.SCHEDULED, at
    row.save()
    reader = Client()
    path = scene["pages"][page]

    with frozen(at - timedelta(seconds=30)):
        before = reader.get(path)
        assert reader.get(path)[CACHE_HEADER] == "hit"
    with frozen(at - timedelta(microseconds=1)):
        just_before = reader.get(path)
    with frozen(at):
        on_time = reader.get(path)

    for response in (before, just_before):
        assert response.status_code == 404 or "why-close" not in text(response)
    assert on_time.status_code == 200
    assert "why-close" in text(on_time)


def test_a_page_is_kept_no_longer_than_until_the_next_publication(scene, settings):
    """The cache entry and the CDN's copy both end when the scheduled article appears."""
    at = timezone.now().replace(microsecond=0) + timedelta(minutes=10)
    row = version(scene["draft"])
    row.status, row.publish_at = Status.PUBLISHED, at
    row.save()

    with frozen(at - timedelta(seconds=45)), mock.patch.object(
        caches["default"], "set", wraps=caches["default"].set
    ) as stored:
        response = Client().get(scene["pages"]["home"])

    assert response["Cache-Control"] == "public, max-age=0, s-maxage=45"
    timeouts = [call.args[2] for call in stored.call_args_list if len(call.args) == 3]
    assert timeouts == [45]


def test_the_next_publication_is_the_first_future_time_of_a_version_readers_will_see(scene):
    """Drafts and withdrawn versions do not count, nor anything already public."""
    now = timezone.now()
    make_article(versions={
        "en": {"status": Status.SCHEDULED, "publish_at": now + timedelta(hours=2)},
        "fr": {"status": Status.DRAFT, "publish_at": now + timedelta(hours=1)},
    })
    make_article(versions={"en": {"status": Status.WITHDRAWN,
                                  "publish_at": now + timedelta(minutes=5)}})
    make_article(versions={"en": {"status": Status.PUBLISHED,
                                  "publish_at": now + timedelta(hours=3)}})

    versions = ArticleTranslation.objects
    assert versions.next_publication_after(now) == now + timedelta(hours=2)
    assert versions.next_publication_after(now + timedelta(hours=2)) == now + timedelta(hours=3)
    assert versions.next_publication_after(now + timedelta(hours=3)) is None


# Who gets cached pages --------------------------------------------------------------


def signed_in(user) -> Client:
    """A browser that signed in through the admin's sign-in page, as editors do."""
    browser = Client()
    answer = browser.post(reverse("admin:login"), {
        "username": user.get_username(), "password": "pw", "next": reverse("admin:index"),
    })
    assert answer.status_code == 302, answer
    return browser


def test_a_signed_in_editor_sees_a_fresh_page_where_readers_have_a_cached_one(
    scene, settings
):
    # A change that bypasses save() tells which answer was rendered afresh, as long as
    # nothing else kept what the page shows (pagecache.memo, tested on its own).
    settings.CONTENT_MEMO = False
    reader = Client()
    path = scene["pages"]["article"]
    reader.get(path)
    # The readers' copy stays as it was.
    ArticleTranslation.objects.filter(pk=version(scene["first"]).pk).update(
        title="Why open, unannounced"
    )
    editor = signed_in(scene["editor"])

    seen_by_editor = editor.get(path)

    assert "Why open, unannounced" in text(seen_by_editor)
    assert seen_by_editor["Cache-Control"] == "private, no-cache"
    assert seen_by_editor[CACHE_HEADER] == "bypass"
    assert "Why open, unannounced" not in text(reader.get(path))


def test_an_editor_request_leaves_nothing_in_the_cache(scene):
    editor = signed_in(scene["editor"])
    path = scene["pages"]["home"]
    editor.get(path)
    editor.get(path)

    assert Client().get(path)[CACHE_HEADER] == "miss"


def test_an_editor_who_signed_out_is_a_reader_again(scene):
    editor = signed_in(scene["editor"])
    path = scene["pages"]["home"]
    Client().get(path)

    editor.post(reverse("admin:logout"))

    assert STAFF_COOKIE not in {k for k, v in editor.cookies.items() if v.value}
    assert editor.get(path)[CACHE_HEADER] == "hit"


@pytest.mark.parametrize("cookie", [
    f"{settings_module.SESSION_COOKIE_NAME}=made-up-session-key",
    f"{STAFF_COOKIE}=1",  # not signed by the site
    f"{STAFF_COOKIE}=1:forged:signature",
    "csrftoken=abc; theme=dark",
])
def test_made_up_cookies_are_served_from_the_cache(scene, cookie):
    path = scene["pages"]["article"]
    Client().get(path)

    answer = Client(HTTP_COOKIE=cookie).get(path)

    assert answer[CACHE_HEADER] == "hit"
    assert "public" in answer["Cache-Control"]


def test_an_authorization_header_is_served_from_the_cache(scene):
    path = scene["pages"]["api articles"]
    Client().get(path)

    with_credentials = Client(HTTP_AUTHORIZATION="Bearer abc").get(path)

    assert with_credentials[CACHE_HEADER] == "hit"


# Which query parameters ----------------------------------------------------------------


@pytest.mark.parametrize("page", ["article", "series", "feed", "sitemap", "api articles"])
@pytest.mark.parametrize("query", [
    "utm_source=news&utm_medium=email", "fbclid=IwAR0abc", "gclid=x1&mc_cid=y", "x1=2",
])
def test_tracking_and_unknown_parameters_share_the_page_without_them(scene, page, query):
    path = scene["pages"][page]
    plain = Client().get(path)

    tracked = Client().get(f"{path}?{query}")

    assert tracked[CACHE_HEADER] == "hit"
    assert tracked.content == plain.content


def test_parameters_that_change_a_page_keep_entries_of_their_own(scene):
    search = scene["pages"]["search"]
    other = reverse_in("en", "search") + "?q=essays"
    first_page = reverse("api:article_list") + "?page=1"
    Client().get(search)

    assert Client().get(other)[CACHE_HEADER] == "miss"
    assert Client().get(f"{search}&utm_source=x")[CACHE_HEADER] == "hit"
    assert Client().get(first_page)[CACHE_HEADER] == "miss"
    assert Client().get(first_page)[CACHE_HEADER] == "hit"


def test_a_page_answered_with_tracking_parameters_never_echoes_them(scene):
    make_many = [
        make_article(versions={"en": {"slug": f"filler-{n}", "title": f"Filler {n}"}})
        for n in range(13)
    ]
    assert make_many
    for path in [reverse_in("en", "articles:list") + "?utm_source=news&page=1",
                 reverse("api:article_list") + "?utm_source=news&page_size=2"]:
        body = text(Client().get(path))

        assert "utm_source" not in body, path
        assert "page=2" in body, path


def test_a_redirect_asked_with_tracking_parameters_is_not_kept(scene):
    redirect_record(old_path="/en/articles/old-why-open/", new_path=scene["pages"]["article"])

    tracked = Client().get("/en/articles/old-why-open/?utm_source=news")
    plain = Client().get("/en/articles/old-why-open/")

    assert tracked.status_code == plain.status_code == 301
    assert tracked["Location"] == scene["pages"]["article"] + "?utm_source=news"
    assert plain["Location"] == scene["pages"]["article"]
    assert plain[CACHE_HEADER] == "miss"


def test_public_pages_do_not_vary_on_the_cookie(scene):
    reader = Client()
    for response in (reader.get(scene["pages"]["article"]), reader.get(scene["pages"]["article"])):
        assert "Cookie" not in response.get("Vary", "")
        assert "Accept-Encoding" in response["Vary"]
        assert not response.cookies


def test_share_links_and_previews_are_never_cached(scene):
    row = version(scene["draft"])
    link = ShareLink.objects.create(
        version=row, created_by=scene["editor"],
        expires_at=timezone.now() + timedelta(days=1),
    )
    path = link.get_absolute_url()
    outsider = Client()
    first = outsider.get(path)
    ArticleTranslation.objects.filter(pk=row.pk).update(title="Why close, second draft")

    second = outsider.get(path)

    assert first.status_code == 200
    assert "Why close, second draft" in text(second)
    assert "no-store" in second["Cache-Control"]
    assert CACHE_HEADER not in second


def test_the_admin_is_never_cached(scene):
    response = Client().get(reverse("admin:login"))

    assert response.status_code == 200
    assert CACHE_HEADER not in response


@pytest.mark.parametrize(("headers", "shareable"), [
    ({}, True),
    ({"Cache-Control": "private"}, False),
    ({"Cache-Control": "no-cache"}, False),
    ({"Cache-Control": "no-store"}, False),
    ({"Cache-Control": "max-age=0"}, False),
    ({"Vary": "Cookie"}, False),
    ({"Set-Cookie": True}, False),
])
def test_only_responses_meant_for_anyone_are_kept(headers, shareable):
    response = HttpResponse("page")
    for name, value in headers.items():
        if name == "Set-Cookie":
            response.set_cookie("sessionid", "x")
        else:
            response[name] = value

    assert is_shareable(response) is shareable


@pytest.mark.parametrize(("status", "kept"), [
    (200, True), (301, True), (404, True), (400, False), (403, False), (500, False),
    (503, False),
])
def test_which_statuses_are_kept(status, kept):
    """Server errors and refusals are never kept; a 404 is, until content changes."""
    assert is_shareable(HttpResponse("page", status=status)) is kept


def test_a_search_is_cached_under_its_own_query(scene):
    reader = Client()
    base = reverse_in("en", "search")
    reader.get(base + "?q=why")

    other = reader.get(base + "?q=pourquoi")
    again = reader.get(base + "?q=why")

    assert other[CACHE_HEADER] == "miss"
    assert again[CACHE_HEADER] == "hit"


def test_an_overlong_query_string_is_answered_but_not_kept(scene):
    reader = Client()
    path = reverse_in("en", "search") + "?q=" + "why " * 80
    reader.get(path)

    again = reader.get(path)

    assert again.status_code == 200
    assert again[CACHE_HEADER] == "miss"


def test_head_is_answered_from_the_entry_get_filled(scene):
    reader = Client()
    path = scene["pages"]["article"]
    got = reader.get(path)

    head = reader.head(path)

    assert head[CACHE_HEADER] == "hit"
    assert head["ETag"] == got["ETag"]
    assert head.content == b""


def test_pages_are_cached_per_host(scene, settings):
    """Pages carry absolute addresses, so each host name has its own copy."""
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]
    reader = Client()
    reader.get(scene["pages"]["article"])

    other_host = reader.get(scene["pages"]["article"], HTTP_HOST="www.example.org")

    assert other_host[CACHE_HEADER] == "miss"
    assert "http://www.example.org/en/articles/why-open/" in text(other_host)


def test_with_the_page_cache_off_nothing_is_cached_nor_shared(scene, settings):
    settings.PAGE_CACHE_SECONDS = 0
    reader = Client()
    reader.get(scene["pages"]["article"])

    again = reader.get(scene["pages"]["article"])

    assert CACHE_HEADER not in again
    assert "Cache-Control" not in again


# Conditional GET and Cache-Control --------------------------------------------------


def test_an_unchanged_page_is_a_304(scene):
    reader = Client()
    path = scene["pages"]["article"]
    first = reader.get(path)

    again = reader.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_changed_page_is_sent_in_full_with_a_new_etag(scene):
    reader = Client()
    path = scene["pages"]["article"]
    first = reader.get(path)
    edit_text(scene)

    again = reader.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_public_pages_tell_browsers_to_revalidate_and_a_cdn_to_keep_a_minute(scene):
    reader = Client()
    for name in ["article", "home", "series", "feed", "sitemap", "draft's address"]:
        response = reader.get(scene["pages"][name])
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=60", name


def test_the_api_keeps_its_own_cache_control_bounded_by_the_next_publication(scene):
    at = timezone.now().replace(microsecond=0) + timedelta(minutes=10)
    path = scene["pages"]["api articles"]
    assert Client().get(path)["Cache-Control"] == "public, max-age=60"
    row = version(scene["draft"])
    row.status, row.publish_at = Status.SCHEDULED, at
    row.save()

    with frozen(at - timedelta(seconds=20)):
        response = Client().get(path)

    assert response["Cache-Control"] == "public, max-age=20"


def test_the_shared_lifetime_follows_the_settings(scene, settings):
    settings.PAGE_MAX_AGE = 30
    settings.PAGE_SHARED_MAX_AGE = 120

    response = Client().get(scene["pages"]["home"])

    assert response["Cache-Control"] == "public, max-age=30, s-maxage=120"


# When the cache backend is down ------------------------------------------------------


def test_pages_are_served_uncached_while_redis_is_down(scene, settings, caplog, monkeypatch):
    monkeypatch.setattr(page_cache_backend, "_last_warning", 0.0)
    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }}
    reader = Client()
    path = scene["pages"]["article"]

    with caplog.at_level(logging.WARNING, logger="pagecache"):
        first = reader.get(path)
        edit_text(scene)
        second = reader.get(path)

    assert first.status_code == second.status_code == 200
    assert "Why open, revised" in text(second)
    assert "Page cache unavailable" in caplog.text
    # Without the cache nobody knows when a copy stops being right... except the database.
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=60"


# With Redis, as in production ----------------------------------------------------------


def test_with_redis_a_publish_shows_on_the_very_next_request(scene, redis_cache):
    reader = Client()
    path = scene["pages"]["series"]
    reader.get(path)
    assert reader.get(path)[CACHE_HEADER] == "hit"

    publish(scene)

    fresh = reader.get(path)
    assert "Why close" in text(fresh)
    assert fresh[CACHE_HEADER] == "miss"


def test_with_redis_the_api_answers_the_same_from_the_cache(scene, redis_cache):
    reader = Client()
    path = scene["pages"]["api articles"]
    first = reader.get(path)
    again = reader.get(path)

    assert again[CACHE_HEADER] == "hit"
    assert json.loads(again.content) == json.loads(first.content)
    assert again["Content-Type"] == "application/json"
    assert re.fullmatch(r'"[0-9a-f]+"', again["ETag"])


# Each worker's own copies --------------------------------------------------------------


def test_a_workers_copy_answers_even_once_the_shared_entry_is_gone(scene, redis_cache):
    reader = Client()
    path = scene["pages"]["article"]
    reader.get(path)
    client = redis_cache.client.get_client(write=True)
    shared_pages = list(client.scan_iter(f"{redis_cache.key_prefix}:*{PAGE_KEY_PREFIX}:*"))
    assert len(shared_pages) == 1
    client.delete(*shared_pages)

    again = reader.get(path)

    assert again[CACHE_HEADER] == "hit"
    assert "Why open" in text(again)


def test_a_change_made_through_another_worker_ends_this_workers_copy(scene, redis_cache):
    reader = Client()
    path = scene["pages"]["article"]
    assert reader.get(path)[CACHE_HEADER] == "miss"
    assert reader.get(path)[CACHE_HEADER] == "hit"
    # Another worker saves: the rows change and it bumps the shared generation; this
    # process receives no signal.
    ArticleTranslation.objects.filter(pk=version(scene["first"]).pk).update(
        title="Changed elsewhere"
    )
    redis_cache.incr(GENERATION_KEY)
    # That worker answers its editor SETTLE seconds after the bump (pagecache.state):
    # only then is the change made, and every worker reads the state again by then.
    time.sleep(SETTLE)

    fresh = reader.get(path)

    assert fresh[CACHE_HEADER] == "miss"
    assert "Changed elsewhere" in text(fresh)


def test_a_change_is_answered_only_once_every_worker_reads_the_state_again(
    scene, editor_client
):
    """An editor's save is answered SETTLE seconds after its last bump at the earliest."""
    author = scene["ada"]
    url = reverse("admin:authors_author_change", args=[author.pk])
    data = rendered_form_data(editor_client.get(url)) | {"name": "Ada King"}

    answer = editor_client.post(url, data)
    answered_at = time.monotonic()

    assert answer.status_code == 302
    assert answered_at - state_module.last_change_at() >= SETTLE


def test_a_copy_is_not_served_past_the_expiry_of_the_entry_it_copies():
    copies = LocalCopies()
    copies.put("expired", (200, [], b"old", time.time() - 1))
    copies.put("current", (200, [], b"new", time.time() + 60))

    assert copies.get("expired") is None
    assert copies.get("current")[2] == b"new"


def test_copies_are_bounded_and_the_least_recently_used_go_first(settings):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 2
    copies = LocalCopies()
    later = time.time() + 60
    copies.put("a", (200, [], b"a", later))
    copies.put("b", (200, [], b"b", later))
    copies.get("a")
    copies.put("c", (200, [], b"c", later))

    assert copies.get("b") is None
    assert copies.get("a") is not None
    assert copies.get("c") is not None


# One render after a change -------------------------------------------------------------


def test_a_page_ended_by_a_change_is_rendered_once_for_readers_asking_at_once(settings, db):
    from tests.pagecache import urls as counting

    settings.ROOT_URLCONF = "tests.pagecache.urls"
    Client().get("/en/slow/")
    counting.renders.clear()
    bump_content_generation()
    answers = []

    def read():
        answers.append(Client().get("/en/slow/"))

    readers = [threading.Thread(target=read) for _ in range(6)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()

    assert len(counting.renders) == 1
    assert sorted(answer[CACHE_HEADER] for answer in answers) == ["hit"] * 5 + ["miss"]
    assert len({answer.content for answer in answers}) == 1


def test_readers_waiting_for_a_render_that_cannot_be_shared_render_their_own(settings, db):
    """A page the cache may not share (here it sets a cookie) is rendered for each reader."""
    from tests.pagecache import urls as counting

    settings.ROOT_URLCONF = "tests.pagecache.urls"
    counting.renders.clear()
    answers = []

    def read():
        answers.append(Client().get("/en/slow-with-a-cookie/"))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()

    assert len(counting.renders) == 3
    assert all(answer.cookies["seen"].value == "1" for answer in answers)
    assert all(answer.get(CACHE_HEADER) != "hit" for answer in answers)


def test_a_hit_carries_every_header_the_rendered_page_had(scene):
    path = scene["pages"]["article"]
    rendered = Client().get(path)

    hit = Client().get(path)

    assert hit[CACHE_HEADER] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Content-Language", "ETag", "Content-Type"):
        assert hit[header] == rendered[header], header
