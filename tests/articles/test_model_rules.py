"""Rules the database holds, and the byline's order."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from articles.models import ArticleTranslation, Status
from authors.models import Author
from tests.factories import make_article, make_author, make_series, make_version


@pytest.mark.django_db
class TestConstraints:
    def test_one_version_per_language(self):
        article = make_article(versions={"fr": {}})
        with pytest.raises(IntegrityError), transaction.atomic():
            make_version(article, "fr")

    def test_slug_unique_per_language_but_shared_across_languages(self):
        make_article(versions={"fr": {"slug": "ia"}})
        make_article(versions={"en": {"slug": "ia"}})  # same slug, other language: fine
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article(versions={"fr": {"slug": "ia"}})

    def test_part_unique_within_a_series(self):
        series = make_series()
        make_article(series=series, part=1)
        make_article(series=make_series(), part=1)  # another series: fine
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article(series=series, part=1)

    def test_part_needs_a_series(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article(part=2)

    def test_public_version_needs_publish_time(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_version(make_article(), "fr", status=Status.PUBLISHED, publish_at=None)


@pytest.mark.django_db
class TestAuthorDeletion:
    @pytest.mark.parametrize("status", [Status.PUBLISHED, Status.SCHEDULED])
    def test_author_of_published_article_cannot_be_deleted(self, status):
        author = make_author()
        make_article(authors=[author], versions={"fr": {"status": status}})

        with pytest.raises(ProtectedError):
            author.delete()
        assert Author.objects.filter(pk=author.pk).exists()

    def test_author_of_drafts_only_can_be_deleted_and_leaves_the_byline(self):
        author, other = make_author(), make_author()
        article = make_article(
            authors=[author, other],
            versions={"fr": {"status": Status.DRAFT, "publish_at": None}},
        )

        author.delete()

        assert article.byline() == [other]
        assert ArticleTranslation.objects.filter(article=article).count() == 1


@pytest.mark.django_db
def test_byline_keeps_the_editors_order():
    """Authors come out in byline order, not alphabetical nor by creation."""
    zoe, adam, marc = make_author("Zoé"), make_author("Adam"), make_author("Marc")
    article = make_article(authors=[marc, zoe, adam])

    assert article.byline() == [marc, zoe, adam]


@pytest.mark.django_db
def test_a_plan_is_overdue_from_the_instant_its_worker_notice_names():
    """The worker tells editors of an overdue plan at `overdue_since()`: the same instant
    the article list, the calendar and the queryset start calling it overdue."""
    from datetime import date, timedelta

    from articles.models import Article

    plan = make_article(target_date=date(2031, 2, 1), versions={
        "en": {"status": Status.PLANNED, "publish_at": None}})
    since = plan.overdue_since()
    just_before = since - timedelta(seconds=1)

    assert not plan.is_overdue(just_before) and plan.is_overdue(since)
    assert list(Article.objects.overdue(just_before)) == []
    assert list(Article.objects.overdue(since)) == [plan]
