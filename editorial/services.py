"""The editorial workflow: each change that spans rows or checks a role is one function.

Admin pages, list actions and views call these; none of them changes a status, a
publication time or the order of a series by itself.
"""

import hashlib
import json
import logging
import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter

import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_tasks import task

# reversion's Version: one object as a revision recorded it (ours are language versions).
from reversion.models import Version as RevisionRecord
from taggit.models import Tag

from articles.models import (
    PENDING_STATUSES,
    PUBLIC_STATUSES,
    Article,
    ArticleTranslation,
    PendingChange,
    Status,
    TaggedArticleTranslation,
    version_values,
)
from articles.queries import working_titles
from articles.tags import tag_page_urls
from authors.models import Author
from core.languages import language_codes
from editorial import translating
from editorial.models import NoticeKind
from editorial.notifications import notify, plan_publication_notice
from editorial.revision_comments import revision_comment
from editorial.roles import articles_for, can_edit_version, is_editor
from images.models import Image
from redirects.services import redirect_record_moves
from series.models import Series

# Old addresses keep answering ---------------------------------------------------------


def public_urls(obj: models.Model) -> dict[Hashable, str]:
    """Where readers find `obj` now, as the database holds it.

    Keyed by what a rename leaves as it is: a version or a series text by its id (its
    language may change), an author's or a tag's page by its language.
    """
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    if fresh is None:
        return {}
    if isinstance(fresh, Tag):
        return tag_page_urls(fresh)
    return fresh.public_urls()


def old_addresses_kept(obj: models.Model, before: Mapping[Hashable, str]) -> None:
    """Make each address of `before` (public_urls() earlier) that `obj` left answer 301.

    Call it inside the transaction that renamed `obj`: the redirect and the new address
    are then committed together.
    """
    redirect_record_moves(before=before, after=public_urls(obj))


@contextmanager
def addresses_kept(obj: models.Model) -> Iterator[None]:
    """Have every address readers find `obj` at answer 301 to its new one after the block."""
    before = public_urls(obj)
    yield
    old_addresses_kept(obj, before)


# Language versions: the workflow -------------------------------------------------------


class TransitionRefused(Exception):
    """The transition is not allowed; the message says why, for the editor."""


class EditConflict(TransitionRefused):
    """Someone else saved the version after the person acting loaded it."""


def pending_status(version: ArticleTranslation) -> str | None:
    """The status of the version's pending change, None without one."""
    pending = PendingChange.of(version)
    return pending.status if pending else None


def withdrawal_state(version: ArticleTranslation) -> str | None:
    """"scheduled" when the version's withdrawal is, None otherwise."""
    return Status.SCHEDULED if version.withdraw_at else None


@dataclass(frozen=True)
class Rule:
    sources: tuple[str, ...]
    editors_only: bool
    # What `sources` are states of: the version's own status unless said otherwise.
    state: Callable[[ArticleTranslation], str | None] = attrgetter("status")


RULES = {
    "submit": Rule((Status.PLANNED, Status.DRAFT), editors_only=False),
    "schedule": Rule(
        (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.WITHDRAWN), editors_only=True
    ),
    "publish": Rule(
        (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.WITHDRAWN), editors_only=True
    ),
    "withdraw": Rule((Status.SCHEDULED, Status.PUBLISHED), editors_only=True),
    "back_to_draft": Rule(
        (Status.IN_REVIEW, Status.SCHEDULED, Status.WITHDRAWN), editors_only=False
    ),
    # Changes to a live version (PendingChange): the same roles as the version's own.
    "submit_changes": Rule((Status.DRAFT,), editors_only=False, state=pending_status),
    "schedule_changes": Rule(PENDING_STATUSES, editors_only=True, state=pending_status),
    "publish_changes": Rule(PENDING_STATUSES, editors_only=True, state=pending_status),
    "discard_changes": Rule(PENDING_STATUSES, editors_only=True, state=pending_status),
    "changes_back_to_draft": Rule(
        (Status.IN_REVIEW, Status.SCHEDULED), editors_only=False, state=pending_status
    ),
    # A live version's withdrawal at a time of the editor's choosing; moved by
    # scheduling it again.
    "schedule_withdrawal": Rule(PUBLIC_STATUSES, editors_only=True),
    "cancel_withdrawal": Rule((Status.SCHEDULED,), editors_only=True, state=withdrawal_state),
}


def last_change(obj: models.Model) -> tuple[str, datetime | None]:
    """Who last saved ``obj`` and when: its newest revision, else the admin's log of it."""
    try:
        latest = (
            RevisionRecord.objects.get_for_object(obj).select_related("revision__user")
            .first()
        )
    except reversion.RegistrationError:
        latest = None
    logged = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).select_related("user").order_by("-action_time", "-pk").first()
    )
    candidates = []
    if latest and latest.revision.user:
        candidates.append((latest.revision.date_created, str(latest.revision.user)))
    if logged:
        candidates.append((logged.action_time, str(logged.user)))
    if candidates:
        when, who = max(candidates)
        return who, when
    return _("another editor"), getattr(obj, "updated_at", None)


def changed_by(obj: models.Model) -> str:
    """Who last changed `obj` and when ("camille on …"), or only who when that is unknown."""
    return who_and_when(*last_change(obj))


def who_and_when(who: str, when: datetime | None) -> str:
    """"camille on …", or only who when the time is unknown."""
    if when is None:
        return who
    return _("%(who)s on %(when)s") % {"who": who, "when": format_when(when)}


def format_when(when: datetime) -> str:
    return formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")


def conflict_message(version: ArticleTranslation) -> str:
    who, when = last_change(version)
    return _(
        "“%(title)s” (%(language)s) was changed by %(who)s on %(when)s, after you opened it. "
        "Nothing was saved: compare with the current text, then save again."
    ) % {
        "title": version.title,
        "language": version.language.upper(),
        "who": who,
        "when": format_when(when),
    }


def allowed_transitions(version: ArticleTranslation, user) -> list[str]:
    editor = is_editor(user)
    return [
        name for name, rule in RULES.items()
        if rule.state(version) in rule.sources
        and (editor or (not rule.editors_only and can_edit_version(user, version)))
    ]


def transition_refusal(*, version: ArticleTranslation, name: str, by) -> str | None:
    """Why `by` may not apply the transition `name` to `version` as it stands, or None."""
    if name not in RULES:
        return _("Unknown action.")
    if name in allowed_transitions(version, by):
        return None
    rule = RULES[name]
    wrong_status = rule.state(version) not in rule.sources
    refusal = STATUS_REFUSALS[name] if wrong_status else _(
        "“%(title)s” (%(language)s) is %(status)s: only an editor can do this now."
    )
    return refusal % {
        "title": version.title,
        "language": version.language.upper(),
        "status": version.effective_status().label,
    }


def locked_for_step(
    version: ArticleTranslation, *, name: str, by, expected_updated_at: datetime | None
) -> ArticleTranslation:
    """The version as stored, locked until the transaction ends, once the step `name` by
    `by` is allowed on it and it is still the one the person saw."""
    current = ArticleTranslation.objects.select_for_update().get(pk=version.pk)
    if expected_updated_at is not None and current.updated_at != expected_updated_at:
        raise EditConflict(conflict_message(current))
    refusal = transition_refusal(version=current, name=name, by=by)
    if refusal:
        raise TransitionRefused(refusal)
    return current


def _apply(
    *,
    version: ArticleTranslation,
    name: str,
    by,
    expected_updated_at: datetime | None,
    change,
    comment: str,
    notice: str | None,
) -> ArticleTranslation:
    with transaction.atomic():
        current = locked_for_step(version, name=name, by=by,
                                  expected_updated_at=expected_updated_at)
        change(current)
        with reversion.create_revision():
            current.save()
            reversion.set_user(by)
            reversion.set_comment(revision_comment(comment))
        # Recorded with the change; the worker sends them once it commits.
        if notice:
            notify(notice, version=current, by=by)
    return current


def version_submit(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current):
        current.status = Status.IN_REVIEW

    return _apply(version=version, name="submit", by=by, change=change,
                  notice=NoticeKind.IN_REVIEW,
                  expected_updated_at=expected_updated_at, comment=gettext_noop("Sent to review"))


# Further ahead than this, a publication time is a slip of the keyboard (9999 for 2029);
# near the year 9999 it could not even be shown in every editor's time zone.
SCHEDULE_HORIZON = timedelta(days=3652)


def schedule_refusal(at: datetime) -> str | None:
    """Why `at` cannot be a publication time, or None when it can."""
    too_far = _("Choose a publication time less than ten years ahead.")
    now = timezone.now()
    try:
        if at <= now:
            return _("Choose a publication time in the future.")
        if at - now > SCHEDULE_HORIZON:
            return too_far
    except OverflowError:
        # Comparing converts to UTC, which does not exist past the year 9999.
        return too_far
    return None


def version_schedule(
    *, version, at: datetime, by, expected_updated_at=None
) -> ArticleTranslation:
    refusal = schedule_refusal(at)
    if refusal:
        raise TransitionRefused(refusal)

    def change(current):
        # Checked on the locked row: a withdrawal scheduled meanwhile counts.
        if current.withdraw_at is not None and at >= current.withdraw_at:
            # Else it would be withdrawn before readers ever saw it.
            raise TransitionRefused(_(
                "Choose a publication time before the scheduled withdrawal, or cancel the "
                "withdrawal first."))
        current.status = Status.SCHEDULED
        current.publish_at = at

    scheduled = _apply(version=version, name="schedule", by=by, change=change,
                       notice=NoticeKind.SCHEDULED, expected_updated_at=expected_updated_at,
                       comment=gettext_noop("Scheduled"))
    # No request is behind the moment it becomes public: the worker tells the authors.
    plan_publication_notice(scheduled)
    return scheduled


def version_publish(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    now = timezone.now()

    def change(current):
        current.status = Status.PUBLISHED
        # A version that readers have already seen keeps its first publication time.
        if current.publish_at is None or current.publish_at > now:
            current.publish_at = now

    return _apply(version=version, name="publish", by=by, change=change,
                  notice=NoticeKind.PUBLISHED,
                  expected_updated_at=expected_updated_at, comment=gettext_noop("Published"))


def version_withdraw(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current):
        fold_pending_change(current)
        current.status = Status.WITHDRAWN
        current.withdraw_at = None

    return _apply(version=version, name="withdraw", by=by, change=change,
                  notice=NoticeKind.WITHDRAWN,
                  expected_updated_at=expected_updated_at, comment=gettext_noop("Withdrawn"))


def version_back_to_draft(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current):
        fold_pending_change(current)
        if current.is_public_later():
            # The planned time goes with the plan; a time readers saw stays.
            current.publish_at = None
        current.status = Status.DRAFT
        current.withdraw_at = None

    return _apply(version=version, name="back_to_draft", by=by, change=change,
                  notice=NoticeKind.BACK_TO_DRAFT,
                  expected_updated_at=expected_updated_at, comment=gettext_noop("Back to draft"))


# Why a transition is refused when the version's status does not allow it.
STATUS_REFUSALS = {
    "submit": gettext_lazy(
        "“%(title)s” (%(language)s) is %(status)s: it cannot be sent to review."
    ),
    "schedule": gettext_lazy("“%(title)s” (%(language)s) is %(status)s: it cannot be scheduled."),
    "publish": gettext_lazy("“%(title)s” (%(language)s) is %(status)s: it cannot be published."),
    "withdraw": gettext_lazy("“%(title)s” (%(language)s) is %(status)s: it cannot be withdrawn."),
    "back_to_draft": gettext_lazy(
        "“%(title)s” (%(language)s) is %(status)s: it cannot go back to draft."
    ),
    "submit_changes": gettext_lazy(
        "“%(title)s” (%(language)s) has no changes in preparation to send to review."
    ),
    "schedule_changes": gettext_lazy(
        "“%(title)s” (%(language)s) has no pending changes to schedule."
    ),
    "publish_changes": gettext_lazy(
        "“%(title)s” (%(language)s) has no pending changes to publish."
    ),
    "discard_changes": gettext_lazy(
        "“%(title)s” (%(language)s) has no pending changes to discard."
    ),
    "changes_back_to_draft": gettext_lazy(
        "The changes to “%(title)s” (%(language)s) are neither in review nor scheduled."
    ),
    "schedule_withdrawal": gettext_lazy(
        "“%(title)s” (%(language)s) is %(status)s: only a published or scheduled version "
        "can be withdrawn at a set time."
    ),
    "cancel_withdrawal": gettext_lazy(
        "“%(title)s” (%(language)s) has no scheduled withdrawal to cancel."
    ),
}


# Changes to a live version ------------------------------------------------------------

logger = logging.getLogger(__name__)


def changes_refusal(version: ArticleTranslation) -> str | None:
    """Why changes to `version` cannot wait as pending changes, or None: only a version
    readers see now has a live text to keep."""
    if version.is_published():
        return None
    return _("“%(title)s” (%(language)s) is not live: save it directly.") % {
        "title": version.title, "language": version.language.upper(),
    }


def changes_save(
    *, version: ArticleTranslation, values: Mapping, tag_names, by,
) -> PendingChange | None:
    """Keep `values` (PENDING_FIELDS) and `tag_names` as the pending changes of the live
    `version`: readers keep its text until they are published.

    Values equal to the live text leave no pending change (one there is discarded). The
    version's marker (its updated_at) moves, so that a colleague's page open on the
    older changes is told, as for any save.
    """
    with transaction.atomic():
        current = ArticleTranslation.objects.select_for_update().get(pk=version.pk)
        refusal = changes_refusal(current)
        if refusal:
            raise TransitionRefused(refusal)
        if not can_edit_version(by, current):
            raise TransitionRefused(_("You can only change the articles you sign."))
        pending = PendingChange.objects.select_for_update().filter(version=current).first()
        if pending is not None and pending.status == Status.SCHEDULED and not is_editor(by):
            # An editor scheduled this text: an author's later typing would reach readers
            # unreviewed. As with a scheduled version, it is the editors' now.
            raise TransitionRefused(_(
                "The changes to “%(title)s” (%(language)s) are scheduled: only an editor "
                "can change them now."
            ) % {"title": current.title, "language": current.language.upper()})
        proposed = {**version_values(current), **values, "tag_names": sorted(tag_names)}
        if proposed == version_values(current):
            if pending is not None:
                pending.delete()
        else:
            pending = pending or PendingChange(version=current, created_by=by)
            for name, value in proposed.items():
                setattr(pending, name, value)
            pending.changed_by = by
            pending.save()
        ArticleTranslation.objects.filter(pk=current.pk).update(updated_at=timezone.now())
    return PendingChange.objects.filter(version_id=version.pk).first()


def fold_pending_change(current: ArticleTranslation) -> None:
    """Carry the pending changes of `current` into its own text, for a version readers
    stop seeing (withdrawn, back to draft): nothing typed is lost, and the next
    publication publishes them. Call it before saving `current`, in its transaction."""
    pending = PendingChange.objects.filter(version=current).first()
    if pending is None:
        return
    take_typing(current, pending)
    pending.delete()


def slug_taken(current: ArticleTranslation, slug: str) -> bool:
    """Whether another version in `current`'s language uses `slug`: a slug typed in
    pending changes reserves nothing, so another version may have taken it since."""
    return ArticleTranslation.objects.filter(
        language=current.language, slug=slug).exclude(pk=current.pk).exists()


def take_typing(current: ArticleTranslation, pending: PendingChange) -> None:
    """Set the text and tags of `pending` on `current`, a version readers no longer see
    (saved by the caller). A slug taken since stays the version's own, so that taking it
    away cannot fail."""
    values = pending.values()
    if slug_taken(current, pending.slug):
        del values["slug"]
    for name, value in values.items():
        setattr(current, name, value)
    current.tags.set(pending.tag_names)


def publish_pending_change(
    current: ArticleTranslation, pending: PendingChange, *, by, comment: str,
    instant: datetime | None = None,
) -> ArticleTranslation:
    """Copy `pending` into the live `current` (locked), as readers will now read it, and
    forget it. `instant` is when readers saw it (a scheduled update), now by default:
    the "Updated on" date of the page."""
    if slug_taken(current, pending.slug):
        raise TransitionRefused(_(
            "Another version in %(language)s now uses the address “%(slug)s”: choose "
            "another slug in the changes to “%(title)s”, then publish them."
        ) % {"language": current.language.upper(), "slug": pending.slug,
             "title": current.title})
    before = public_urls(current)
    for name, value in pending.values().items():
        setattr(current, name, value)
    with reversion.create_revision():
        current.save()
        current.tags.set(pending.tag_names)
        reversion.set_user(by)
        reversion.set_comment(comment)
    if instant is not None and current.revised_at and current.revised_at > instant:
        ArticleTranslation.objects.filter(pk=current.pk).update(revised_at=instant)
        current.revised_at = instant
    if pending.pk is not None:
        pending.delete()
    old_addresses_kept(current, before)
    return current


def _apply_to_changes(
    *, version, name: str, by, expected_updated_at, change, notice: str | None,
) -> ArticleTranslation:
    """One step of a version's pending change: checked like a version's own step."""
    with transaction.atomic():
        current = locked_for_step(version, name=name, by=by,
                                  expected_updated_at=expected_updated_at)
        pending = PendingChange.objects.select_for_update().get(version=current)
        change(current, pending)
        ArticleTranslation.objects.filter(pk=current.pk).update(updated_at=timezone.now())
        if notice:
            notify(notice, version=current, by=by, about_changes=True)
    current.refresh_from_db()
    return current


def changes_submit(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current, pending):
        pending.status = Status.IN_REVIEW
        pending.save(update_fields=["status", "updated_at"])

    return _apply_to_changes(version=version, name="submit_changes", by=by, change=change,
                             notice=NoticeKind.IN_REVIEW,
                             expected_updated_at=expected_updated_at)


def changes_schedule(*, version, at: datetime, by, expected_updated_at=None):
    refusal = schedule_refusal(at)
    if refusal:
        raise TransitionRefused(refusal)

    def change(current, pending):
        pending.status = Status.SCHEDULED
        pending.publish_at = at
        pending.save(update_fields=["status", "publish_at", "updated_at"])
        # No request may come at that instant: the worker makes it and tells the authors.
        plan_due_change_notice(at)

    return _apply_to_changes(version=version, name="schedule_changes", by=by, change=change,
                             notice=NoticeKind.SCHEDULED,
                             expected_updated_at=expected_updated_at)


def changes_back_to_draft(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current, pending):
        pending.status = Status.DRAFT
        pending.publish_at = None
        pending.save(update_fields=["status", "publish_at", "updated_at"])

    return _apply_to_changes(version=version, name="changes_back_to_draft", by=by,
                             change=change, notice=NoticeKind.BACK_TO_DRAFT,
                             expected_updated_at=expected_updated_at)


def changes_publish(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current, pending):
        publish_pending_change(current, pending, by=by, comment=revision_comment(
            gettext_noop("Changes published")))

    return _apply_to_changes(version=version, name="publish_changes", by=by, change=change,
                             notice=NoticeKind.PUBLISHED,
                             expected_updated_at=expected_updated_at)


def changes_discard(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current, pending):
        pending.delete()
        # In the history: the live text stays as it was, and who dropped the changes.
        with reversion.create_revision():
            reversion.add_to_revision(current)
            reversion.set_user(by)
            reversion.set_comment(revision_comment(gettext_noop("Pending changes discarded")))

    return _apply_to_changes(version=version, name="discard_changes", by=by, change=change,
                             notice=None, expected_updated_at=expected_updated_at)


def version_publish_directly(*, version: ArticleTranslation, by) -> None:
    """Record that `by`, an editor, saved `version` straight to readers (a small fix),
    in the revision the save opened (call it inside reversion's block)."""
    if not is_editor(by):
        raise TransitionRefused(_("Only an editor can publish changes directly."))
    reversion.set_comment(revision_comment(gettext_noop("Published directly (small fix)")))


def version_schedule_withdrawal(
    *, version, at: datetime, by, expected_updated_at=None
) -> ArticleTranslation:
    refusal = schedule_refusal(at)
    if refusal:
        raise TransitionRefused(refusal)

    def change(current):
        # Checked on the locked row: a publication moved meanwhile counts.
        if current.publish_at is not None and at <= current.publish_at:
            raise TransitionRefused(
                _("Choose a withdrawal time after the version is published."))
        current.withdraw_at = at

    scheduled = _apply(version=version, name="schedule_withdrawal", by=by, change=change,
                       notice=None, expected_updated_at=expected_updated_at,
                       comment=gettext_noop("Withdrawal scheduled"))
    plan_due_change_notice(at)
    return scheduled


def version_cancel_withdrawal(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current):
        current.withdraw_at = None

    return _apply(version=version, name="cancel_withdrawal", by=by, change=change,
                  notice=None, expected_updated_at=expected_updated_at,
                  comment=gettext_noop("Scheduled withdrawal cancelled"))


# Scheduled changes take effect: at the first request for a public page at or after their
# instant (pagecache.state), or by the worker at that instant, whichever comes first.


def make_due_changes(now: datetime) -> int:
    """Publish the scheduled changes and make the scheduled withdrawals due at `now`;
    how many. Each is made once, however many requests and workers arrive together: the
    second waits for the first's lock, then finds nothing left to do."""
    # One query, asked at the first request after every content change: updates first
    # (a version withdrawn at the same instant keeps them in its text).
    update, withdrawal = 0, 1
    # Unordered: SQLite refuses an ORDER BY inside a UNION.
    due = PendingChange.objects.due(now).annotate(kind=models.Value(update)).values_list(
        "kind", "pk"
    ).order_by().union(
        ArticleTranslation.objects.withdrawals_due(now).annotate(kind=models.Value(withdrawal))
        .values_list("kind", "pk").order_by(),
        all=True,
    )
    made, failure = 0, None
    for kind, pk in sorted(due):
        try:
            made += (_publish_due_change if kind == update else _withdraw_due)(pk, now)
        except DatabaseError as error:
            # One that fails (its own transaction rolled back) holds back none of the
            # others; the caller is told, so that it tries again.
            logger.warning("Scheduled change not made: %r", error)
            failure = failure or error
    if failure is not None:
        raise failure
    return made


def plan_due_change_notice(at: datetime) -> None:
    """Have the worker make the scheduled changes due at `at` (an update, a withdrawal)
    should no request come first: that records their notices."""
    transaction.on_commit(
        lambda: make_due_changes_task.using(run_after=at).enqueue(at.isoformat()),
        robust=True,
    )


@task()
def make_due_changes_task(instant: str) -> int:
    """At `instant`: make what is due, unless a request did first."""
    at = datetime.fromisoformat(instant)
    if at > timezone.now():
        make_due_changes_task.using(run_after=at).enqueue(instant)
        return 0
    return make_due_changes(timezone.now())


def _publish_due_change(pending_id: int, now: datetime) -> int:
    with transaction.atomic():
        current = (
            ArticleTranslation.objects.select_for_update()
            .filter(pending_change__pk=pending_id).first()
        )
        pending = PendingChange.objects.select_for_update().filter(pk=pending_id).first()
        # Claimed by deleting it first (SQLite ignores the locks): a second arrival
        # deletes nothing and leaves.
        if current is None or pending is None or not pending.is_due(now) or not (
            PendingChange.objects.filter(pk=pending_id).delete()[0]
        ):
            return 0
        pending.pk = pending.id = None
        at, pending_since = pending.publish_at, pending.created_at
        if not current.is_published(at):
            # Withdrawn meanwhile: the changes wait in its text for the next publication.
            take_typing(current, pending)
            current.save()
            return 1
        try:
            with transaction.atomic():
                publish_pending_change(current, pending, by=None, instant=at, comment=(
                    revision_comment(gettext_noop("Changes published as scheduled"))))
        except (IntegrityError, TransitionRefused):
            # Another version took the slug since: an editor must choose another one.
            logger.warning("Scheduled changes to version %s not published: slug taken",
                           current.pk)
            pending.status, pending.publish_at = Status.IN_REVIEW, None
            pending.save()
            # Written again, still pending since it was first typed.
            PendingChange.objects.filter(pk=pending.pk).update(created_at=pending_since)
            return 0
        notify(NoticeKind.PUBLISHED, by=None, version=current, instant=at, about_changes=True)
    return 1


def _withdraw_due(version_id: int, now: datetime) -> int:
    with transaction.atomic():
        current = ArticleTranslation.objects.select_for_update().filter(pk=version_id).first()
        if current is None or not (
            ArticleTranslation.objects.withdrawals_due(now).filter(pk=version_id)
            .update(withdraw_at=None)
        ):
            return 0
        at = current.withdraw_at
        fold_pending_change(current)
        current.status = Status.WITHDRAWN
        current.withdraw_at = None
        with reversion.create_revision():
            current.save()
            reversion.set_comment(revision_comment(gettext_noop("Withdrawn as scheduled")))
        notify(NoticeKind.WITHDRAWN, by=None, version=current, instant=at)
    return 1


def version_missing_texts(version: ArticleTranslation) -> list[str]:
    """The texts around `version` not written in its language, each named for an editor.

    Its page shows them all: the series' title and blurb, the byline's biographies, and
    the working titles of the follow-ups announced under "Coming next". Missing, the page
    says "Part 1" with no series name, or shows another language's working title.
    """
    language = version.language
    article = Article.objects.select_related("series").get(pk=version.article_id)
    missing = []
    series = article.series
    if series is not None and not series.translations.filter(language=language).exists():
        missing.append(_("the title and blurb of the series “%(series)s”") % {"series": series})
    authors = (
        Author.objects.filter(bylines__article=article)
        .exclude(translations__language=language)
        .order_by("bylines__position", "pk")
    )
    missing += [_("the biography of %(author)s") % {"author": author.name}
                for author in authors]
    if article.series_id:
        untitled = (
            Article.objects.announced().filter(series_id=article.series_id)
            .exclude(pk=article.pk).exclude(versions__language=language)
        )
        missing += [
            _("a working title for “%(article)s”, announced under “Coming next”")
            % {"article": follow_up}
            for follow_up in untitled
        ]
    return missing


# Announcing: what readers see of a follow-up, an editor saw -----------------------------


def shown_working_titles(article: Article) -> dict[str, list[str]]:
    """The working titles readers of each language see of `article` while it is announced."""
    articles = Article.objects.filter(pk=article.pk)
    return {
        code: [entry["title"] for entry in working_titles(articles, code)]
        for code in language_codes()
    }


def announcement_review(*, article: Article, before: dict[str, list[str]], by) -> bool:
    """Withdraw the announcement of `article` when `by` changed what readers see of it.

    An editor announcing an article vouches for the working titles readers then see
    under "Coming next" (shown_working_titles). A change of them by anyone else, a version
    retitled or added, is text no editor saw: the article is announced no more, until an
    editor announces it again. An editor's own change keeps it announced. `before` is
    shown_working_titles(article) before the change; True when this withdrew it.
    """
    article.refresh_from_db(fields=["announced"])
    if not article.announced or is_editor(by) or shown_working_titles(article) == before:
        return False
    article.announced = False
    article.save(update_fields=["announced", "updated_at"])
    return True


def announcement_withdrawn_message(article: Article) -> str:
    """What the person whose change withdrew the announcement of `article` is told."""
    return _(
        "Readers no longer see “%(article)s” under “Coming next”: its working title "
        "changed, and an editor must announce it again."
    ) % {"article": article}


# Language versions: a new one from another -------------------------------------------


# Copied from the source version into a new one, for the translator to translate. The
# slug follows the title (slug_following_title), tags are matched (tags_in_language), and
# where the other version was first published is no fact about this one.
COPIED_FIELDS = translating.SHOWN_FIELDS


class VersionRefused(ValueError):
    """The version cannot be created; the message says why, for the person asking."""


def unique_slug(base: str, language: str, *, exclude_pk: int | None = None) -> str:
    """`base`, or `base-2`, `base-3`… : the first one no version in `language` uses."""
    max_length = ArticleTranslation._meta.get_field("slug").max_length
    base = base or "article"
    taken = set(
        ArticleTranslation.objects.filter(language=language, slug__startswith=base[:max_length])
        .exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    candidate, number = base[:max_length], 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)] + suffix
        number += 1
    return candidate


def slug_from_title(title: str, language: str, *, exclude_pk: int | None = None) -> str:
    """The free slug a title gives in `language`."""
    return unique_slug(slugify(title), language, exclude_pk=exclude_pk)


def slug_following_title(version: ArticleTranslation, *, title: str, slug: str) -> str:
    """The slug to save with `title` and the `slug` as sent, for a version saved before.

    Until readers have seen the version, a slug nobody typed (the one its saved title
    gives) follows a new title; a slug someone typed, or one readers know, stays.
    """
    if (
        version.pk is None
        or version.publish_at is not None
        or title == version.title
        or slug != version.slug
        or not re.fullmatch(rf"{re.escape(slugify(version.title) or 'article')}(-\d+)?", slug)
    ):
        return slug
    return slug_from_title(title, version.language, exclude_pk=version.pk)


def tags_in_language(tags, language: str) -> list[Tag]:
    """Those of `tags` that versions in `language` already carry: the ones that match."""
    return list(
        Tag.objects.filter(pk__in=[tag.pk for tag in tags])
        .filter(pk__in=TaggedArticleTranslation.objects.filter(
            content_object__language=language).values("tag_id"))
        .order_by("name")
    )


# Tries at a free slug when colleagues take the chosen one at the same instant.
SLUG_TRIES = 5


def save_with_free_slug(version: ArticleTranslation) -> None:
    """Save the new `version` under the first slug its title gives that is still free.

    Another article's version with the same title, created at the same instant, can take
    the slug between the look-up and the insert: the database refuses the second one, and
    the next free slug is taken. After SLUG_TRIES such refusals the editor is told.
    """
    for _attempt in range(SLUG_TRIES):
        version.slug = slug_from_title(version.title, version.language)
        try:
            # A savepoint: the refused insert leaves the transaction usable.
            with transaction.atomic():
                version.save()
            return
        except IntegrityError:
            # The colleague's row is committed by now (the database waited for it before
            # refusing ours); any other refusal is no race on the slug.
            if not ArticleTranslation.objects.filter(
                language=version.language, slug=version.slug
            ).exists():
                raise
            version.pk = None
            version._state.adding = True
    raise VersionRefused(_(
        "Colleagues created versions with this title at the same moment: nothing was "
        "created. Try again."
    ))


def version_create(
    *, article: Article, language: str, source: ArticleTranslation, by
) -> ArticleTranslation:
    """A draft of `article` in `language`, pre-filled from the `source` version.

    The translator starts from the other language's text; its tags are those of the
    source that `language` already uses, the others left for the translator to name. The
    new version's slug comes from its title, and follows it until the version is public
    (slug_following_title). It stays a draft. Created by an author, it withdraws the
    announcement of the article when it changes what readers see (announcement_review).
    """
    if language not in language_codes():
        raise VersionRefused(
            _("“%(language)s” is not one of the site’s languages.") % {"language": language}
        )
    if source.article_id != article.pk:
        raise VersionRefused(_("The version to copy belongs to another article."))
    if not (
        by.has_perm("articles.add_articletranslation")
        and articles_for(by).filter(pk=article.pk).exists()
    ):
        raise VersionRefused(
            _("You can only add versions to the articles you sign.")
        )
    with transaction.atomic():
        # Lock the article so two clicks cannot both pass the check below.
        list(
            Article.objects.select_for_update().filter(pk=article.pk).order_by()
            .values_list("pk", flat=True)
        )
        if article.versions.filter(language=language).exists():
            raise VersionRefused(
                _("This article already has a version in %(language)s.")
                % {"language": language.upper()}
            )
        titles_before = shown_working_titles(article)
        if not translating.text_recorded(source):
            # What the translation starts from: its changes since are shown to the
            # translator against it (editorial.translating.source_beside).
            with reversion.create_revision():
                reversion.add_to_revision(source)
                reversion.set_user(by)
                reversion.set_comment(revision_comment(
                    gettext_noop("Text kept as the %(language)s version was created from it."),
                    language=language.upper(),
                ))
        with reversion.create_revision():
            version = ArticleTranslation(
                article=article,
                language=language,
                status=Status.DRAFT,
                publish_at=None,
                **{name: getattr(source, name) for name in COPIED_FIELDS},
            )
            save_with_free_slug(version)
            version.tags.set(tags_in_language(source.tags.all(), language))
            reversion.set_user(by)
            reversion.set_comment(revision_comment(
                gettext_noop("Created from the %(language)s version, to be translated."),
                language=source.language.upper(),
            ))
            announcement_review(article=article, before=titles_before, by=by)
    return version


# Series: the order of the parts --------------------------------------------------------


class ReorderRefused(Exception):
    """The new order does not name every article of the series exactly once."""


class ReorderConflict(ReorderRefused):
    """The parts changed after the person reordering loaded them."""


def series_order_marker(articles) -> str:
    """The marker of a series' parts as a page showed them: any article's save changes it,
    and so does an article joining or leaving the series."""
    rows = sorted(
        [article.pk, article.part, article.updated_at.isoformat()] for article in articles
    )
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:24]


def series_order_conflict_message(series: Series, articles) -> str:
    """Who last changed one of the series' articles, and when, for the reorder page."""
    who, when = max(
        (last_change(article) for article in articles),
        key=lambda change: change[1].timestamp() if change[1] else float("-inf"),
        default=(_("another editor"), None),
    )
    return _(
        "The parts of “%(series)s” were changed by %(who_and_when)s, after you opened this "
        "page. Nothing was saved: check the order shown, then save again."
    ) % {"series": series, "who_and_when": who_and_when(who, when)}


def series_reorder(*, series: Series, order: list[int], by, loaded: str | None = None) -> None:
    """Number the series' articles 1, 2, 3 … in the order given (a list of article ids).

    `loaded` is series_order_marker() of the parts as the person saw them; when given,
    the order is refused (ReorderConflict) if they changed since.
    """
    with transaction.atomic():
        articles = {
            article.pk: article
            for article in Article.objects.select_for_update().filter(series=series)
        }
        if loaded is not None and loaded != series_order_marker(articles.values()):
            raise ReorderConflict(series_order_conflict_message(series, articles.values()))
        if sorted(order) != sorted(articles) or len(set(order)) != len(order):
            raise ReorderRefused(
                _("The new order must list every article of the series exactly once.")
            )
        # Clear the numbers first so no two articles ever share one mid-way.
        Article.objects.filter(series=series).update(part=None)
        with reversion.create_revision():
            for part, pk in enumerate(order, start=1):
                article = articles[pk]
                article.part = part
                article.save(update_fields=["part", "updated_at"])
            reversion.set_user(by)
            reversion.set_comment(revision_comment(gettext_noop("Parts of the series reordered")))


# The image library ---------------------------------------------------------------------


def image_figures_refresh(*, image: Image) -> int:
    """Show `image` as it now is (file, texts) in every version whose body places it.

    A body's figures are derived when the version is saved (ArticleTranslation.save());
    re-deriving them changes no text of the version, so readers see no "Updated on" date.
    Return how many versions were refreshed.
    """
    versions = ArticleTranslation.objects.filter(image_uses__image=image).distinct()
    refreshed = 0
    for version in versions:
        version.refresh_derived()
        refreshed += 1
    return refreshed
