"""What pages keep between renders (pagecache.memo): reused until content changes or a
scheduled instant comes, and never one moment longer, on every surface that keeps it."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleTranslation
from core.i18n import reverse_in
from pagecache.backend import page_cache
from pagecache.memo import memo
from pagecache.state import GENERATION_KEY, SETTLE


def surfaces(scene, language: str) -> dict[str, str]:
    """One address of every public surface that keeps what it shows, in `language`."""
    first = scene["first"].versions.get(language=language)
    return {
        "article": first.get_absolute_url(),
        "series": scene["series"].translations.get(language=language).get_absolute_url(),
        "home": reverse_in(language, "home"),
        "articles": reverse_in(language, "articles:list"),
        "tag": reverse_in(language, "articles:tag", slug=first.tags.first().slug),
        "author": scene["ada"].get_absolute_url(language),
        "feed": reverse_in(language, "articles:feed-atom"),
        "series feed": reverse_in(
            language, "series:feed-rss",
            slug=scene["series"].translations.get(language=language).slug,
        ),
    }


def render(path: str, client: Client | None = None, **headers) -> tuple[str, int]:
    """The page at `path` and how many queries rendering it took."""
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(path, **headers)
    assert response.status_code == 200, path
    return response.content.decode(), len(queries)


@pytest.fixture
def languages(series_scene):
    return sorted({version.language for version in series_scene["first"].versions.all()})


def test_a_page_shown_again_reads_nothing_more_from_the_database(series_scene, languages):
    for language in languages:
        for name, path in surfaces(series_scene, language).items():
            first, queries_first = render(path)
            again, queries_again = render(path)
            assert queries_first > 0, name
            assert queries_again == 0, name
            assert again == first, name


def test_without_the_memo_every_render_reads_the_database(series_scene, settings):
    settings.CONTENT_MEMO = False
    for name, path in surfaces(series_scene, "fr").items():
        render(path)
        assert render(path)[1] > 0, name


def test_a_saved_change_shows_at_once_on_every_surface(series_scene, languages):
    for language in languages:
        pages = surfaces(series_scene, language)
        for path in pages.values():
            render(path)
        version = series_scene["first"].versions.get(language=language)
        version.title = f"Renamed {language}"
        version.save()
        for name, path in pages.items():
            if name != "author":  # The author's page names the article in its list only.
                assert f"Renamed {language}" in render(path)[0], name
        assert f"Renamed {language}" in render(pages["author"])[0]


def test_a_scheduled_publication_shows_at_its_instant_and_not_a_moment_before(
    series_scene, languages
):
    scheduled = series_scene["scheduled"]
    instant = scheduled.versions.get(language=languages[0]).publish_at
    for language in languages:
        # Announced, its title is shown before its instant: its link only once public.
        link = scheduled.versions.get(language=language).get_absolute_url()
        pages = surfaces(series_scene, language)
        lists = {name: pages[name] for name in ("series", "home", "articles", "feed")}
        with time_machine.travel(instant - timedelta(seconds=1), tick=False):
            for name, path in lists.items():
                assert link not in render(path)[0], name
        with time_machine.travel(instant, tick=False):
            for name, path in lists.items():
                assert link in render(path)[0], name
        # A clock set back (as here, in tests) never finds what was kept later.
        with time_machine.travel(instant - timedelta(seconds=1), tick=False):
            for name, path in lists.items():
                assert link not in render(path)[0], name


def test_a_change_made_by_another_process_ends_what_this_one_kept(series_scene):
    path = surfaces(series_scene, "fr")["series"]
    render(path)
    # Another worker's change: rows written there, the generation bumped in the shared
    # cache, and its request answered SETTLE seconds later.
    ArticleTranslation.objects.filter(
        pk=series_scene["first"].versions.get(language="fr").pk
    ).update(title="Changé ailleurs")
    page_cache().incr(GENERATION_KEY)
    time.sleep(SETTLE)

    assert "Changé ailleurs" in render(path)[0]


def test_made_up_page_numbers_are_the_real_page_kept_once(series_scene):
    path = surfaces(series_scene, "fr")["series"]
    shown, _ = render(path)
    for number in ("1", "999", "-4", "abc", "1.5", ""):
        again, queries = render(f"{path}?page={number}")
        assert queries == 0, number
        assert again.count('class="card"') == shown.count('class="card"')


def test_each_language_keeps_its_own_parts(series_scene, languages):
    homes = {language: render(reverse_in(language, "home"))[0] for language in languages}
    for language in languages:
        own = series_scene["first"].versions.get(language=language).title
        assert own in homes[language]
        for other in set(languages) - {language}:
            assert series_scene["first"].versions.get(language=other).title not in homes[
                language
            ]


def test_a_feed_names_pages_on_the_host_each_reader_asked(series_scene):
    path = surfaces(series_scene, "fr")["feed"]
    on_localhost, _ = render(path, HTTP_HOST="localhost")
    on_loopback, _ = render(path, HTTP_HOST="127.0.0.1")
    assert "http://localhost/fr/" in on_localhost
    assert "http://localhost/" not in on_loopback
    assert "http://127.0.0.1/fr/" in on_loopback


def test_an_address_with_nothing_to_show_keeps_nothing(series_scene):
    path = reverse_in("fr", "articles:detail", slug="nulle-part")
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(path).status_code == 404
        # Looked for again (other queries, the redirects', run on any 404).
        assert any("articles_articletranslation" in query["sql"]
                   for query in queries.captured_queries)


def test_a_kept_part_needs_a_quoted_name(db):
    for source in ("{% per_content %}{% end_per_content %}",
                   "{% per_content name %}{% end_per_content %}"):
        with pytest.raises(TemplateSyntaxError):
            Template("{% load content_memo %}" + source)
    part = Template('{% load content_memo %}{% per_content "x" n %}{{ n }}{% end_per_content %}')
    assert [part.render(Context({"n": n})) for n in (1, 2, 1)] == ["1", "2", "1"]
    memo.clear()
