"""`manage.py seed_demo` loads the promised demo content, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleTranslation, Status
from authors.models import Author
from images.models import Image
from series.models import Series


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def test_series_authors_and_articles_in_both_languages(seeded):
    series = Series.objects.get()
    assert series.languages() == ["en", "fr"]
    assert Author.objects.count() == 2
    for author in Author.objects.all():
        assert author.languages() == ["en", "fr"]
        assert author.portrait.name.endswith(".jpg")

    both = Article.objects.with_public_version(language="fr").with_public_version(
        language="en"
    )
    assert both.count() >= 3
    french_only = Article.objects.with_public_version(language="fr").exclude(
        pk__in=Article.objects.with_public_version(language="en")
    )
    assert french_only.count() == 1


def test_planned_drafts_and_scheduled(seeded):
    planned = Article.objects.planned().announced()
    fully_planned = [a for a in planned
                     if {v.status for v in a.versions.all()} == {Status.PLANNED}]
    assert len(fully_planned) >= 3
    for article in fully_planned:
        assert article.languages() == ["en", "fr"]
        assert all(v.title for v in article.versions.all())
    assert ArticleTranslation.objects.filter(status=Status.DRAFT).exists()
    scheduled = ArticleTranslation.objects.filter(status=Status.SCHEDULED)
    assert scheduled.exists()
    assert not scheduled.published().exists()


def test_tags_are_in_each_versions_language(seeded):
    french = set(ArticleTranslation.objects.filter(language="fr").values_list(
        "tags__name", flat=True))
    english = set(ArticleTranslation.objects.filter(language="en").values_list(
        "tags__name", flat=True))
    assert "intelligence artificielle" in french
    assert "artificial intelligence" in english
    assert "intelligence artificielle" not in english


def test_the_first_part_shows_a_library_image_with_caption_and_credit(seeded, client):
    """The demo shows an image inside a text, in each language, and credits its heroes."""
    first = Article.objects.get(part=1)
    image = Image.objects.get()
    assert first.hero_credit
    for version in first.versions.all():
        html = client.get(version.get_absolute_url()).content.decode()
        text = image.in_language(version.language)
        assert '<figure class="figure">' in html
        assert f'alt="{text.alt}"' in html and text.caption in html and text.credit in html
        assert first.hero_credit in html


def test_running_twice_adds_nothing(seeded):
    counts = (Series.objects.count(), Author.objects.count(), Article.objects.count(),
              ArticleTranslation.objects.count(), Image.objects.count())

    call_command("seed_demo", stdout=StringIO())

    assert counts == (Series.objects.count(), Author.objects.count(),
                      Article.objects.count(), ArticleTranslation.objects.count(),
                      Image.objects.count())


def test_demo_editor_password_is_generated_and_kept(db, settings, tmp_path):
    from django.contrib.auth import authenticate

    settings.VAR_DIR = tmp_path
    first, second = StringIO(), StringIO()

    call_command("demo_editor", stdout=first)
    call_command("demo_editor", stdout=second)

    password = (tmp_path / "demo-editor-password").read_text().strip()
    assert len(password) >= 12
    assert password in first.getvalue() and password in second.getvalue()
    user = authenticate(username="editor", password=password)
    assert user is not None
    assert user.groups.filter(name="Editor").exists() and not user.is_superuser
    assert user.has_perm("editorial.publish_articles")
    assert oct((tmp_path / "demo-editor-password").stat().st_mode)[-3:] == "600"

    other_dir = tmp_path / "elsewhere"
    settings.VAR_DIR = other_dir
    call_command("demo_editor", stdout=StringIO())
    assert (other_dir / "demo-editor-password").read_text().strip() != password
