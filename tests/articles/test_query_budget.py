"""Each public page runs a fixed number of queries, however much it shows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from core.i18n import reverse_in
from pagecache.memo import memo
from pagecache.state import current_state
from tests.factories import make_article, make_author, make_series


def build(n: int):
    """A series whose first article has n authors, tags, follow-ups and related articles."""
    series = make_series(fr={"slug": f"serie-{n}"}, en={"slug": f"series-{n}"})
    authors = [make_author(bios={"fr": "Bio.", "en": "Bio."}) for _ in range(n)]
    for author in authors:
        author.links.create(label="Site", url="https://example.org")
    first = make_article(series=series, part=1, authors=authors, versions={
        "fr": {"slug": f"premier-{n}"}, "en": {"slug": f"first-{n}"},
    })
    tags = [f"tag{n}-{i}" for i in range(n)]
    first.versions.get(language="fr").tags.set(tags)
    first.versions.get(language="en").tags.set(tags)
    related = []
    for _ in range(n):
        article = make_article(authors=authors[:2], versions={"fr": {}, "en": {}})
        for version in article.versions.all():
            version.tags.set(tags[:1])
        related.append(article)
    first.related_articles.set(related)
    for i in range(n):
        make_article(series=series, part=i + 2, announced=True, authors=authors[:1],
                     versions={"fr": {"status": Status.PLANNED, "publish_at": None},
                               "en": {"status": Status.PLANNED, "publish_at": None}})
        make_article(series=series, part=i + 100, authors=authors,
                     versions={"fr": {}, "en": {}})
    return {"series": series, "authors": authors, "tag": tags[0], "n": n}


def pages(scene, language):
    n = scene["n"]
    french = language == "fr"
    return {
        "home": reverse_in(language, "home"),
        "article list": reverse_in(language, "articles:list"),
        "article": reverse_in(
            language, "articles:detail", slug=f"premier-{n}" if french else f"first-{n}"
        ),
        "series list": reverse_in(language, "series:list"),
        "series": reverse_in(
            language, "series:detail", slug=f"serie-{n}" if french else f"series-{n}"
        ),
        "author list": reverse_in(language, "authors:list"),
        "author": scene["authors"][0].get_absolute_url(language),
        "tag": reverse_in(language, "articles:tag", slug=scene["tag"]),
    }


def count_queries(path: str) -> int:
    """The queries of a first render: nothing kept from an earlier one (pagecache.memo),
    the content state known (found once per change, not per page: pagecache.state)."""
    memo.clear()
    current_state(timezone.now())
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_query_count_is_the_same_with_1_and_20_of_everything(language):
    small, large = build(1), build(20)

    small_counts = {name: count_queries(path) for name, path in pages(small, language).items()}
    large_counts = {name: count_queries(path) for name, path in pages(large, language).items()}

    assert small_counts == large_counts
    assert small_counts["article"] <= 8


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "article list", "series", "author", "tag"])
def test_lists_of_cards_never_read_the_bodies(page):
    """A card shows a title, a standfirst, a date and a byline: a page of twenty cards
    must not carry twenty bodies, their HTML and their search vectors from the database."""
    path = pages(build(2), "fr")[page]
    memo.clear()
    current_state(timezone.now())
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    heavy = ('"body"', '"body_html"', '"body_text"', '"search_vector"')
    version_reads = [query["sql"] for query in queries
                     if 'FROM "articles_articletranslation"' in query["sql"]
                     and query["sql"].startswith("SELECT")]
    assert version_reads
    assert not [sql for sql in version_reads if any(column in sql for column in heavy)]
