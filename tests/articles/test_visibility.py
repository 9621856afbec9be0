"""What readers may see is decided by ArticleTranslation.objects.published() alone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from articles.models import Article, ArticleTranslation, Status
from tests.factories import make_article, make_version

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
PAST = NOW - timedelta(minutes=1)
FUTURE = NOW + timedelta(minutes=1)

PUBLIC = {Status.SCHEDULED, Status.PUBLISHED}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("when", [PAST, NOW, FUTURE], ids=["past", "now", "future"])
@pytest.mark.parametrize("status", list(Status))
def test_visibility_grid(status, when, language):
    """A version is public when published or scheduled and its time has come; never else."""
    article = make_article()
    version = make_version(article, language, status=status, publish_at=when)
    expected = status in PUBLIC and when <= NOW

    in_queryset = ArticleTranslation.objects.published(at=NOW).filter(pk=version.pk).exists()

    assert in_queryset is expected
    assert version.is_published(at=NOW) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PLANNED, Status.DRAFT, Status.IN_REVIEW,
                                    Status.WITHDRAWN])
def test_unpublished_version_without_time_is_hidden(status):
    """A version that was never given a publish time stays hidden."""
    version = make_version(make_article(), "fr", status=status, publish_at=None)

    assert not ArticleTranslation.objects.published(at=NOW).filter(pk=version.pk).exists()
    assert not version.is_published(at=NOW)


@pytest.mark.django_db
def test_scheduled_version_appears_at_its_minute():
    """A version scheduled for T is hidden a second before T and shown from T on."""
    version = make_version(make_article(), "en", status=Status.SCHEDULED, publish_at=NOW)

    assert not version.is_published(at=NOW - timedelta(seconds=1))
    assert not ArticleTranslation.objects.published(at=NOW - timedelta(seconds=1)).exists()
    assert version.is_published(at=NOW)
    assert list(ArticleTranslation.objects.published(at=NOW)) == [version]


@pytest.mark.django_db
def test_published_defaults_to_the_current_time():
    """Without `at`, the rule uses the moment of the query."""
    from django.utils import timezone

    yesterday = timezone.now() - timedelta(days=1)
    tomorrow = timezone.now() + timedelta(days=1)
    past = make_version(make_article(), "fr", publish_at=yesterday)
    make_version(make_article(), "fr", publish_at=tomorrow)

    assert list(ArticleTranslation.objects.published()) == [past]
    assert past.is_published()


@pytest.mark.django_db
class TestPlannedFollowUps:
    def test_article_without_public_version_is_planned(self):
        """An article none of whose versions is public yet is a planned follow-up."""
        planned = make_article(versions={
            "fr": {"status": Status.PLANNED, "publish_at": None},
            "en": {"status": Status.SCHEDULED, "publish_at": FUTURE},
        })
        published = make_article(versions={
            "fr": {"status": Status.PUBLISHED, "publish_at": PAST},
            "en": {"status": Status.DRAFT, "publish_at": None},
        })
        empty = make_article()

        assert set(Article.objects.planned(at=NOW)) == {planned, empty}
        assert planned.is_planned(at=NOW)
        assert empty.is_planned(at=NOW)
        assert not published.is_planned(at=NOW)

    def test_planned_follow_up_stops_being_planned_when_a_version_goes_public(self):
        """The day a version is published, the follow-up leaves the planned list."""
        article = make_article(versions={"fr": {"status": Status.SCHEDULED, "publish_at": NOW}})

        assert list(Article.objects.planned(at=NOW - timedelta(seconds=1))) == [article]
        assert list(Article.objects.planned(at=NOW)) == []
        assert list(Article.objects.with_public_version(at=NOW, language="fr")) == [article]
        assert list(Article.objects.with_public_version(at=NOW, language="en")) == []

    def test_withdrawn_article_is_planned_again_only_by_the_rule(self):
        """A withdrawn version is not public, so its article counts as not yet public."""
        article = make_article(versions={"fr": {"status": Status.WITHDRAWN, "publish_at": PAST}})

        assert list(Article.objects.planned(at=NOW)) == [article]
