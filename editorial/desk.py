"""The editor's day, on the admin's index: what is waiting for this person, in short lists.

Each list reads the rule that already decides it elsewhere (the effective status, the
calendar's plans and overdue rule, the translation status page's missing and stale
versions), narrowed to the articles the person may open (editorial.roles.articles_for):
an author sees their own articles only. A handful of queries, whatever the number of
articles.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from reversion.models import Version as RevisionRecord

from articles.models import ArticleTranslation, Status
from editorial import calendar as editorial_calendar
from editorial import translating
from editorial.roles import articles_for, is_editor, signing_author_id

# How many items each list shows; its "see all" link leads to the rest.
SHOWN = 5
# "Soon": scheduled publications and target dates within this many days.
SOON_DAYS = 7
# The version list's filter of what is this person's (MineFilter).
MINE_PARAMETER = "mine"
# The version list's filter of pending changes by their status (PendingChangesFilter).
PENDING_PARAMETER = "changes"

LIGHT_VERSION = ("body", "body_html", "body_text", "headings", "search_vector")


def mine(user, versions):
    """Those of `versions` that are this person's: of an article they sign, or that
    they saved themselves (the history's record of who saved what)."""
    saved_by_them = RevisionRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticleTranslation),
        object_id=Cast(OuterRef("pk"), CharField()),
        revision__user=user,
    )
    author_id = signing_author_id(user)
    signed = Q(article__bylines__author_id=author_id) if author_id is not None else Q(pk=None)
    return versions.filter(
        Q(pk__in=versions.filter(signed).values("pk")) | Q(Exists(saved_by_them))
    )


def changelist(**filters) -> str:
    return f"{reverse('admin:articles_articletranslation_changelist')}?{urlencode(filters)}"


@dataclass
class DeskList:
    """One list of the day: its heading, a few items, and where the rest is."""

    key: str
    title: str
    items: list
    more_url: str
    more_label: str
    empty: str
    extra: dict = field(default_factory=dict)


def visible_versions(user):
    return ArticleTranslation.objects.filter(
        article__in=articles_for(user).values("pk")
    ).defer(*LIGHT_VERSION)


def the_day(user, *, at: datetime | None = None) -> list[DeskList]:
    """The lists of the day for `user`, in the order they are read; none for staff who
    do not work on articles (an account manager)."""
    if not user.has_perm("articles.view_articletranslation"):
        return []
    at = at or timezone.now()
    today = timezone.localdate(at)
    versions = visible_versions(user)
    lists = []

    drafts = mine(user, versions.in_effective_status(Status.DRAFT)).order_by("-updated_at", "-pk")
    lists.append(DeskList(
        key="drafts", title=_("My drafts"), items=list(drafts[:SHOWN]),
        more_url=changelist(status=Status.DRAFT, **{MINE_PARAMETER: "1"}),
        more_label=_("All my drafts"), empty=_("You have no draft."),
    ))

    if is_editor(user):
        waiting = versions.in_effective_status(Status.IN_REVIEW, at).order_by("updated_at", "pk")
        lists.append(DeskList(
            key="review", title=_("Waiting for review"), items=list(waiting[:SHOWN]),
            more_url=changelist(status=Status.IN_REVIEW),
            more_label=_("All the versions in review"), empty=_("No version is waiting."),
        ))

        # Changes to live versions, waiting for an editor to publish them.
        changes = versions.filter(pending_change__status=Status.IN_REVIEW).order_by(
            "pending_change__updated_at", "pk")
        lists.append(DeskList(
            key="changes", title=_("Changes to live versions waiting for review"),
            items=list(changes[:SHOWN]),
            more_url=changelist(**{PENDING_PARAMETER: Status.IN_REVIEW}),
            more_label=_("All the changes in review"),
            empty=_("No change to a live version is waiting."),
        ))

    soon = {"start": at, "end": at + timedelta(days=SOON_DAYS),
            "filters": editorial_calendar.Filters()}
    scheduled = sorted(
        editorial_calendar.publications(user, at=at, **soon)
        + editorial_calendar.scheduled_changes(user, **soon),
        key=editorial_calendar.Entry.sort_key,
    )
    lists.append(DeskList(
        key="scheduled", title=_("Scheduled in the next 7 days"), items=scheduled[:SHOWN],
        more_url=changelist(status=Status.SCHEDULED),
        more_label=_("All the scheduled versions"),
        empty=_("Nothing is scheduled in the next 7 days."),
    ))

    plans = editorial_calendar.plans(
        user, filters=editorial_calendar.Filters(), today=today,
        last_day=today + timedelta(days=SOON_DAYS), at=at,
    )
    lists.append(DeskList(
        key="plans", title=_("Planned articles due or overdue"), items=plans[:SHOWN],
        more_url=reverse("admin:calendar"), more_label=_("The editorial calendar"),
        empty=_("No planned article is due in the next 7 days."),
    ))

    published = versions.published(at).newest_first()
    lists.append(DeskList(
        key="published", title=_("Recently published"), items=list(published[:SHOWN]),
        more_url=changelist(status=Status.PUBLISHED),
        more_label=_("All the published versions"), empty=_("Nothing is published yet."),
    ))

    missing, outdated = translating.missing_and_outdated(
        translating.articles_to_translate(user)
    )
    lists.append(DeskList(
        key="translations", title=_("Translations missing or stale"), items=outdated[:SHOWN],
        more_url=reverse("admin:translation_status"),
        more_label=_("The translation status"),
        empty=_("Every translation is newer than its original’s text."),
        extra={"missing": [
            {"code": code, "count": len(items)} for code, items in missing.items() if items
        ]},
    ))
    return lists
