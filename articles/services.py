"""The editorial workflow of a language version: each transition is one function."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import reversion
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from reversion.models import Version

from editorial.revision_comments import revision_comment

from .models import ArticleTranslation, Status


class TransitionRefused(Exception):
    """The transition is not allowed; the message says why, for the editor."""


class EditConflict(TransitionRefused):
    """Someone else saved the version after the person acting loaded it."""


@dataclass(frozen=True)
class Rule:
    sources: tuple[str, ...]
    editors_only: bool


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
}


def last_change(version: ArticleTranslation) -> tuple[str, datetime]:
    """Who last saved a version and when, from its revision history."""
    latest = (
        Version.objects.get_for_object(version).select_related("revision__user").first()
    )
    if latest and latest.revision.user:
        return str(latest.revision.user), latest.revision.date_created
    return _("another editor"), version.updated_at


def conflict_message(version: ArticleTranslation) -> str:
    who, when = last_change(version)
    return _(
        "“%(title)s” (%(language)s) was changed by %(who)s on %(when)s, after you opened it. "
        "Nothing was saved: compare with the current text, then save again."
    ) % {
        "title": version.title,
        "language": version.language.upper(),
        "who": who,
        "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
    }


def allowed_transitions(version: ArticleTranslation, user) -> list[str]:
    from editorial.roles import can_edit_version, is_editor

    editor = is_editor(user)
    return [
        name for name, rule in RULES.items()
        if version.status in rule.sources
        and (editor or (not rule.editors_only and can_edit_version(user, version)))
    ]


def _apply(
    *,
    version: ArticleTranslation,
    name: str,
    by,
    expected_updated_at: datetime | None,
    change,
    comment: str,
) -> ArticleTranslation:
    with transaction.atomic():
        current = ArticleTranslation.objects.select_for_update().get(pk=version.pk)
        if expected_updated_at is not None and current.updated_at != expected_updated_at:
            raise EditConflict(conflict_message(current))
        if name not in allowed_transitions(current, by):
            wrong_status = current.status not in RULES[name].sources
            refusal = STATUS_REFUSALS[name] if wrong_status else _(
                "“%(title)s” (%(language)s) is %(status)s: only an editor can do this now."
            )
            raise TransitionRefused(refusal % {
                "title": current.title,
                "language": current.language.upper(),
                "status": current.get_status_display(),
            })
        change(current)
        with reversion.create_revision():
            current.save()
            reversion.set_user(by)
            reversion.set_comment(revision_comment(comment))
    return current


def translation_submit(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current):
        current.status = Status.IN_REVIEW

    return _apply(version=version, name="submit", by=by, change=change,
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


def translation_schedule(*, version, at: datetime, by, expected_updated_at=None):
    refusal = schedule_refusal(at)
    if refusal:
        raise TransitionRefused(refusal)

    def change(current):
        current.status = Status.SCHEDULED
        current.publish_at = at

    return _apply(version=version, name="schedule", by=by, change=change,
                  expected_updated_at=expected_updated_at, comment=gettext_noop("Scheduled"))


def translation_publish(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    now = timezone.now()

    def change(current):
        current.status = Status.PUBLISHED
        # A version that readers have already seen keeps its first publication time.
        if current.publish_at is None or current.publish_at > now:
            current.publish_at = now

    return _apply(version=version, name="publish", by=by, change=change,
                  expected_updated_at=expected_updated_at, comment=gettext_noop("Published"))


def translation_withdraw(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current):
        current.status = Status.WITHDRAWN

    return _apply(version=version, name="withdraw", by=by, change=change,
                  expected_updated_at=expected_updated_at, comment=gettext_noop("Withdrawn"))


def translation_back_to_draft(*, version, by, expected_updated_at=None) -> ArticleTranslation:
    def change(current):
        if current.status == Status.SCHEDULED and current.publish_at > timezone.now():
            # The planned time goes with the plan; a time readers saw stays.
            current.publish_at = None
        current.status = Status.DRAFT

    return _apply(version=version, name="back_to_draft", by=by, change=change,
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
}
