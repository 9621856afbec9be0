"""Editors saving at the same instant: a value taken by a colleague is a form error, never a 500.

Each editor posts from a thread of their own, with their own database connection, all
released at once; the database, not the form's checks, then decides who was first.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, ArticleTranslation
from authors.models import Author
from series.models import Series, SeriesTranslation
from tests.factories import (
    article_form,
    client_for,
    make_article,
    make_series,
    make_staff,
    rendered_form_data,
)

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="Needs PostgreSQL: SQLite lets one writer in at a time, and its test "
               "database in memory is not shared by the threads' connections.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITORS = 4


def post_at_once(url: str, forms: list[dict]) -> list:
    """Each form posted by its own editor, all released together; what each one got back."""
    clients = [client_for(make_staff("Editor")) for _form in forms]
    barrier = threading.Barrier(len(forms))
    answers: list = [None] * len(forms)

    def post(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            answers[index] = clients[index].post(url, forms[index])
        except Exception as error:  # a 500: the test client raises what the view raised
            answers[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index,)) for index in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def assert_one_saved_others_told(answers: list, message: str, typed: list[str]) -> None:
    assert [answer for answer in answers if isinstance(answer, Exception)] == []
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [200] * (len(answers) - 1) + [302], codes
    for answer, text in zip(answers, typed, strict=True):
        if answer.status_code == 200:
            html = answer.content.decode()
            assert message in html
            assert text in html  # what this editor typed is still in the form


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_same_version_slug_at_once(language):
    forms = [
        article_form(versions=[{"language": language, "title": f"Titre {n}", "slug": "meme"}])
        for n in range(EDITORS)
    ]

    answers = post_at_once(reverse("admin:articles_article_add"), forms)

    assert ArticleTranslation.objects.filter(language=language, slug="meme").count() == 1
    assert Article.objects.count() == 1
    assert_one_saved_others_told(
        answers, "Another article already uses this slug in this language.",
        [f'value="Titre {n}"' for n in range(EDITORS)],
    )


def test_same_part_number_at_once():
    series = make_series()
    language = settings.LANGUAGES[0][0]
    forms = [
        article_form(series=series, part=1, versions=[
            {"language": language, "title": f"Partie {n}", "slug": f"partie-{n}"}])
        for n in range(EDITORS)
    ]

    answers = post_at_once(reverse("admin:articles_article_add"), forms)

    assert Article.objects.filter(series=series, part=1).count() == 1
    assert_one_saved_others_told(
        answers, "Another article already has this part number in this series.",
        [f'value="Partie {n}"' for n in range(EDITORS)],
    )


def add_form(url: str, **fields) -> dict:
    """The add page's form as a browser sends it, with `fields` typed in."""
    page = client_for(make_staff("Editor")).get(url)
    return rendered_form_data(page) | fields


def test_same_author_slug_at_once():
    url = reverse("admin:authors_author_add")
    forms = [add_form(url, name=f"Ada {n}", slug="ada") for n in range(EDITORS)]

    answers = post_at_once(url, forms)

    assert Author.objects.filter(slug="ada").count() == 1
    assert_one_saved_others_told(answers, "Author with this Slug already exists.",
                                 [f'value="Ada {n}"' for n in range(EDITORS)])


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_same_series_slug_at_once(language):
    url = reverse("admin:series_series_add")
    blank = add_form(url)
    [row] = [key.removesuffix("-language") for key, value in blank.items()
             if key.startswith("translations-") and key.endswith("-language")
             and value == language]
    forms = [blank | {f"{row}-title": f"Jeux {n}", f"{row}-slug": "jeux",
                      f"{row}-blurb": "Un thème."} for n in range(EDITORS)]

    answers = post_at_once(url, forms)

    assert SeriesTranslation.objects.filter(language=language, slug="jeux").count() == 1
    assert Series.objects.count() == 1
    assert_one_saved_others_told(
        answers, "Another series already uses this slug in this language.",
        [f'value="Jeux {n}"' for n in range(EDITORS)],
    )


def test_same_tag_at_once():
    url = reverse("admin:taggit_tag_add")
    forms = [add_form(url, name="open source", slug="open-source") for _n in range(EDITORS)]

    answers = post_at_once(url, forms)

    assert Tag.objects.filter(slug="open-source").count() == 1
    assert_one_saved_others_told(answers, "already exists",
                                 ['value="open source"'] * EDITORS)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_same_title_translated_at_once(language):
    """Articles with one title, translated into one language at once: each gets its version."""
    [source_language, *_others] = [code for code, _name in settings.LANGUAGES
                                   if code != language]
    sources = [
        make_article(versions={source_language: {"title": "Pourquoi ouvrir",
                                                  "slug": f"pourquoi-ouvrir-{n}"}})
        .versions.get()
        for n in range(EDITORS)
    ]
    forms = [{"source": source.pk, "language": language} for source in sources]

    answers = post_at_once(reverse("admin:version_create"), forms)

    assert [answer for answer in answers if isinstance(answer, Exception)] == []
    created = ArticleTranslation.objects.filter(language=language)
    assert sorted(created.values_list("article_id", flat=True)) == sorted(
        source.article_id for source in sources
    )
    slugs = list(created.values_list("slug", flat=True))
    assert len(set(slugs)) == EDITORS, slugs
    versions = dict(created.values_list("article_id", "pk"))
    for answer, source in zip(answers, sources, strict=True):
        # Each editor lands on their new version, to translate it.
        assert answer.status_code == 302
        assert answer.url == reverse("admin:articles_articletranslation_change",
                                     args=[versions[source.article_id]])
