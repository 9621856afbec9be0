"""Scheduled updates and withdrawals when things go wrong around their instant: the slug
taken meanwhile, a version withdrawn or deleted, a failed attempt, several requests and
the worker arriving together."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone
from reversion.models import Version as RevisionRecord

from articles.models import ArticleTranslation, PendingChange, Status
from editorial import services
from editorial.models import Notice, NoticeKind
from pagecache import state
from tests.factories import make_article, make_author, make_staff, make_version

LIVE_URL = "/fr/articles/le-texte/"


def travel(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def world(db):
    author = make_author(name="Camille Ledoux")
    writer = make_staff("Author", author=author, email="camille@example.org")
    chief = make_staff("Editor")
    article = make_article(authors=[author], versions={
        "fr": {"title": "Le texte en ligne", "slug": "le-texte", "body": "Texte lu."},
    })
    return {"writer": writer, "chief": chief, "article": article,
            "version": article.versions.get(language="fr")}


def schedule_changes(world, *, in_hours=24, **values) -> "datetime":  # noqa: F821
    version = world["version"]
    services.changes_save(
        version=version, values={"title": "Le texte revu", "body": "Texte revu.", **values},
        tag_names=[], by=world["writer"],
    )
    at = (timezone.now() + timedelta(hours=in_hours)).replace(microsecond=0)
    services.changes_schedule(version=version, at=at, by=world["chief"])
    return at


def live(world) -> ArticleTranslation:
    return ArticleTranslation.objects.get(pk=world["version"].pk)


def test_updated_on_is_the_scheduled_instant_however_late_the_first_request(world, client):
    at = schedule_changes(world)

    with travel(at + timedelta(hours=5)):
        page = client.get(LIVE_URL).text

    assert "Le texte revu" in page
    assert live(world).revised_at == at


def test_an_update_whose_slug_was_taken_meanwhile_waits_for_an_editor(world, client):
    at = schedule_changes(world, slug="le-texte-revu")
    since = PendingChange.objects.get().created_at
    other = make_version(make_article(), "fr", title="Un autre texte", slug="le-texte-revu")

    with travel(at + timedelta(seconds=1)):
        assert client.get(LIVE_URL).status_code == 200
        assert "Un autre texte" in client.get("/fr/articles/le-texte-revu/").text

    assert live(world).title == "Le texte en ligne"
    pending = PendingChange.objects.get(version=world["version"])
    assert (pending.status, pending.publish_at, pending.slug, pending.created_at) == (
        Status.IN_REVIEW, None, "le-texte-revu", since)
    assert ArticleTranslation.objects.get(pk=other.pk).slug == "le-texte-revu"


def test_changes_scheduled_on_a_version_withdrawn_meanwhile_stay_in_its_text(world):
    at = schedule_changes(world)
    services.version_withdraw(version=world["version"], by=world["chief"])

    with travel(at + timedelta(seconds=1)):
        assert services.make_due_changes(timezone.now()) == 0
        assert Client().get(LIVE_URL).status_code in (404, 410)

    version = live(world)
    assert (version.status, version.title) == (Status.WITHDRAWN, "Le texte revu")


def test_a_version_deleted_with_changes_scheduled_leaves_nothing_due(world):
    at = schedule_changes(world)
    world["version"].delete()

    with travel(at + timedelta(seconds=1)):
        assert services.make_due_changes(timezone.now()) == 0
        assert Client().get("/fr/").status_code == 200


def test_a_withdrawal_is_forgotten_when_the_version_is_withdrawn_by_hand(world, client):
    at = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    services.version_schedule_withdrawal(version=world["version"], at=at, by=world["chief"])
    services.version_withdraw(version=world["version"], by=world["chief"])
    services.version_publish(version=live(world), by=world["chief"])

    with travel(at + timedelta(seconds=1)):
        assert client.get(LIVE_URL).status_code == 200
    assert live(world).status == Status.PUBLISHED


class TestSlugTakenBeforeAWithdrawal:
    """The pending slug is not reserved: another version may take it meanwhile. Folding
    the typing into the withdrawn version must not fail on it."""

    def prepare(self, world):
        services.changes_save(version=live(world), values={"slug": "le-texte-revu",
                                                           "body": "Texte revu."},
                              tag_names=[], by=world["writer"])
        make_version(make_article(), "fr", slug="le-texte-revu")

    def test_withdrawing_by_hand_keeps_the_typing_and_the_own_slug(self, world):
        self.prepare(world)

        services.version_withdraw(version=live(world), by=world["chief"])

        version = live(world)
        assert (version.status, version.body, version.slug) == (
            Status.WITHDRAWN, "Texte revu.", "le-texte")

    def test_a_scheduled_withdrawal_still_happens_at_its_instant(self, world, client):
        at = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
        services.version_schedule_withdrawal(version=live(world), at=at, by=world["chief"])
        self.prepare(world)

        with travel(at + timedelta(seconds=1)):
            assert client.get(LIVE_URL).status_code in (404, 410)
        assert live(world).status == Status.WITHDRAWN


    def test_changes_due_on_a_version_taken_away_without_the_services(self, world):
        """A restored revision can withdraw a version with no fold: the due changes
        still go into its text, its own slug kept."""
        at = schedule_changes(world, slug="le-texte-revu")
        make_version(make_article(), "fr", slug="le-texte-revu")
        ArticleTranslation.objects.filter(pk=world["version"].pk).update(
            status=Status.WITHDRAWN)

        assert services.make_due_changes(at + timedelta(seconds=1)) == 1

        version = live(world)
        assert (version.body, version.slug) == ("Texte revu.", "le-texte")
        assert not PendingChange.objects.exists()


def test_a_publication_cannot_move_past_the_scheduled_withdrawal(world):
    """Else the version would be withdrawn before readers ever saw it."""
    later = make_version(world["article"], "en", status=Status.SCHEDULED,
                         publish_at=timezone.now() + timedelta(days=1))
    withdraw_at = timezone.now() + timedelta(days=2)
    services.version_schedule_withdrawal(version=later, at=withdraw_at, by=world["chief"])

    with pytest.raises(services.TransitionRefused):
        services.version_schedule(version=ArticleTranslation.objects.get(pk=later.pk),
                                  at=withdraw_at + timedelta(days=1), by=world["chief"])
    assert ArticleTranslation.objects.get(pk=later.pk).publish_at < withdraw_at


def test_an_author_cannot_slip_new_typing_into_scheduled_changes(world, client):
    """The editor scheduled a text: it is the one readers get at the instant."""
    at = schedule_changes(world)

    with pytest.raises(services.TransitionRefused):
        services.changes_save(version=live(world), values={"title": "Pas relu"},
                              tag_names=[], by=world["writer"])
    services.changes_save(version=live(world), values={"title": "Revu par l’éditeur"},
                          tag_names=[], by=world["chief"])

    with travel(at + timedelta(seconds=1)):
        page = client.get(LIVE_URL).text
    assert "Revu par l’éditeur" in page and "Pas relu" not in page


class TestMadeOnce:
    def test_the_worker_and_a_later_request_make_it_and_tell_the_authors_once(self, world):
        at = schedule_changes(world)

        with travel(at + timedelta(seconds=1)):
            assert services.make_due_changes_task.func(at.isoformat()) == 1
            assert "Le texte revu" in Client().get(LIVE_URL).text

        published = Notice.objects.filter(kind=NoticeKind.PUBLISHED, instant=at)
        assert published.count() == published.values("recipient").distinct().count() >= 1
        assert live(world).revised_at == at

    def test_the_worker_woken_early_waits_for_the_instant(self, world):
        from django_tasks_db.models import DBTaskResult

        at = schedule_changes(world)
        waiting = DBTaskResult.objects.filter(status="READY").count()

        assert services.make_due_changes_task.func(at.isoformat()) == 0

        assert live(world).title == "Le texte en ligne"
        assert DBTaskResult.objects.filter(status="READY", run_after=at).count() >= 1
        assert DBTaskResult.objects.filter(status="READY").count() == waiting + 1

    def test_a_failed_attempt_is_made_by_the_next_request(self, world, client):
        """A lock timeout or a busy SQLite file must not leave the change unmade until
        the next content change: the state read after it is not kept."""
        at = schedule_changes(world)
        failures = []
        position = state.due_changes.index(services.make_due_changes)

        def fails_once(now):
            if not failures:
                failures.append(now)
                raise DatabaseError("could not obtain lock")
            return services.make_due_changes(now)

        state.due_changes[position] = fails_once
        try:
            with travel(at + timedelta(seconds=1)):
                first = client.get(LIVE_URL).text
            with travel(at + timedelta(seconds=2)):
                second = client.get(LIVE_URL).text
        finally:
            state.due_changes[position] = services.make_due_changes

        assert failures
        assert "Le texte en ligne" in first
        assert "Le texte revu" in second


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="Needs PostgreSQL: the SQLite test database in memory is not shared by the "
           "threads' connections (on a SQLite file, the second writer is refused, logged "
           "and tried again a second later: test_a_failed_attempt_is_made_by_the_next_request).",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_requests_arriving_together_at_the_instant_publish_it_once():
    """Each thread has its own connection: the second waits for the first's lock, then
    finds nothing left to do."""
    author = make_author()
    writer = make_staff("Author", author=author, email="camille@example.org")
    chief = make_staff("Editor")
    article = make_article(authors=[author], versions={
        "fr": {"title": "Le texte en ligne", "slug": "le-texte", "body": "Texte lu."},
    })
    world = {"writer": writer, "chief": chief, "version": article.versions.get()}
    at = schedule_changes(world)
    start = threading.Barrier(3)
    made = []

    def arrive():
        try:
            start.wait(timeout=30)
            made.append(state.make_due_changes(at + timedelta(seconds=1)).count)
        finally:
            connection.close()

    threads = [threading.Thread(target=arrive) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(made) == [0, 0, 1]
    assert live(world).title == "Le texte revu"
    assert RevisionRecord.objects.get_for_object(live(world)).filter(
        revision__comment__contains="scheduled").count() == 1
    published = Notice.objects.filter(kind=NoticeKind.PUBLISHED, instant=at)
    assert published.count() == published.values("recipient").distinct().count() >= 1
