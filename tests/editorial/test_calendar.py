"""The editorial calendar: a month grid and agenda in the admin, and a private iCalendar feed."""

import re
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import html5lib
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleTranslation, PendingChange, Status
from editorial import services
from editorial.models import EditorProfile, NoticeKind
from tests.accessibility import parse, text
from tests.factories import action_post, client_for, loaded, make_article, make_series, make_staff

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
PLANNED = {"status": Status.PLANNED, "publish_at": None}


def paris_today() -> date:
    """The editors' today: the calendar reads dates in their time zone (Paris by default)."""
    return timezone.localdate(timezone.now(), PARIS)


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


def calendar_page(user, browser: str = "en", **params):
    return client_for(user, browser).get(reverse("admin:calendar"), params)


def days_showing(response, title: str) -> list[date]:
    """The days of the month grid whose cell lists an entry with this title."""
    return [
        day["date"]
        for week in response.context["weeks"] for day in week
        if any(entry.title == title for entry in day["entries"])
    ]


def agenda_titles(response) -> list[str]:
    return [entry.title for entry in response.context["entries"]]


def live_with_plans(author, *, update=None, withdrawal=None, title=None) -> ArticleTranslation:
    """A live French version signed by `author`, its changes scheduled for `update`, its
    withdrawal for `withdrawal`."""
    fields = {"title": title} if title else {}
    version = make_article(authors=[author], versions={"fr": fields}).versions.get()
    if update:
        PendingChange.objects.create(version=version, title=f"{version.title} revu",
                                     slug=version.slug, status=Status.SCHEDULED,
                                     publish_at=update)
    if withdrawal:
        ArticleTranslation.objects.filter(pk=version.pk).update(withdraw_at=withdrawal)
    return version


@pytest.mark.django_db
class TestMonthGrid:
    def test_a_publication_sits_on_its_day_in_the_editors_time_zone(self, people):
        """00:30 in Paris on 29 March is still 28 March in New York."""
        make_article(versions={"fr": {
            "title": "Sortie de nuit", "status": Status.SCHEDULED,
            "publish_at": datetime(2026, 3, 29, 0, 30, tzinfo=PARIS),
        }})
        paris_editor = people["editor"]
        new_york_editor = make_staff("Editor", username="nora")
        EditorProfile.objects.filter(user=new_york_editor).update(time_zone="America/New_York")

        in_paris = calendar_page(paris_editor, month="2026-03")
        in_new_york = calendar_page(new_york_editor, month="2026-03")

        assert days_showing(in_paris, "Sortie de nuit") == [date(2026, 3, 29)]
        assert days_showing(in_new_york, "Sortie de nuit") == [date(2026, 3, 28)]
        assert 'datetime="2026-03-29T00:30:00+01:00"' in in_paris.text
        assert 'datetime="2026-03-28T19:30:00-04:00"' in in_new_york.text

    def test_a_publication_shows_time_language_title_and_series_part(self, people):
        series = make_series(fr={"title": "Jeux de pouvoir"}, en={"title": "Power Play"})
        make_article(series=series, part=2, versions={"en": {
            "title": "Why close", "status": Status.SCHEDULED,
            "publish_at": datetime(2030, 5, 6, 9, 15, tzinfo=PARIS),
        }})

        response = calendar_page(people["editor"], month="2030-05")

        assert days_showing(response, "Why close") == [date(2030, 5, 6)]
        agenda = response.text.split('id="pp-cal-agenda"')[1]
        assert re.search(r"9:15\s*a\.m\.", agenda)
        assert ">EN</abbr>" in agenda
        assert "Power Play, part 2" in agenda
        assert "Scheduled" in agenda

    def test_a_publication_readers_can_already_see_is_marked_published(self, people):
        yesterday = timezone.now() - timedelta(days=1)
        make_article(versions={"fr": {"title": "Déjà lu", "publish_at": yesterday}})

        response = calendar_page(people["editor"], month=month_of(yesterday.astimezone(PARIS)))

        [entry] = [e for e in response.context["entries"] if e.title == "Déjà lu"]
        assert entry.published
        assert entry.label == "Published"

    def test_drafts_and_withdrawn_versions_are_not_publications(self, people):
        at = datetime(2030, 5, 6, 9, 0, tzinfo=PARIS)
        make_article(versions={
            "fr": {"title": "Brouillon", "status": Status.DRAFT, "publish_at": at},
            "en": {"title": "Withdrawn", "status": Status.WITHDRAWN, "publish_at": at},
        })

        response = calendar_page(people["editor"], month="2030-05")

        assert agenda_titles(response) == []

    def test_planned_follow_ups_sit_on_their_target_date_once_per_language(self, people):
        make_article(target_date=date(2030, 6, 12), versions={
            "fr": {"title": "Titre provisoire", **PLANNED},
            "en": {"title": "Working title", "status": Status.DRAFT, "publish_at": None},
        })
        make_article(target_date=date(2030, 6, 20))

        response = calendar_page(people["editor"], month="2030-06")

        assert days_showing(response, "Titre provisoire") == [date(2030, 6, 12)]
        assert days_showing(response, "Working title") == [date(2030, 6, 12)]
        assert days_showing(response, "untitled") == [date(2030, 6, 20)]
        assert agenda_titles(response) == ["Titre provisoire", "Working title", "untitled"]

    def test_an_article_already_public_is_no_longer_a_plan(self, people):
        make_article(target_date=date(2030, 6, 12), versions={"fr": {"title": "Sorti"}})

        response = calendar_page(people["editor"], month="2030-06")

        assert days_showing(response, "Sorti") == []

    def test_agenda_is_chronological(self, people):
        make_article(target_date=date(2030, 7, 20), versions={"fr": {"title": "Plan", **PLANNED}})
        make_article(versions={"fr": {
            "title": "Tard", "status": Status.SCHEDULED,
            "publish_at": datetime(2030, 7, 3, 18, 0, tzinfo=PARIS)}})
        make_article(versions={"fr": {
            "title": "Tôt", "status": Status.SCHEDULED,
            "publish_at": datetime(2030, 7, 3, 8, 0, tzinfo=PARIS)}})

        response = calendar_page(people["editor"], month="2030-07")

        assert agenda_titles(response) == ["Tôt", "Tard", "Plan"]

    def test_an_overdue_plan_is_marked_in_words(self, people):
        late_day = paris_today() - timedelta(days=5)
        make_article(target_date=late_day, versions={"fr": {"title": "En retard", **PLANNED}})
        make_article(target_date=paris_today() + timedelta(days=40),
                     versions={"fr": {"title": "À venir", **PLANNED}})

        response = calendar_page(people["editor"], month=month_of(late_day))
        later = calendar_page(people["editor"],
                              month=month_of(paris_today() + timedelta(days=40)))

        [late] = [e for e in response.context["entries"] if e.title == "En retard"]
        [ahead] = [e for e in later.context["entries"] if e.title == "À venir"]
        assert late.overdue and not ahead.overdue
        entry_html = re.search(r'pp-cal__entry--overdue">(.*?)</span>\s*</li>', response.text,
                               re.S)
        assert "Overdue" in entry_html.group(1)
        assert "En retard" in entry_html.group(1)

    def test_overdue_plans_are_listed_whatever_the_month_shown(self, people):
        make_article(target_date=paris_today() - timedelta(days=90),
                     versions={"fr": {"title": "Très en retard", **PLANNED}})

        response = calendar_page(people["editor"], month="2031-01")

        side = response.text.split('id="pp-cal-overdue"')[1].split("</section>")[0]
        assert "Très en retard" in side

    def test_plans_without_a_date_are_listed_beside_the_grid(self, people):
        make_article(versions={"fr": {"title": "Un jour peut-être", **PLANNED}})
        make_article(target_date=date(2030, 6, 1), versions={"fr": {"title": "Daté", **PLANNED}})

        response = calendar_page(people["editor"], month="2030-06")

        side = response.text.split('id="pp-cal-undated"')[1].split("</section>")[0]
        assert "Un jour peut-être" in side
        assert "Daté" not in side

    def test_every_entry_links_to_its_change_page(self, people):
        version_article = make_article(target_date=date(2030, 6, 3),
                                       versions={"fr": {"title": "Avec version", **PLANNED}})
        bare = make_article(target_date=date(2030, 6, 4))

        response = calendar_page(people["editor"], month="2030-06")

        version = version_article.versions.get()
        assert reverse("admin:articles_articletranslation_change", args=[version.pk]) in (
            response.text
        )
        assert reverse("admin:articles_article_change", args=[bare.pk]) in response.text

    @pytest.mark.parametrize(("name", "expected"), [
        ("series", {"In the series"}),
        ("author", {"By Bob"}),
        ("language", {"In English"}),
    ])
    def test_filters(self, people, name, expected):
        series = make_series()
        day = date(2030, 8, 10)
        make_article(series=series, part=1, target_date=day,
                     versions={"fr": {"title": "In the series", **PLANNED}})
        make_article(authors=[people["bob"]], target_date=day,
                     versions={"fr": {"title": "By Bob", **PLANNED}})
        make_article(target_date=day, versions={"en": {"title": "In English", **PLANNED}})
        value = {"series": series.pk, "author": people["bob"].pk, "language": "en"}[name]

        response = calendar_page(people["editor"], month="2030-08", **{name: value})

        assert set(agenda_titles(response)) == expected
        assert f'<label for="id_{name}">' in response.text

    @pytest.mark.parametrize("params", [
        {"series": "nonsense"}, {"author": "999999"}, {"language": "xx"}, {"series": ""},
    ])
    def test_a_filter_value_that_fits_nothing_is_ignored(self, people, params):
        make_article(target_date=date(2030, 8, 10),
                     versions={"fr": {"title": "Toujours là", **PLANNED}})

        response = calendar_page(people["editor"], month="2030-08", **params)

        assert response.status_code == 200
        assert agenda_titles(response) == ["Toujours là"]

    def test_month_links_keep_the_filters(self, people):
        response = calendar_page(people["editor"], month="2030-01", language="fr")

        assert 'href="?month=2029-12&amp;language=fr"' in response.text
        assert 'href="?month=2030-02&amp;language=fr"' in response.text

    @pytest.mark.parametrize("value", [
        "", "2026-13", "2026-00", "2026-1", "nonsense", "0000-01", "99999-01", "0001-01",
        "١٢٣٤-٠١", "2026-11-05", "2026-11' OR 1=1",
    ])
    def test_a_month_that_makes_no_sense_shows_the_current_month(self, people, value):
        response = calendar_page(people["editor"], month=value)

        assert response.status_code == 200
        assert response.context["month"] == paris_today().replace(day=1)

    def test_weekdays_are_in_the_editors_language_monday_first_in_french(self, people):
        french = calendar_page(people["editor"], browser="fr", month="2030-06")
        english = calendar_page(people["editor"], browser="en", month="2030-06")

        assert [name for name, _short in french.context["weekdays"]][:2] == ["lundi", "mardi"]
        assert english.context["weekdays"][0][0] == "Sunday"
        assert "Juin 2030" in french.text

    def test_days_of_the_months_around_name_their_month(self, people):
        """Not only a grey background: "31 May" reads differently from "31", for everyone."""

        def numbers(response) -> list[str]:
            return [text(span) for span in parse(response.text).iter("span")
                    if span.get("class") == "pp-cal__number"]

        english = numbers(calendar_page(people["editor"], browser="en", month="2030-06"))
        french = numbers(calendar_page(people["editor"], browser="fr", month="2030-06"))

        assert english[:8] == ["26 May", "27 May", "28 May", "29 May", "30 May", "31 May",
                               "1", "2"]
        assert english[-7:] == ["30", "1 July", "2 July", "3 July", "4 July", "5 July",
                                "6 July"]
        assert french[:6] == ["27 mai", "28 mai", "29 mai", "30 mai", "31 mai", "1"]
        assert french[-2:] == ["29", "30"]
        assert numbers(calendar_page(people["editor"], browser="fr", month="2030-07"))[-5:] == [
            "31", "1 août", "2 août", "3 août", "4 août"]

    def test_authors_see_only_the_articles_they_sign(self, people):
        day = date(2030, 9, 1)
        make_article(authors=[people["ada"]], target_date=day,
                     versions={"fr": {"title": "D’Ada", **PLANNED}})
        make_article(authors=[people["bob"]], target_date=day,
                     versions={"fr": {"title": "De Bob", **PLANNED}})
        make_article(authors=[people["bob"]], versions={"fr": {
            "title": "Bob programmé", "status": Status.SCHEDULED,
            "publish_at": datetime(2030, 9, 2, 10, 0, tzinfo=PARIS)}})
        make_article(authors=[people["bob"]], versions={"fr": {"title": "Bob sans date",
                                                                **PLANNED}})

        as_writer = calendar_page(people["writer"], month="2030-09")
        as_editor = calendar_page(people["editor"], month="2030-09")

        assert agenda_titles(as_writer) == ["D’Ada"]
        assert "Bob" not in as_writer.text.split('id="content-main"')[1].split("<select")[0]
        assert "Bob sans date" not in as_writer.text
        assert set(agenda_titles(as_editor)) == {"D’Ada", "De Bob", "Bob programmé"}

    def test_scheduled_updates_and_withdrawals_sit_at_their_instant_in_words(self, people):
        update = datetime(2030, 5, 6, 9, 15, tzinfo=PARIS)
        withdrawal = datetime(2030, 5, 20, 18, 0, tzinfo=PARIS)
        version = live_with_plans(people["bob"], update=update, withdrawal=withdrawal,
                                  title="Texte en ligne")

        response = calendar_page(people["editor"], month="2030-05")

        assert days_showing(response, "Texte en ligne") == [date(2030, 5, 6), date(2030, 5, 20)]
        entries = [e for e in response.context["entries"] if e.title == "Texte en ligne"]
        assert [(e.label, e.at) for e in entries] == [("Update", update),
                                                     ("Withdrawal", withdrawal)]
        agenda = response.text.split('id="pp-cal-agenda"')[1]
        assert re.search(r"Update\s*</span>", agenda)
        assert re.search(r"Withdrawal\s*</span>", agenda)
        assert 'datetime="2030-05-20T18:00:00+02:00"' in agenda
        assert reverse("admin:articles_articletranslation_change", args=[version.pk]) in agenda
        in_french = calendar_page(people["editor"], "fr", month="2030-05")
        assert {e.label for e in in_french.context["entries"]} == {"Mise à jour", "Retrait"}

    def test_authors_see_only_the_updates_and_withdrawals_of_what_they_sign(self, people):
        at = datetime(2030, 9, 3, 10, 0, tzinfo=PARIS)
        live_with_plans(people["ada"], update=at, withdrawal=at, title="Ada en ligne")
        live_with_plans(people["bob"], update=at, withdrawal=at, title="Bob en ligne")

        as_writer = calendar_page(people["writer"], month="2030-09")
        as_editor = calendar_page(people["editor"], month="2030-09")

        assert agenda_titles(as_writer) == ["Ada en ligne", "Ada en ligne"]
        assert sorted(agenda_titles(as_editor)) == ["Ada en ligne"] * 2 + ["Bob en ligne"] * 2

    def test_a_draft_change_is_not_on_the_calendar(self, people):
        version = live_with_plans(people["ada"], title="Sans date")
        PendingChange.objects.create(version=version, title="Brouillon", slug=version.slug)

        month = month_of(version.publish_at.astimezone(PARIS))
        entries = calendar_page(people["editor"], month=month).context["entries"]
        assert [entry.label for entry in entries] == ["Published"]

    def test_the_page_needs_a_staff_login(self, people):
        response = Client().get(reverse("admin:calendar"))

        assert response.status_code == 302
        assert "/login/" in response["Location"]

    def test_query_count_does_not_grow_with_the_month(self, people):
        def build(n: int):
            series = make_series()
            for i in range(n):
                make_article(series=series, part=i + 1, authors=[people["ada"]],
                             target_date=date(2030, 10, 1 + i),
                             versions={"fr": PLANNED, "en": PLANNED})
                make_article(authors=[people["bob"]], versions={
                    "fr": {"status": Status.SCHEDULED,
                           "publish_at": datetime(2030, 10, 5 + i, 9, 0, tzinfo=PARIS)}})
                make_article(versions={"fr": PLANNED})
                live_with_plans(people["ada"],
                                update=datetime(2030, 10, 10 + i, 9, 0, tzinfo=PARIS),
                                withdrawal=datetime(2030, 10, 20 + i, 9, 0, tzinfo=PARIS))

        def count(user) -> int:
            client = client_for(user)
            client.get(reverse("admin:calendar"), {"month": "2030-10"})
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("admin:calendar"), {"month": "2030-10"})
            assert response.status_code == 200
            return len(queries)

        build(1)
        small = {role: count(people[role]) for role in ("editor", "writer")}
        build(4)
        large = {role: count(people[role]) for role in ("editor", "writer")}

        assert small == large


@pytest.mark.django_db
class TestOverdueHelpers:
    def test_overdue_means_past_target_date_and_nothing_public(self):
        at = datetime(2030, 5, 10, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
        late = make_article(target_date=date(2030, 5, 9), versions={"fr": PLANNED})
        on_time = make_article(target_date=date(2030, 5, 10), versions={"fr": PLANNED})
        published = make_article(target_date=date(2030, 5, 1), versions={"fr": {}})
        undated = make_article(versions={"fr": PLANNED})

        assert [a.is_overdue(at) for a in (late, on_time, published, undated)] == [
            True, False, False, False]
        assert list(Article.objects.overdue(at)) == [late]


# The feed ----------------------------------------------------------------------------


def feed_url(token: str) -> str:
    return reverse("editorial-calendar-feed", kwargs={"token": token})


def unfolded_lines(body: bytes) -> list[str]:
    text = body.decode("utf-8")
    return text.replace("\r\n ", "").split("\r\n")


def events(body: bytes) -> list[dict[str, str]]:
    """Each VEVENT as a dict of property (with its parameters) to raw value."""
    found, current = [], None
    for line in unfolded_lines(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = value
    return found


@pytest.fixture
def feed_scene(people):
    writer = people["writer"]
    token = writer.editor_profile.renew_calendar_token()
    today = paris_today()
    series = make_series(en={"title": "Power Play"})
    scheduled = make_article(series=series, part=3, authors=[people["ada"]], versions={"en": {
        "title": "Power; play, part one\nand more", "status": Status.SCHEDULED,
        "publish_at": timezone.now() + timedelta(days=3),
    }})
    planned = make_article(authors=[people["ada"]], target_date=today + timedelta(days=10),
                           versions={"fr": {"title": "Plan d’Ada", **PLANNED}})
    late = make_article(authors=[people["ada"]], target_date=today - timedelta(days=2),
                        versions={"fr": {"title": "En retard", **PLANNED}})
    make_article(authors=[people["bob"]], target_date=today + timedelta(days=10),
                 versions={"fr": {"title": "Plan de Bob", **PLANNED}})
    return {"token": token, "scheduled": scheduled.versions.get(), "planned": planned,
            "late": late, "writer": writer, "today": today}


@pytest.mark.django_db
class TestFeed:
    def get(self, token: str, **headers):
        return Client(HTTP_ACCEPT_LANGUAGE="en").get(feed_url(token), **headers)

    def test_the_feed_is_a_valid_icalendar_document(self, feed_scene):
        response = self.get(feed_scene["token"])

        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Cache-Control"] == "private, no-store"
        body = response.content
        assert body.endswith(b"\r\n")
        assert b"\n" not in body.replace(b"\r\n", b"")
        lines = body.split(b"\r\n")[:-1]
        assert all(len(line) <= 75 for line in lines)
        assert all(line.decode("utf-8") for line in lines)  # never split inside a character
        head = unfolded_lines(body)[:6]
        assert head[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
        assert any(line.startswith("PRODID:") for line in head)
        assert "CALSCALE:GREGORIAN" in head
        assert any(line.startswith("X-WR-CALNAME:") for line in head)
        assert unfolded_lines(body)[-2] == "END:VCALENDAR"

    def test_a_scheduled_publication_is_a_utc_event_with_escaped_text(self, feed_scene):
        version = feed_scene["scheduled"]

        [event] = [e for e in events(self.get(feed_scene["token"]).content)
                   if e["UID"] == f"version-{version.pk}@powerplay"]

        expected_start = version.publish_at.astimezone(ZoneInfo("UTC")).strftime(
            "%Y%m%dT%H%M%SZ")
        assert event["DTSTART"] == expected_start
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert event["SUMMARY"] == "Scheduled: Power\\; play\\, part one\\nand more (EN)"
        assert event["URL"] == "http://testserver" + reverse(
            "admin:articles_articletranslation_change", args=[version.pk])
        assert "Power Play\\, part 3" in event["DESCRIPTION"]

    def test_a_target_date_is_an_all_day_event(self, feed_scene):
        planned = feed_scene["planned"]

        [event] = [e for e in events(self.get(feed_scene["token"]).content)
                   if e["UID"] == f"plan-{planned.pk}-fr@powerplay"]

        assert event["DTSTART;VALUE=DATE"] == planned.target_date.strftime("%Y%m%d")
        assert "DTSTART" not in event
        assert event["SUMMARY"] == "Planned: Plan d’Ada (FR)"

    def test_an_overdue_plan_says_so(self, feed_scene):
        late = feed_scene["late"]

        [event] = [e for e in events(self.get(feed_scene["token"]).content)
                   if e["UID"] == f"plan-{late.pk}-fr@powerplay"]

        assert event["SUMMARY"].startswith("OVERDUE: ")
        assert "OVERDUE" in event["CATEGORIES"].split(",")

    def test_long_titles_are_folded_at_75_octets_without_breaking_characters(self, feed_scene):
        title = "Électricité " * 20
        make_article(authors=[feed_scene["writer"].editor_profile.author],
                     target_date=feed_scene["today"] + timedelta(days=1),
                     versions={"fr": {"title": title, **PLANNED}})

        body = self.get(feed_scene["token"]).content

        lines = body.split(b"\r\n")
        assert max(len(line) for line in lines) <= 75
        assert any(len(line) >= 73 for line in lines)
        assert any(e["SUMMARY"] == f"Planned: {title} (FR)" for e in events(body))

    def test_an_author_gets_only_their_articles(self, feed_scene):
        summaries = [e["SUMMARY"] for e in events(self.get(feed_scene["token"]).content)]

        assert len(summaries) == 3
        assert not any("Bob" in summary for summary in summaries)

    def test_uids_are_stable(self, feed_scene):
        first = [e["UID"] for e in events(self.get(feed_scene["token"]).content)]
        second = [e["UID"] for e in events(self.get(feed_scene["token"]).content)]

        assert first == second
        assert len(set(first)) == len(first)

    def test_updates_and_withdrawals_are_events_moved_and_cancelled_in_place(
        self, feed_scene, people
    ):
        editor = people["editor"]
        version = live_with_plans(people["ada"], title="En ligne")
        services.changes_save(version=version, values={"title": "En ligne, revu"},
                              tag_names=[], by=editor)
        update_at = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
        withdrawal_at = update_at + timedelta(days=4)
        services.changes_schedule(version=version, at=update_at, by=editor)
        services.version_schedule_withdrawal(version=version, at=withdrawal_at, by=editor)

        def by_uid() -> dict[str, dict]:
            return {e["UID"]: e for e in events(self.get(feed_scene["token"]).content)}

        def utc(moment: datetime) -> str:
            return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")

        found = by_uid()
        update = found[f"update-{version.pk}@powerplay"]
        withdrawal = found[f"withdrawal-{version.pk}@powerplay"]
        assert (update["DTSTART"], update["SUMMARY"]) == (utc(update_at), "Update: En ligne (FR)")
        assert (withdrawal["DTSTART"], withdrawal["SUMMARY"]) == (
            utc(withdrawal_at), "Withdrawal: En ligne (FR)")
        assert withdrawal["URL"] == "http://testserver" + reverse(
            "admin:articles_articletranslation_change", args=[version.pk])

        moved = update_at + timedelta(days=1)
        services.changes_schedule(version=version, at=moved, by=editor)
        found = by_uid()
        assert found[f"update-{version.pk}@powerplay"]["DTSTART"] == utc(moved)
        assert found[f"update-{version.pk}@powerplay"]["DTSTAMP"] >= update["DTSTAMP"]

        services.changes_back_to_draft(version=version, by=editor)
        services.version_cancel_withdrawal(version=version, by=editor)
        found = by_uid()
        assert f"update-{version.pk}@powerplay" not in found
        assert f"withdrawal-{version.pk}@powerplay" not in found

    @pytest.mark.parametrize("token", ["nope", "x" * 43, "%20"])
    def test_an_unknown_token_is_not_found(self, feed_scene, token):
        assert self.get(token).status_code == 404

    def test_a_deactivated_login_loses_its_feed(self, feed_scene):
        feed_scene["writer"].is_active = False
        feed_scene["writer"].save()

        assert self.get(feed_scene["token"]).status_code == 404

    def test_renewing_from_the_calendar_page_changes_the_address(self, feed_scene):
        client = client_for(feed_scene["writer"])
        old = feed_scene["token"]
        page = client.get(reverse("admin:calendar"))
        assert "http://testserver" + feed_url(old) in page.text

        response = client.post(reverse("admin:calendar_address"), follow=True)

        new = EditorProfile.objects.get(user=feed_scene["writer"]).calendar_token
        assert new and new != old
        assert "http://testserver" + feed_url(new) in response.text
        assert feed_url(old) not in response.text
        assert self.get(old).status_code == 404
        assert self.get(new).status_code == 200

    def test_renewing_needs_a_post_with_a_csrf_token(self, feed_scene):
        client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
        client.force_login(feed_scene["writer"])

        assert client.get(reverse("admin:calendar_address")).status_code == 405
        assert client.post(reverse("admin:calendar_address")).status_code == 403
        assert EditorProfile.objects.get(user=feed_scene["writer"]).calendar_token == (
            feed_scene["token"])

    def test_a_staff_member_without_an_address_can_create_one(self, people):
        client = client_for(people["editor"])
        assert "Create my calendar address" in client.get(reverse("admin:calendar")).text

        client.post(reverse("admin:calendar_address"))

        token = EditorProfile.objects.get(user=people["editor"]).calendar_token
        assert self.get(token).status_code == 200


# A profile's e-mail choices as they are by default, posted unchanged.
UNCHANGED_EMAIL_CHOICES = {"language": "fr", **{
    EditorProfile.switch(kind): "on" for kind in NoticeKind}}


@pytest.mark.django_db
class TestProfileAdmin:
    def test_staff_open_their_own_profile_and_renew_its_calendar_address(self, feed_scene):
        client = client_for(feed_scene["writer"])
        profile = feed_scene["writer"].editor_profile
        url = reverse("admin:editorial_editorprofile_change", args=[profile.pk])

        page = client.get(url)
        response = client.post(url, {"time_zone": "Europe/Paris", **UNCHANGED_EMAIL_CHOICES,
                                      "_renew_calendar": "1"})

        assert page.status_code == 200
        assert feed_url(feed_scene["token"]) in page.text
        assert response.status_code == 302
        profile.refresh_from_db()
        assert profile.calendar_token != feed_scene["token"]
        assert self.feed_status(feed_scene["token"]) == 404

    def test_an_author_cannot_open_or_change_someone_elses_profile(self, feed_scene, people):
        other = people["editor"].editor_profile
        other.renew_calendar_token()
        token = other.calendar_token
        client = client_for(feed_scene["writer"])
        url = reverse("admin:editorial_editorprofile_change", args=[other.pk])

        listing = client.get(reverse("admin:editorial_editorprofile_changelist"))
        page = client.get(url)
        client.post(url, {"time_zone": "Asia/Tokyo", **UNCHANGED_EMAIL_CHOICES,
                          "_renew_calendar": "1"})

        assert list(listing.context["cl"].result_list) == [feed_scene["writer"].editor_profile]
        assert page.status_code != 200
        other.refresh_from_db()
        assert (other.time_zone, other.calendar_token) == ("Europe/Paris", token)

    def test_an_author_cannot_change_who_they_sign_as(self, feed_scene, people):
        profile = feed_scene["writer"].editor_profile
        url = reverse("admin:editorial_editorprofile_change", args=[profile.pk])

        client_for(feed_scene["writer"]).post(
            url, {"time_zone": "Asia/Tokyo", "language": "fr", "author": people["bob"].pk,
                  **loaded(profile)})

        profile.refresh_from_db()
        assert (profile.time_zone, profile.author) == ("Asia/Tokyo", people["ada"])

    def test_a_superuser_revokes_an_address_from_the_list(self, feed_scene, django_user_model):
        admin_user = django_user_model.objects.create_superuser("root", "r@example.org", "pw")
        client = client_for(admin_user)

        client.post(reverse("admin:editorial_editorprofile_changelist"), action_post(
            "revoke_calendar_addresses", [feed_scene["writer"].editor_profile]))

        assert self.feed_status(feed_scene["token"]) == 404

    def feed_status(self, token: str) -> int:
        return Client().get(feed_url(token)).status_code


@pytest.mark.django_db
def test_the_admin_index_links_to_the_editorial_pages(people):
    response = client_for(people["writer"]).get(reverse("admin:index"))

    assert reverse("admin:calendar") in response.text
    assert reverse("admin:translation_status") in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["admin:calendar", "admin:translation_status"])
def test_editorial_pages_parse_as_html5_with_unique_ids(people, name):
    make_article(target_date=paris_today() - timedelta(days=1), versions={
        "fr": {"title": "En retard", **PLANNED}})
    make_article(versions={"fr": {"title": "Sans date", **PLANNED}})
    make_article(versions={"fr": {"status": Status.SCHEDULED,
                                  "publish_at": timezone.now() + timedelta(hours=1)}})
    people["editor"].editor_profile.renew_calendar_token()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)

    html = client_for(people["editor"]).get(reverse(name)).text

    document = parser.parse(html)
    ids = Counter(element.get("id") for element in document.iter() if element.get("id"))
    assert [i for i, n in ids.items() if n > 1] == []
    assert len(document.findall(".//h1")) == 1
