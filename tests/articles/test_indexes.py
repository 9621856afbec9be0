"""Every public lookup is served by an index, shown by PostgreSQL's own query plans.

The plans are those of a site with 10,000 articles in each of two languages: the
planner then prefers a sequential scan wherever no index fits, so a missing index
shows as "Seq Scan on articles_articletranslation".
"""

import re

import pytest
from django.db import connection, transaction
from django.utils import timezone

from articles import queries
from articles.models import Article, ArticleTranslation, Status
from search.models import update_search_vectors
from search.query import ranked_results
from series.models import Series

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Query plans are PostgreSQL's."
)

ARTICLES = 10_000
SERIES = 20
LANGUAGES = ["fr", "en"]
TABLE = ArticleTranslation._meta.db_table
# One version in a hundred mentions it: what a reader's search usually narrows to.
RARE_WORD = {"fr": "lithographie", "en": "lithography"}
COMMON_TEXT = {
    "fr": "Le pouvoir des plateformes et la concurrence entre les géants du numérique.",
    "en": "The power of platforms and the competition between the digital giants.",
}


@pytest.fixture(scope="module")
def large_site(django_db_setup, django_db_blocker):
    """20 series sharing 10,000 articles, each public in French and English.

    Loaded once for the module, in a transaction rolled back at its end.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)


def load() -> dict:
    """One article per series and one version per language through the ORM, the rest
    copied from them in SQL: a few seconds, where the ORM takes a minute."""
    now = timezone.now()
    series = [Series.objects.create() for _ in range(SERIES)]
    firsts = [Article.objects.create(series=item, part=1) for item in series]
    for first in firsts:
        clone(first, count=ARTICLES // SERIES - 1, columns={"part": "n + 2"})
    articles = Article._meta.db_table
    for language in LANGUAGES:
        template = ArticleTranslation.objects.create(
            article=firsts[0], language=language, title=f"{language} 0", slug=f"{language}-0",
            standfirst=COMMON_TEXT[language], body=COMMON_TEXT[language],
            status=Status.PUBLISHED, publish_at=now,
        )
        # One copy per other article: n is the article's id.
        clone(template, source=f"(SELECT id AS n FROM {articles} WHERE id <> %s) AS others",
              params=[firsts[0].pk], columns={
                  "article_id": "n",
                  "title": f"'{language} ' || n",
                  "slug": f"'{language}-' || n",
                  "publish_at": "publish_at - n * interval '1 minute'",
                  "body_text": f"body_text || CASE WHEN n %% 100 = 0 THEN "
                               f"' {RARE_WORD[language]}' ELSE '' END",
              })
    update_search_vectors(ArticleTranslation.objects.all())
    with connection.cursor() as cursor:
        # What autovacuum does on a live site: new entries leave the GIN pending list.
        cursor.execute("SELECT gin_clean_pending_list('article_tr_search_gin'::regclass)")
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"ANALYZE {articles}")
    return {"series": series}


def clone(row, *, count: int = 0, source: str = "", params=(), columns: dict[str, str]) -> None:
    """Copies of `row` in one INSERT … SELECT: `columns` gives SQL for the columns that
    differ, over `n` (0 to count - 1, or from `source`); the others keep the row's values."""
    table = type(row)._meta.db_table
    fields = [field.column for field in type(row)._meta.concrete_fields if not field.primary_key]
    values = [columns.get(column, connection.ops.quote_name(column)) for column in fields]
    source = source or "generate_series(0, %s) AS n"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(map(connection.ops.quote_name, fields))}) "
            f"SELECT {', '.join(values)} FROM {table}, {source} WHERE {table}.id = %s",
            [*(params or [count - 1]), row.pk],
        )


def indexes_on(table: str, column: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, f"%{column}%"],
        )
        return {row[0] for row in cursor.fetchall()}


def assert_served_by(plan: str, expected: set[str]) -> None:
    assert f"Seq Scan on {TABLE}" not in plan, plan
    used = {name for name in expected if re.search(rf"\b(using|on) {name}\b", plan)}
    assert used, f"none of {sorted(expected)} in:\n{plan}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.django_db
def test_an_article_is_found_by_its_language_and_slug_through_an_index(large_site, language):
    public = ArticleTranslation.objects.published().in_language(language)
    versions = queries.with_reading_context(public, language)

    plan = versions.filter(slug=f"{language}-5000").explain()

    assert_served_by(plan, indexes_on(TABLE, "slug"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.django_db
def test_the_newest_public_versions_are_read_in_index_order(large_site, language):
    newest = queries.for_lists(
        ArticleTranslation.objects.published().in_language(language).newest_first()
    )

    plan = newest[:12].explain()

    assert_served_by(plan, {"article_tr_lang_publish"})
    assert "Index Scan Backward using article_tr_lang_publish" in plan, plan


@pytest.mark.django_db
def test_the_parts_of_a_series_are_found_by_series_and_part(large_site):
    series = large_site["series"][3]
    parts = (
        queries.for_lists(ArticleTranslation.objects.published().in_language("fr"))
        .filter(article__series=series)
        .order_by("article__part", "publish_at")
    )

    plan = parts[:50].explain()

    assert_served_by(plan, {"article_unique_part_in_series"})
    assert f"Seq Scan on {Article._meta.db_table}" not in plan, plan


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.django_db
def test_search_reads_the_search_vector_index(large_site, language):
    public = ArticleTranslation.objects.published().in_language(language)
    results = ranked_results(public, RARE_WORD[language], language)

    plan = results[:12].explain()

    assert_served_by(plan, {"article_tr_search_gin"})
    assert len(results[:200]) == ARTICLES // 100
