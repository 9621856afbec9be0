"""E-mail notifications: sent after the change commits, by the worker, to a real SMTP
server on loopback, in each recipient's language; never lost, never sent twice."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_tasks_db.models import DBTaskResult

from articles.models import Status
from editorial import notifications, services
from editorial.models import EditorProfile, Notice, NoticeKind, NoticeStatus
from tests.factories import (
    client_for,
    loaded,
    make_article,
    make_author,
    make_staff,
    make_version,
    rendered_form_data,
)
from tests.mail import run_worker, subject_of, text_of

NOW = timezone.now().replace(microsecond=0)
NBSP = "\u00a0"


def staff(role, username, *, language, author=None, **switches):
    user = make_staff(role, author=author, username=username,
                      email=f"{username}@example.org", first_name=username.title())
    EditorProfile.objects.filter(user=user).update(language=language, **switches)
    user.refresh_from_db()
    return user


@pytest.fixture
def newsroom(db):
    """A French draft signed by Ada; Ada writes in English, Bruno (co-author) in French;
    Camille edits in French, Dan in English; Zoé signs another article."""
    ada, bruno = make_author("Ada"), make_author("Bruno")
    article = make_article(authors=[ada, bruno], versions={
        "fr": {"title": "Le pouvoir des réseaux", "slug": "reseaux", "status": Status.DRAFT,
               "publish_at": None}})
    return {
        "version": article.versions.get(),
        "article": article,
        "ada": staff("Author", "ada", language="en", author=ada),
        "bruno": staff("Author", "bruno", language="fr", author=bruno),
        "zoe": staff("Author", "zoe", language="fr", author=make_author("Zoé")),
        "camille": staff("Editor", "camille", language="fr"),
        "dan": staff("Editor", "dan", language="en"),
    }


def addresses(mail_server) -> list[str]:
    return sorted(address for recipients, _message in mail_server.received.messages
                  for address in recipients)


def only_message_to(mail_server, user):
    messages = mail_server.to(user.email)
    assert len(messages) == 1, [subject_of(message) for message in messages]
    return messages[0]


@pytest.mark.django_db
class TestWhoIsToldWhatInTheirLanguage:
    def test_a_version_sent_to_review_tells_each_editor_in_their_language(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.version_submit(version=newsroom["version"], by=newsroom["ada"])
        assert mail_server.count == 0, "sent by the worker, not during the request"

        run_worker()

        assert addresses(mail_server) == ["camille@example.org", "dan@example.org"]
        french = only_message_to(mail_server, newsroom["camille"])
        english = only_message_to(mail_server, newsroom["dan"])
        assert subject_of(french) == f"À relire : «{NBSP}Le pouvoir des réseaux{NBSP}» (FR)"
        assert f"Ada a envoyé en relecture la version FR de «{NBSP}Le pouvoir" in (
            text_of(french))
        assert subject_of(english) == "To review: “Le pouvoir des réseaux” (FR)"
        assert "Ada sent the FR version of “Le pouvoir des réseaux” to review" in (
            text_of(english))
        admin_url = reverse("admin:articles_articletranslation_change",
                            args=[newsroom["version"].pk])
        assert admin_url in text_of(english)

    def test_sent_back_to_draft_tells_its_authors_not_the_editor_who_did_it(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        version = newsroom["version"]
        type(version).objects.filter(pk=version.pk).update(status=Status.IN_REVIEW)
        version.refresh_from_db()

        with django_capture_on_commit_callbacks(execute=True):
            services.version_back_to_draft(version=version, by=newsroom["camille"])
        run_worker()

        assert addresses(mail_server) == ["ada@example.org", "bruno@example.org"]
        assert subject_of(only_message_to(mail_server, newsroom["ada"])) == (
            "Back to draft: “Le pouvoir des réseaux” (FR)")
        assert subject_of(only_message_to(mail_server, newsroom["bruno"])) == (
            f"Retour au brouillon : «{NBSP}Le pouvoir des réseaux{NBSP}» (FR)")

    @pytest.mark.parametrize(("step", "english", "french"), [
        ("publish", "Published:", "Publiée :"),
        ("withdraw", "Withdrawn:", "Retirée :"),
        ("schedule", "Scheduled:", "Programmée :"),
    ])
    def test_publishing_steps_tell_its_authors(
        self, newsroom, mail_server, django_capture_on_commit_callbacks, step, english, french
    ):
        version = newsroom["version"]
        if step == "withdraw":
            services.version_publish(version=version, by=newsroom["camille"])
            Notice.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            if step == "schedule":
                services.version_schedule(version=version, at=NOW + timedelta(days=2),
                                          by=newsroom["camille"])
            else:
                getattr(services, f"version_{step}")(version=version, by=newsroom["camille"])
        run_worker()

        assert addresses(mail_server) == ["ada@example.org", "bruno@example.org"]
        assert subject_of(only_message_to(mail_server, newsroom["ada"])).startswith(english)
        assert subject_of(only_message_to(mail_server, newsroom["bruno"])).startswith(french)

    def test_a_login_that_turned_a_kind_off_is_not_told(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        EditorProfile.objects.filter(user=newsroom["dan"]).update(notify_in_review=False)

        with django_capture_on_commit_callbacks(execute=True):
            services.version_submit(version=newsroom["version"], by=newsroom["ada"])
        run_worker()

        assert addresses(mail_server) == ["camille@example.org"]

    def test_nothing_is_sent_when_the_change_is_refused(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(
            services.TransitionRefused
        ):
            services.version_publish(version=newsroom["version"], by=newsroom["ada"])
        run_worker()

        assert (mail_server.count, Notice.objects.count()) == (0, 0)


@pytest.mark.django_db
class TestProfile:
    @pytest.mark.parametrize(("admin_language", "legend", "switch"), [
        ("en", "E-mail notifications", "A version of mine is published"),
        ("fr", "Notifications par e-mail", "Une de mes versions est publiée"),
    ])
    def test_the_profile_form_offers_the_language_and_each_kind(
        self, newsroom, admin_language, legend, switch
    ):
        profile = newsroom["ada"].editor_profile
        page = client_for(newsroom["ada"], admin_language).get(
            reverse("admin:editorial_editorprofile_change", args=[profile.pk]))

        assert legend in page.text
        assert switch in page.text
        for kind in NoticeKind:
            assert f'name="notify_{kind}"' in page.text

    def test_an_author_turns_off_published_and_chooses_french(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        profile = newsroom["ada"].editor_profile
        url = reverse("admin:editorial_editorprofile_change", args=[profile.pk])
        client = client_for(newsroom["ada"])
        data = rendered_form_data(client.get(url))
        data.pop("notify_published")
        data["language"] = "fr"

        response = client.post(url, {**data, **loaded(profile)})

        assert response.status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            services.version_schedule(version=newsroom["version"],
                                      at=NOW + timedelta(days=1), by=newsroom["camille"])
            services.version_publish(version=newsroom["version"], by=newsroom["camille"])
        run_worker()
        subjects = [subject_of(message) for message in mail_server.to("ada@example.org")]
        assert subjects == [f"Programmée : «{NBSP}Le pouvoir des réseaux{NBSP}» (FR)"]


@pytest.mark.django_db
class TestMailServerDown:
    def test_the_action_succeeds_editors_see_not_sent_and_a_retry_sends_it(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        mail_server.stop()
        client = client_for(newsroom["camille"], "fr")

        with django_capture_on_commit_callbacks(execute=True):
            services.version_publish(version=newsroom["version"], by=newsroom["camille"])
        run_worker()

        newsroom["version"].refresh_from_db()
        assert newsroom["version"].status == Status.PUBLISHED
        notices = Notice.objects.order_by("address")
        assert [notice.status for notice in notices] == [NoticeStatus.FAILED] * 2
        assert all("Connection refused" in notice.last_error for notice in notices)
        outbox = client.get(reverse("admin:editorial_notice_changelist"),
                            {"status__exact": "failed"})
        assert outbox.status_code == 200
        assert outbox.text.count("non envoyé") >= 2
        assert "Connection refused" in outbox.text
        assert client_for(newsroom["ada"]).get(
            reverse("admin:editorial_notice_changelist")).status_code == 403

        mail_server.start()
        run_worker()
        assert mail_server.count == 0, "tried again later, not at once"
        with time_machine.travel(timezone.now() + notifications.retry_delay(1)
                                 + timedelta(seconds=1)):
            run_worker()

        assert addresses(mail_server) == ["ada@example.org", "bruno@example.org"]
        assert [(n.status, n.attempts) for n in notices.all()] == [(NoticeStatus.SENT, 2)] * 2
        run_worker()
        assert mail_server.count == 2

    def test_an_editor_has_it_sent_again_at_once(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        mail_server.stop()
        with django_capture_on_commit_callbacks(execute=True):
            services.version_submit(version=newsroom["version"], by=newsroom["ada"])
        run_worker()
        mail_server.start()
        client = client_for(newsroom["camille"])
        changelist = reverse("admin:editorial_notice_changelist")

        with django_capture_on_commit_callbacks(execute=True):
            client.post(changelist, {
                "action": "send_again",
                "_selected_action": list(Notice.objects.values_list("pk", flat=True)),
            })
        run_worker()

        assert addresses(mail_server) == ["camille@example.org", "dan@example.org"]
        assert set(Notice.objects.values_list("status", flat=True)) == {NoticeStatus.SENT}


@pytest.mark.django_db
class TestAtAnInstantWithNoRequest:
    def test_a_scheduled_version_tells_its_authors_when_it_becomes_public(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        due = NOW + timedelta(hours=3)
        with django_capture_on_commit_callbacks(execute=True):
            services.version_schedule(version=newsroom["version"], at=due,
                                      by=newsroom["camille"])
        run_worker()
        Notice.objects.all().delete()
        mail_server.received.messages.clear()

        with time_machine.travel(due - timedelta(seconds=1), tick=False):
            run_worker()
        assert mail_server.count == 0

        with time_machine.travel(due + timedelta(seconds=1), tick=False):
            run_worker()
            run_worker()
        assert addresses(mail_server) == ["ada@example.org", "bruno@example.org"]
        english = only_message_to(mail_server, newsroom["ada"])
        assert subject_of(english) == "Published: “Le pouvoir des réseaux” (FR)"
        assert "/fr/articles/reseaux/" in text_of(english)

    def test_a_rescheduled_version_is_announced_at_its_new_time_only(
        self, newsroom, mail_server, django_capture_on_commit_callbacks
    ):
        first, second = NOW + timedelta(hours=1), NOW + timedelta(hours=5)
        with django_capture_on_commit_callbacks(execute=True):
            services.version_schedule(version=newsroom["version"], at=first,
                                      by=newsroom["camille"])
            services.version_schedule(version=newsroom["version"], at=second,
                                      by=newsroom["camille"])
        run_worker()
        mail_server.received.messages.clear()

        with time_machine.travel(first + timedelta(minutes=1), tick=False):
            run_worker()
        assert mail_server.count == 0
        with time_machine.travel(second + timedelta(minutes=1), tick=False):
            run_worker()
        assert addresses(mail_server) == ["ada@example.org", "bruno@example.org"]

    def test_an_overdue_plan_tells_the_editors_once(self, newsroom, mail_server):
        ada = make_author("Ada Bis")
        plan = make_article(authors=[ada], target_date=NOW.date() - timedelta(days=2),
                            versions={"en": {"title": "A plan", "status": Status.PLANNED,
                                             "publish_at": None}})
        scheduled_plan = make_article(target_date=NOW.date() - timedelta(days=2))
        make_version(scheduled_plan, "fr", status=Status.SCHEDULED,
                     publish_at=NOW + timedelta(days=1))
        on_time = make_article(target_date=NOW.date() + timedelta(days=2))
        assert on_time

        notifications.ensure_sweep()
        notifications.ensure_sweep()
        run_worker()
        assert addresses(mail_server) == ["camille@example.org", "dan@example.org"]
        french = only_message_to(mail_server, newsroom["camille"])
        assert subject_of(french) == f"Date visée dépassée : «{NBSP}A plan{NBSP}»"
        assert set(Notice.objects.values_list("article", flat=True)) == {plan.pk}

        with time_machine.travel(notifications.next_sweep(timezone.now())
                                 + timedelta(seconds=1), tick=False):
            run_worker()
        assert mail_server.count == 2, "told once"
        assert DBTaskResult.objects.ready().count() == 0
        assert DBTaskResult.objects.filter(status="READY").count() == 1, "the next sweep"


def worker_process(worker_id: str, mail_server, log) -> subprocess.Popen:
    """`manage.py db_worker` as make serve starts it, on the test database."""
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/"
                        f"{db['NAME']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_server.port}",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload",
         "--interval", "0.05", "--worker-id", worker_id],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


def wait_for(condition, logs, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "\n".join(log.read_text() for log in logs)
        time.sleep(0.1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_notice_once(mail_server, tmp_path):
    byline = [make_author(f"Author {n}") for n in range(3)]
    # Public a moment ago, by its schedule alone: its notice is due now.
    due = timezone.now() - timedelta(seconds=1)
    article = make_article(authors=byline, versions={"en": {
        "title": "Twice", "status": Status.SCHEDULED, "publish_at": due}})
    version = article.versions.get()
    authors = [staff("Author", f"author{n}", language="en", author=author)
               for n, author in enumerate(byline)]
    editors = [staff("Editor", f"editor{n}", language="fr") for n in range(3)]
    plan = make_article(target_date=NOW.date() - timedelta(days=1))
    logs = [tmp_path / f"worker-{n}.log" for n in range(2)]
    outputs = [log.open("w") for log in logs]
    workers = [worker_process(f"worker-{n}", mail_server, output)
               for n, output in enumerate(outputs)]
    try:
        wait_for(lambda: all("Starting worker" in log.read_text() for log in logs), logs)
        # Five machines each planned the same instant's notice, and each started a
        # sweep: both workers are polling when the tasks appear.
        for _machine in range(5):
            notifications.announce_publication.using(run_after=due).enqueue(
                version.pk, due.isoformat())
            notifications.sweep_overdue_plans.enqueue()
        wait_for(lambda: not DBTaskResult.objects.ready().exists()
                 and not DBTaskResult.objects.running().exists(), logs)
    finally:
        for process in workers:
            process.terminate()
            process.wait(timeout=30)
        for output in outputs:
            output.close()

    output = "\n".join(log.read_text() for log in logs)
    assert sorted(addresses(mail_server)) == sorted(
        user.email for user in [*authors, *editors]), output
    assert Notice.objects.filter(article=plan).count() == len(editors)
    assert set(DBTaskResult.objects.exclude(status="READY").values_list(
        "status", flat=True)) == {"SUCCESSFUL"}
    assert {result.worker_ids[0] for result in DBTaskResult.objects.exclude(
        status="READY")} == {"worker-0", "worker-1"}, "both workers took tasks"


@pytest.mark.django_db
def test_telling_more_editors_costs_no_more_queries(newsroom):
    def queries_to_submit(version) -> int:
        with CaptureQueriesContext(connection) as captured:
            services.version_submit(version=version, by=newsroom["ada"])
        return len(captured.captured_queries)

    def another_draft():
        article = make_article(authors=[newsroom["ada"].editor_profile.author])
        return make_version(article, "en", status=Status.DRAFT, publish_at=None)

    # The first step fills the process's caches (content types, permissions).
    queries_to_submit(another_draft())
    few = queries_to_submit(newsroom["version"])
    for n in range(6):
        staff("Editor", f"editor{n}", language="en" if n % 2 else "fr")
    other = another_draft()

    assert Notice.objects.filter(version=newsroom["version"]).count() == 2
    assert queries_to_submit(other) == few
    assert Notice.objects.filter(version=other).count() == 8


@pytest.mark.django_db
class TestChangesToALiveVersion:
    """The steps of a live version's pending changes say they are about changes, and
    what the clock did says it happened as scheduled."""

    @pytest.fixture
    def live(self, newsroom):
        version = newsroom["version"]
        type(version).objects.filter(pk=version.pk).update(
            status=Status.PUBLISHED, publish_at=NOW - timedelta(days=1))
        version.refresh_from_db()
        services.changes_save(version=version, values={"title": version.title,
                                                       "body": "Un texte revu."},
                              tag_names=[], by=newsroom["ada"])
        Notice.objects.all().delete()
        return version

    def test_changes_sent_to_review_say_so_to_each_editor(
        self, newsroom, live, mail_server, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.changes_submit(version=live, by=newsroom["ada"])
        run_worker()

        english = only_message_to(mail_server, newsroom["dan"])
        french = only_message_to(mail_server, newsroom["camille"])
        assert subject_of(english) == "Changes to review: “Le pouvoir des réseaux” (FR)"
        assert "Ada sent changes to the FR version of “Le pouvoir des réseaux” to review" in (
            text_of(english))
        assert subject_of(french) == (
            f"Modifications à relire{NBSP}: «{NBSP}Le pouvoir des réseaux{NBSP}» (FR)")
        assert "Les lecteurs lisent toujours le texte en ligne" in text_of(french)

    def test_changes_sent_back_say_so(
        self, newsroom, live, mail_server, django_capture_on_commit_callbacks
    ):
        services.changes_submit(version=live, by=newsroom["ada"])
        Notice.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            services.changes_back_to_draft(version=live, by=newsroom["camille"])
        run_worker()

        assert subject_of(only_message_to(mail_server, newsroom["ada"])) == (
            "Changes sent back to draft: “Le pouvoir des réseaux” (FR)")
        assert subject_of(only_message_to(mail_server, newsroom["bruno"])) == (
            f"Modifications renvoyées au brouillon{NBSP}: «{NBSP}Le pouvoir des réseaux{NBSP}» "
            "(FR)")

    def test_changes_published_by_an_editor_say_who(
        self, newsroom, live, mail_server, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.changes_publish(version=live, by=newsroom["camille"])
        run_worker()

        english = only_message_to(mail_server, newsroom["ada"])
        assert subject_of(english) == "Changes published: “Le pouvoir des réseaux” (FR)"
        assert "Camille published changes to the FR version of “Le pouvoir des réseaux”" in (
            text_of(english))
        assert "/fr/articles/reseaux/" in text_of(english)

    def test_scheduled_changes_say_when_then_that_they_were_published_as_scheduled(
        self, newsroom, live, mail_server, django_capture_on_commit_callbacks
    ):
        due = NOW + timedelta(hours=3)
        with django_capture_on_commit_callbacks(execute=True):
            services.changes_schedule(version=live, at=due, by=newsroom["camille"])
        run_worker()
        english = only_message_to(mail_server, newsroom["ada"])
        assert subject_of(english) == "Update scheduled: “Le pouvoir des réseaux” (FR)"
        profile = newsroom["ada"].editor_profile
        with translation.override("en"), timezone.override(profile.time_zone):
            when = formats.date_format(timezone.localtime(due), "DATETIME_FORMAT")
        assert f"from {when}, readers will read them" in text_of(english)
        french = only_message_to(mail_server, newsroom["bruno"])
        assert subject_of(french) == (
            f"Mise à jour programmée{NBSP}: «{NBSP}Le pouvoir des réseaux{NBSP}» (FR)")
        mail_server.received.messages.clear()

        with time_machine.travel(due - timedelta(seconds=1), tick=False):
            run_worker()
        assert mail_server.count == 0
        with time_machine.travel(due + timedelta(seconds=1), tick=False):
            run_worker()

        english = only_message_to(mail_server, newsroom["ada"])
        assert subject_of(english) == "Changes published: “Le pouvoir des réseaux” (FR)"
        assert "were published as scheduled" in text_of(english)
        french = only_message_to(mail_server, newsroom["bruno"])
        assert "ont été publiées comme prévu" in text_of(french)

    def test_a_scheduled_withdrawal_says_it_happened_as_scheduled(
        self, newsroom, live, mail_server, django_capture_on_commit_callbacks
    ):
        due = NOW + timedelta(hours=3)
        with django_capture_on_commit_callbacks(execute=True):
            services.version_schedule_withdrawal(version=live, at=due, by=newsroom["camille"])
        run_worker()
        assert mail_server.count == 0

        with time_machine.travel(due + timedelta(seconds=1), tick=False):
            run_worker()
            run_worker()

        assert addresses(mail_server) == ["ada@example.org", "bruno@example.org"]
        english = only_message_to(mail_server, newsroom["ada"])
        assert subject_of(english) == "Withdrawn as scheduled: “Le pouvoir des réseaux” (FR)"
        assert "was withdrawn as scheduled: readers no longer see it" in text_of(english)
        french = only_message_to(mail_server, newsroom["bruno"])
        assert subject_of(french) == (
            f"Retirée comme prévu{NBSP}: «{NBSP}Le pouvoir des réseaux{NBSP}» (FR)")
