"""`manage.py seed_demo` loads the promised demo content, once."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleTranslation, PendingChange, Status
from authors.models import Author
from editorial import services
from editorial.models import Note
from editorial.roles import is_editor, signs
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


def counts() -> tuple[int, ...]:
    return (Series.objects.count(), Author.objects.count(), Article.objects.count(),
            ArticleTranslation.objects.count(), Image.objects.count(),
            PendingChange.objects.count(), Note.objects.count(),
            get_user_model().objects.count())


def test_running_twice_adds_nothing(seeded):
    before = counts()
    pending = list(PendingChange.objects.values_list("pk", "status", "publish_at"))
    withdrawals = list(ArticleTranslation.objects.filter(withdraw_at__isnull=False)
                       .values_list("pk", "withdraw_at"))

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before
    assert list(PendingChange.objects.values_list("pk", "status", "publish_at")) == pending
    assert list(ArticleTranslation.objects.filter(withdraw_at__isnull=False)
                .values_list("pk", "withdraw_at")) == withdrawals


def test_running_again_leaves_alone_the_changes_editors_made_since(seeded):
    """Changes published or discarded since are not prepared again."""
    PendingChange.objects.filter(status=Status.IN_REVIEW).delete()

    call_command("seed_demo", stdout=StringIO())

    assert not PendingChange.objects.filter(status=Status.IN_REVIEW).exists()


class TestLiveVersionsAtWork:
    """Issue 14: the demo shows changes waiting on live versions, a scheduled update, a
    scheduled withdrawal and editorial notes, in each language the article has."""

    def test_an_author_prepared_changes_now_in_review_readers_do_not_see(self, seeded,
                                                                         client):
        in_review = PendingChange.objects.filter(status=Status.IN_REVIEW)
        assert {change.version.language for change in in_review} == {"fr", "en"}
        assert len({change.version.article_id for change in in_review}) == 1
        for change in in_review:
            live = change.version
            assert live.is_published()
            assert signs(change.created_by, live.article)
            assert not is_editor(change.created_by)
            assert change.standfirst != live.standfirst and live.body in change.body
            page = client.get(live.get_absolute_url()).text
            assert live.standfirst in page and change.standfirst not in page
        # A word only the English changes have: search knows it once they are published.
        assert "Why is OpenAI so closed?" not in client.get("/en/search/?q=ajar").text
        english = in_review.get(version__language="en").version
        services.changes_publish(
            version=english, by=get_user_model().objects.get(username="lea.moreau"))
        assert "Why is OpenAI so closed?" in client.get("/en/search/?q=ajar").text

    def test_changes_scheduled_a_few_days_ahead_reach_readers_then(self, seeded, client):
        now = timezone.now()
        scheduled = list(PendingChange.objects.scheduled())
        assert {change.version.language for change in scheduled} == {"fr", "en"}
        for change in scheduled:
            assert now + timedelta(days=1) < change.publish_at < now + timedelta(days=7)
            page = client.get(change.version.get_absolute_url()).text
            assert change.version.standfirst in page and change.standfirst not in page

        with time_machine.travel(max(c.publish_at for c in scheduled) + timedelta(hours=1),
                                 tick=False):
            for change in scheduled:
                page = client.get(change.version.get_absolute_url()).text
                assert change.standfirst in page

    def test_a_live_article_is_withdrawn_a_few_weeks_ahead(self, seeded, client):
        now = timezone.now()
        leaving = ArticleTranslation.objects.filter(withdraw_at__isnull=False)
        assert {version.language for version in leaving} == {"fr", "en"}
        assert len({version.article_id for version in leaving}) == 1
        for version in leaving:
            assert now + timedelta(days=14) < version.withdraw_at < now + timedelta(days=35)
            assert client.get(version.get_absolute_url()).status_code == 200
        part_one = Article.objects.get(part=1)
        assert part_one.pk not in {version.article_id for version in leaving}

    def test_notes_on_versions_and_on_an_article_one_resolved(self, seeded):
        thread = Note.objects.all()
        assert thread.count() >= 3
        assert thread.filter(version__isnull=True).exists()
        assert {note.version.language for note in thread.exclude(version__isnull=True)} == {
            "fr", "en"}
        assert thread.filter(resolved_at__isnull=False).exists()
        assert thread.filter(resolved_at__isnull=True).exists()
        assert {is_editor(note.written_by) for note in thread} == {True, False}
        for note in thread:
            assert note.version is None or note.version.article_id == note.article_id

    def test_the_demo_logins_cannot_log_in(self, seeded):
        for user in get_user_model().objects.all():
            assert not user.has_usable_password()


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
