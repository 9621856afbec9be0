"""E-mail notifications: who is told what, in their own language, and when it is sent.

A workflow step (editorial.services) records its notices in its own transaction, in the
outbox (Notice), and hands them to the worker once that transaction commits: the editor's
request never waits for a mail server, and a server that is down loses nothing. The
worker (`manage.py db_worker`, django-tasks' database backend) sends each one, tries a
failed one again later, and leaves "not sent" with the error for editors to see.

What happens at an instant with no request behind it, the worker finds by itself: a
scheduled version becoming public (a task due at that very instant) and a planned article
past its target date with nothing scheduled (an hourly sweep). The outbox's unique
constraints make each notice exist once, however many workers find it due at once.
"""

import logging
import re
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus, task
from reversion.models import Version as RevisionRecord

from articles.models import Article, ArticleTranslation, PendingChange, Status
from core.languages import language_codes
from editorial.models import EditorProfile, Notice, NoticeKind, NoticeStatus
from editorial.roles import authors_of, editors, person_name

logger = logging.getLogger(__name__)

# Told to every editor; every other kind is told to the authors of the byline.
EDITORS_KINDS = frozenset({NoticeKind.IN_REVIEW, NoticeKind.OVERDUE})
# A notice that fails is tried again after 1, 4, 16, 64 … minutes, this many times in all.
MAX_ATTEMPTS = 6
RETRY_BASE = timedelta(minutes=1)


def retry_delay(attempts: int) -> timedelta:
    return RETRY_BASE * 4 ** (attempts - 1)


# Who is told ----------------------------------------------------------------------------


def editors_of(subject):
    """The logins that saved `subject` (a version, or an article) at some revision."""
    return get_user_model().objects.filter(
        pk__in=RevisionRecord.objects.get_for_object(subject).values("revision__user")
    )


def recipients(kind: str, article: Article, *, version=None, by=None) -> list:
    """Who is told of `kind` about `article`, save the person who did it and those who
    turned that kind off or have no address."""
    if kind in EDITORS_KINDS:
        users = editors()
    elif kind == NoticeKind.NOTE:
        # Those who sign the article, and those who edited what the note is about.
        users = get_user_model().objects.filter(
            Q(pk__in=authors_of(article).values("pk"))
            | Q(pk__in=editors_of(version or article).values("pk"))
        )
    else:
        users = authors_of(article)
    users = users.filter(is_active=True).exclude(email="").select_related("editor_profile")
    if by is not None:
        users = users.exclude(pk=by.pk)
    return [user for user in users.order_by("pk") if profile_of(user).wants(kind)]


def profile_of(user) -> EditorProfile:
    """The user's profile, or the defaults of one (the site's language, every kind on)."""
    try:
        return user.editor_profile
    except EditorProfile.DoesNotExist:
        return EditorProfile(user=user)


# What they are told ---------------------------------------------------------------------


def compose(kind: str, *, article: Article, version, instant: datetime, recipient,
            by=None, note=None, about_changes: bool = False) -> Notice:
    """The notice for `recipient`, written in their language and time zone.

    `about_changes`: the step was taken by the pending changes of a live version
    (articles.PendingChange), not by the version itself, whose live text readers
    kept reading meanwhile.
    """
    profile = profile_of(recipient)
    language = profile.language if profile.language in language_codes() else (
        settings.LANGUAGE_CODE
    )
    with translation.override(language), timezone.override(profile.time_zone):
        subject_of = version or article.in_language_or_any()
        context = {
            "kind": kind,
            "recipient": person_name(recipient),
            "by": person_name(by) if by else "",
            "title": subject_of.title if subject_of else str(article),
            "version": version,
            # As every message of the back office names a language: its code.
            "language_name": version.language.upper() if version else "",
            "article": article,
            "instant": instant,
            "admin_url": settings.SITE_URL + (
                reverse("admin:articles_articletranslation_change", args=[version.pk])
                if version else reverse("admin:articles_article_change", args=[article.pk])
            ),
            "reader_url": settings.SITE_URL + version.get_absolute_url()
            if version and kind == NoticeKind.PUBLISHED else "",
            "profile_url": settings.SITE_URL + (
                reverse("admin:editorial_editorprofile_change", args=[profile.pk])
                if profile.pk else reverse("admin:index")
            ),
            "site_name": settings.SITE_NAME,
            "note": note,
            "about_changes": about_changes,
            # When scheduled changes reach readers (kind "scheduled").
            "update_at": pending_update_time(version)
            if about_changes and kind == NoticeKind.SCHEDULED else None,
        }
        # One line; the no-break spaces of French typography stay.
        subject = re.sub(
            r"[ \t\r\n]+", " ",
            render_to_string("editorial/email/notice_subject.txt", context),
        ).strip()
        body = render_to_string("editorial/email/notice.txt", context)
    return Notice(
        kind=kind, article=article, version=version, instant=instant, recipient=recipient,
        address=recipient.email, language=language, subject=subject[:300], body=body,
    )


def pending_update_time(version: ArticleTranslation) -> datetime | None:
    """When the version's scheduled changes reach readers, read afresh (the version may
    hold its pending change as it was before the step)."""
    return PendingChange.objects.filter(version=version).values_list(
        "publish_at", flat=True).first()


def record(kind: str, *, article: Article, version=None, instant: datetime,
           by=None, note=None, about_changes: bool = False) -> list[int]:
    """Write the notices of `kind` due at `instant` to the outbox, each once; the ids of
    those still waiting to be sent.

    A notice already recorded (another worker found it due first) is left as it is.
    """
    Notice.objects.bulk_create(
        [
            compose(kind, article=article, version=version, instant=instant,
                    recipient=recipient, by=by, note=note, about_changes=about_changes)
            for recipient in recipients(kind, article, version=version, by=by)
        ],
        ignore_conflicts=True,
    )
    return list(
        Notice.objects.filter(
            kind=kind, article=article, version=version, instant=instant,
            status=NoticeStatus.PENDING,
        ).values_list("pk", flat=True)
    )


def notify(kind: str, *, by, version: ArticleTranslation | None = None,
           article: Article | None = None, note=None, about_changes: bool = False,
           instant: datetime | None = None) -> None:
    """Tell those concerned that `by` just did `kind` to `version` (or to `article`); with
    no one (`by` None), that a scheduled change took effect at `instant`.

    Call it inside the transaction of the change: the notices are recorded with it, once
    however many requests or workers made it, and handed to the worker only once it
    commits (never, if it rolls back).
    """
    if instant is None:
        instant = note.created_at if note else timezone.now()
    ids = record(kind, article=article or version.article, version=version, by=by, note=note,
                 instant=instant, about_changes=about_changes)
    if ids:
        transaction.on_commit(partial(hand_to_worker, ids), robust=True)


def hand_to_worker(ids: list[int], run_after: datetime | None = None) -> None:
    for pk in ids:
        deliver_notice.using(run_after=run_after).enqueue(pk)


# Sending --------------------------------------------------------------------------------


@task()
def deliver_notice(notice_id: int) -> str:
    return send_notice(notice_id)


def send_notice(notice_id: int, *, only_pending: bool = False) -> str:
    """Send one notice unless it was sent already; its status afterwards.

    The row stays locked while the mail server is spoken to: a second worker holding the
    same notice waits, then finds it sent. A failure is recorded and tried again later,
    up to MAX_ATTEMPTS times in all.
    """
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None:
            return "gone"
        if notice.status == NoticeStatus.SENT or (
            only_pending and notice.status != NoticeStatus.PENDING
        ):
            return notice.status
        notice.attempts += 1
        try:
            EmailMessage(
                subject=notice.subject, body=notice.body, to=[notice.address],
                headers={"Auto-Submitted": "auto-generated"},
            ).send()
        except Exception as error:
            # Whatever the mail server or the network did: recorded for editors, retried.
            logger.warning("Notice %s not sent: %s", notice.pk, error)
            notice.status = NoticeStatus.FAILED
            notice.last_error = f"{type(error).__name__}: {error}"[:2000]
            notice.save(update_fields=["status", "attempts", "last_error"])
            if notice.attempts < MAX_ATTEMPTS:
                transaction.on_commit(partial(
                    hand_to_worker, [notice.pk],
                    run_after=timezone.now() + retry_delay(notice.attempts),
                ), robust=True)
            return notice.status
        notice.status = NoticeStatus.SENT
        notice.sent_at = timezone.now()
        notice.last_error = ""
        notice.save(update_fields=["status", "attempts", "last_error", "sent_at"])
        return notice.status


def send_again(notices) -> int:
    """Hand the notices not sent yet to the worker now (an editor's retry); how many."""
    ids = list(notices.exclude(status=NoticeStatus.SENT).values_list("pk", flat=True))
    transaction.on_commit(partial(hand_to_worker, ids), robust=True)
    return len(ids)


def send_due(ids: list[int]) -> None:
    """Send, in this worker, the notices it has just recorded (those another worker
    has not taken already)."""
    for pk in ids:
        send_notice(pk, only_pending=True)


# At an instant, with no request behind it ---------------------------------------------


def plan_publication_notice(version: ArticleTranslation) -> None:
    """Have the worker tell the authors when the scheduled `version` becomes public."""
    at = version.publish_at
    transaction.on_commit(
        lambda: announce_publication.using(run_after=at).enqueue(version.pk, at.isoformat()),
        robust=True,
    )


@task()
def announce_publication(version_id: int, instant: str) -> str:
    """Tell the authors that `version` became public at `instant`, if it still did."""
    at = datetime.fromisoformat(instant)
    version = ArticleTranslation.objects.select_related("article").filter(pk=version_id).first()
    if version is None or version.status != Status.SCHEDULED or version.publish_at != at:
        # Published by hand, rescheduled or sent back meanwhile: that step told them.
        return "moved"
    if at > timezone.now():
        announce_publication.using(run_after=at).enqueue(version_id, instant)
        return "early"
    with transaction.atomic():
        ids = record(NoticeKind.PUBLISHED, article=version.article, version=version, instant=at)
    send_due(ids)
    return "told"


def overdue_unscheduled(at: datetime):
    """Planned articles past their target date with no version scheduled either."""
    scheduled = ArticleTranslation.objects.public_later(at).filter(article=OuterRef("pk"))
    return Article.objects.overdue(at).exclude(Exists(scheduled)).order_by("pk")


SWEEP_EVERY = timedelta(hours=1)


def next_sweep(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0) + SWEEP_EVERY


@task()
def sweep_overdue_plans() -> int:
    """Tell the editors, once per plan, of each article newly overdue; then come again
    at the next full hour. How many notices it sent."""
    now = timezone.now()
    sent = 0
    for article in overdue_unscheduled(now):
        with transaction.atomic():
            ids = record(NoticeKind.OVERDUE, article=article, instant=article.overdue_since())
        send_due(ids)
        sent += len(ids)
    ensure_sweep(after=next_sweep(now))
    return sent


def ensure_sweep(after: datetime | None = None) -> None:
    """Enqueue the next sweep unless one is already waiting (make serve calls this)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=sweep_overdue_plans.module_path, status=TaskResultStatus.READY
    )
    if not waiting.exists():
        sweep_overdue_plans.using(run_after=after).enqueue()

