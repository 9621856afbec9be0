"""What the editorial calendar shows: scheduled publications, updates and withdrawals,
and planned follow-ups.

The admin page and the private iCalendar feed read the same entries from here, so a
person sees the same plan in the browser and in their calendar application.
"""

import calendar as stdlib_calendar
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import icalendar
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext

from articles.models import Article, ArticleAuthor, ArticleTranslation, Status
from core.languages import language_codes
from editorial.roles import articles_for
from series.models import SeriesTranslation

PUBLICATION = "publication"
# A live version's scheduled changes reaching readers, and its scheduled withdrawal.
UPDATE = "update"
WITHDRAWAL = "withdrawal"
PLAN = "plan"

# Years outside this range are typing mistakes; refusing them keeps date arithmetic safe.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
MONTH_PARAMETER = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})")

FEED_DAYS_BACK = 60
FEED_DAYS_AHEAD = 365
UID_DOMAIN = "powerplay"


# Months ------------------------------------------------------------------------------


def parse_month(value: str | None, today: date) -> date:
    """The first day of the month named "2026-11"; the current month for anything else."""
    match = MONTH_PARAMETER.fullmatch(value or "")
    if match:
        year, month = int(match["year"]), int(match["month"])
        if EARLIEST_YEAR <= year <= LATEST_YEAR and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def add_months(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_parameter(first: date) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def local_midnight(day: date) -> datetime:
    """The start of `day` in the active time zone (the editor's)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def first_weekday() -> int:
    """Python's number (Monday is 0) of the first column, from the active language's formats."""
    # Django counts from Sunday (0), Python's calendar from Monday (0).
    return (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7


def feed_address(request, profile) -> str:
    """The absolute secret address of a staff member's feed, or "" while they have none."""
    if profile is None or not profile.calendar_token:
        return ""
    return request.build_absolute_uri(
        reverse("editorial-calendar-feed", kwargs={"token": profile.calendar_token})
    )


# Entries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    series: int | None = None
    author: int | None = None
    language: str | None = None

    def articles(self, articles):
        if self.series:
            articles = articles.filter(series_id=self.series)
        if self.author:
            articles = articles.filter(
                Exists(ArticleAuthor.objects.filter(article=OuterRef("pk"), author_id=self.author))
            )
        return articles


@dataclass
class Entry:
    """One line of the calendar: a publication of a version, an update or withdrawal of
    a live one, or a planned follow-up."""

    kind: str
    article: Article
    version: ArticleTranslation | None
    day: date | None
    at: datetime | None = None
    published: bool = False
    overdue: bool = False

    @property
    def title(self) -> str:
        return self.version.title if self.version else pgettext("calendar entry", "untitled")

    @property
    def language(self) -> str:
        return self.version.language if self.version else ""

    @property
    def series_label(self) -> str:
        article = self.article
        if not article.series_id:
            return ""
        if article.part:
            return gettext("%(series)s, part %(part)s") % {
                "series": article.series, "part": article.part,
            }
        return str(article.series)

    @property
    def admin_url(self) -> str:
        if self.version is not None:
            return reverse("admin:articles_articletranslation_change", args=[self.version.pk])
        return reverse("admin:articles_article_change", args=[self.article.pk])

    @property
    def uid(self) -> str:
        # One event per version and kind: moving it changes that event, cancelling it
        # takes it out of the feed.
        if self.kind == PUBLICATION:
            return f"version-{self.version.pk}@{UID_DOMAIN}"
        if self.kind in (UPDATE, WITHDRAWAL):
            return f"{self.kind}-{self.version.pk}@{UID_DOMAIN}"
        if self.version is None:
            return f"plan-{self.article.pk}@{UID_DOMAIN}"
        return f"plan-{self.article.pk}-{self.version.language}@{UID_DOMAIN}"

    @property
    def label(self) -> str:
        """What kind of entry this is, in words (never colour alone)."""
        if self.kind == PUBLICATION:
            if self.published:
                return pgettext("calendar entry", "Published")
            return pgettext("calendar entry", "Scheduled")
        if self.kind == UPDATE:
            return pgettext("calendar entry", "Update")
        if self.kind == WITHDRAWAL:
            return pgettext("calendar entry", "Withdrawal")
        return pgettext("calendar entry", "Planned")

    def sort_key(self) -> tuple:
        # All-day plans first, then timed entries in time order.
        return (
            self.day or date.max,
            self.kind != PLAN,
            self.at.timestamp() if self.at else 0,
            self.article.pk,
            language_rank(self.language),
        )


def language_rank(code: str) -> int:
    """The place of a language in settings.LANGUAGES; no language at all comes last."""
    codes = language_codes()
    return codes.index(code) if code in codes else len(codes)


def visible_articles(user, filters: Filters):
    """The articles this staff member may see (authors: those they sign), filtered."""
    return filters.articles(Article.objects.filter(pk__in=articles_for(user).values("pk")))


def publications(
    user, *, start: datetime, end: datetime, filters: Filters, at: datetime | None = None
) -> list[Entry]:
    """Versions due to go public (or gone public) between `start` and `end`, one query + 1."""
    versions = ArticleTranslation.objects.timed().filter(
        publish_at__gte=start,
        publish_at__lt=end,
        article__in=visible_articles(user, filters),
    )
    if filters.language:
        versions = versions.filter(language=filters.language)
    versions = (
        versions.select_related("article__series")
        .prefetch_related(
            Prefetch("article__series__translations", queryset=SeriesTranslation.objects.all())
        )
        .defer("body", "body_html", "body_text", "headings", "search_vector")
        .order_by("publish_at", "language", "pk")
    )
    entries = []
    for version in versions:
        local = timezone.localtime(version.publish_at)
        entries.append(Entry(
            kind=PUBLICATION, article=version.article, version=version, day=local.date(),
            at=local, published=version.effective_status(at) == Status.PUBLISHED,
        ))
    return entries


def scheduled_changes(
    user, *, start: datetime, end: datetime, filters: Filters
) -> list[Entry]:
    """Scheduled updates (a live version's pending changes) and scheduled withdrawals
    between `start` and `end`, one query + 1 however many."""
    versions = ArticleTranslation.objects.filter(
        Q(pending_change__status=Status.SCHEDULED, pending_change__publish_at__gte=start,
          pending_change__publish_at__lt=end)
        | Q(withdraw_at__gte=start, withdraw_at__lt=end),
        article__in=visible_articles(user, filters),
    )
    if filters.language:
        versions = versions.filter(language=filters.language)
    versions = (
        versions.select_related("article__series", "pending_change")
        .prefetch_related(
            Prefetch("article__series__translations", queryset=SeriesTranslation.objects.all())
        )
        .defer("body", "body_html", "body_text", "headings", "search_vector",
               "pending_change__body")
    )
    entries = []
    for version in versions:
        pending = getattr(version, "pending_change", None)
        instants = [(WITHDRAWAL, version.withdraw_at)]
        if pending is not None and pending.status == Status.SCHEDULED:
            instants.append((UPDATE, pending.publish_at))
        for kind, instant in instants:
            if instant is not None and start <= instant < end:
                local = timezone.localtime(instant)
                entries.append(Entry(kind=kind, article=version.article, version=version,
                                     day=local.date(), at=local))
    return entries


def plans(
    user,
    *,
    filters: Filters,
    today: date,
    dated: bool = True,
    first_day: date | None = None,
    last_day: date | None = None,
    at: datetime | None = None,
) -> list[Entry]:
    """Planned follow-ups: one entry per language version not yet scheduled, three queries.

    An article with no version at all is one "untitled" entry.
    """
    articles = visible_articles(user, filters).planned(at=at)
    articles = articles.filter(target_date__isnull=not dated)
    if first_day is not None:
        articles = articles.filter(target_date__gte=first_day)
    if last_day is not None:
        articles = articles.filter(target_date__lte=last_day)
    articles = (
        articles.select_related("series")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ArticleTranslation.objects.defer(
                    "body", "body_html", "body_text", "headings", "search_vector"
                ),
            ),
            Prefetch("series__translations", queryset=SeriesTranslation.objects.all()),
        )
        .order_by("target_date", "series_id", "part", "pk")
    )
    entries = []
    for article in articles:
        overdue = article.is_overdue(at)
        versions = list(article.versions.all())
        if not versions:
            entries.append(Entry(kind=PLAN, article=article, version=None,
                                 day=article.target_date, overdue=overdue))
            continue
        for version in versions:
            # A scheduled version is already on the calendar at its publication time.
            if version.is_timed():
                continue
            if filters.language and version.language != filters.language:
                continue
            entries.append(Entry(kind=PLAN, article=article, version=version,
                                 day=article.target_date, overdue=overdue))
    return entries


def month_entries(
    user, *, first: date, filters: Filters, today: date, at: datetime | None = None
) -> list[Entry]:
    """Everything on the calendar in the month starting on `first`, in date order."""
    following = add_months(first, 1)
    start, end = local_midnight(first), local_midnight(following)
    entries = publications(
        user, start=start, end=end, filters=filters, at=at
    ) + scheduled_changes(user, start=start, end=end, filters=filters) + plans(
        user, filters=filters, today=today, first_day=first,
        last_day=following - timedelta(days=1), at=at,
    )
    return sorted(entries, key=Entry.sort_key)


def month_grid(first: date, entries: Iterable[Entry], today: date) -> list[list[dict]]:
    """The weeks of the month, each a list of days with their entries."""
    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)
    weeks = stdlib_calendar.Calendar(first_weekday()).monthdatescalendar(first.year, first.month)
    return [
        [
            {
                "date": day,
                "in_month": day.month == first.month,
                "today": day == today,
                "entries": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]


# The iCalendar feed ------------------------------------------------------------------


def feed_entries(user, *, now: datetime) -> list[Entry]:
    """Publications from 60 days back to a year ahead, and every dated plan until then.

    Plans have no lower bound: an unpublished plan is either ahead or overdue, and an
    overdue one must stay in sight.
    """
    today = timezone.localdate(now)
    filters = Filters()
    start, end = now - timedelta(days=FEED_DAYS_BACK), now + timedelta(days=FEED_DAYS_AHEAD)
    entries = publications(
        user, start=start, end=end, filters=filters, at=now,
    ) + scheduled_changes(user, start=start, end=end, filters=filters) + plans(
        user, filters=filters, today=today,
        last_day=today + timedelta(days=FEED_DAYS_AHEAD), at=now,
    )
    return sorted(entries, key=Entry.sort_key)


def feed_event(entry: Entry, absolute_url: Callable[[str], str]) -> icalendar.Event:
    """The VEVENT of one entry; `absolute_url` turns an admin path into a full address."""
    if entry.language:
        summary = gettext("%(label)s: %(title)s (%(language)s)") % {
            "label": entry.label, "title": entry.title, "language": entry.language.upper(),
        }
    else:
        summary = gettext("%(label)s: %(title)s") % {"label": entry.label, "title": entry.title}
    categories = [str(entry.label)]
    if entry.overdue:
        summary = gettext("OVERDUE: %(summary)s") % {"summary": summary}
        categories.append(gettext("OVERDUE"))
    stamps = [entry.article.updated_at]
    if entry.version is not None:
        stamps.append(entry.version.updated_at)
    description = "\n".join(
        line for line in [
            entry.series_label,
            entry.version.effective_status_label() if entry.version else "",
        ] if line
    )
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", max(stamps).astimezone(UTC))
    # A publication, an update or a withdrawal is an instant (in UTC); a plan is a day.
    if entry.kind != PLAN:
        event.add("dtstart", entry.at.astimezone(UTC))
    else:
        event.add("dtstart", entry.day)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("categories", categories)
    event.add("url", absolute_url(entry.admin_url))
    # Publication dates are reminders, not meetings: they never make anyone busy.
    event.add("transp", "TRANSPARENT")
    return event


def feed_document(*, name: str, product_id: str, events: Iterable[icalendar.Event]) -> bytes:
    """The whole VCALENDAR: folded at 75 octets, CRLF line endings (icalendar)."""
    document = icalendar.Calendar()
    document.add("version", "2.0")
    document.add("prodid", product_id)
    document.add("calscale", "GREGORIAN")
    document.add("x-wr-calname", icalendar.vText(name))
    for event in events:
        document.add_component(event)
    return document.to_ical()
