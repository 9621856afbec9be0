"""The workflow of a language version: explicit transitions, through one service each."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version as RevisionRecord

from articles.models import ArticleTranslation, Status
from editorial import services
from editorial.models import ShareLink
from editorial.revision_comments import comment_text
from tests.accessibility import (
    accessible_name,
    by_id,
    controls,
    description,
    missing_references,
    parse,
    text,
)
from tests.factories import action_post, client_for, make_article, make_author, make_staff

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def english():
    """Service messages are checked in English, the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def editor(db):
    return make_staff("Editor")


@pytest.fixture
def writer(db):
    return make_staff("Author", author=make_author("Ada"))


def draft(**overrides):
    article = make_article(versions={"fr": {"status": Status.DRAFT, "publish_at": None,
                                            "slug": "brouillon", **overrides}})
    return article.versions.get()


@pytest.mark.django_db
class TestServices:
    def test_publish_now_makes_a_draft_public_at_once(self, editor):
        version = services.version_publish(version=draft(), by=editor)

        assert version.status == Status.PUBLISHED
        assert version.is_published()
        assert Client().get("/fr/articles/brouillon/").status_code == 200

    def test_first_publication_time_is_kept_when_republished(self, editor):
        first = timezone.now() - timedelta(days=10)
        version = draft(status=Status.PUBLISHED, publish_at=first)

        services.version_withdraw(version=version, by=editor)
        version = services.version_publish(version=version, by=editor)

        assert version.publish_at == first

    def test_withdrawn_version_leaves_the_site(self, editor):
        version = draft(status=Status.PUBLISHED, publish_at=timezone.now() - timedelta(days=1))

        services.version_withdraw(version=version, by=editor)

        assert Client().get("/fr/articles/brouillon/").status_code == 404

    def test_scheduled_version_appears_exactly_at_its_time(self, editor):
        at = timezone.now() + timedelta(hours=2)

        version = services.version_schedule(version=draft(), at=at, by=editor)

        assert version.status == Status.SCHEDULED
        assert not ArticleTranslation.objects.published(at=at - timedelta(seconds=1)).exists()
        assert list(ArticleTranslation.objects.published(at=at)) == [version]

    def test_back_to_draft_forgets_a_time_that_has_not_come(self, editor):
        version = services.version_schedule(
            version=draft(), at=timezone.now() + timedelta(days=2), by=editor
        )

        version = services.version_back_to_draft(version=version, by=editor)

        assert version.status == Status.DRAFT
        assert version.publish_at is None

    def test_back_to_draft_keeps_the_time_readers_saw(self, editor):
        seen = timezone.now() - timedelta(days=3)
        version = draft(status=Status.WITHDRAWN, publish_at=seen)

        version = services.version_back_to_draft(version=version, by=editor)

        assert version.publish_at == seen

    def test_scheduling_in_the_past_is_refused(self, editor):
        with pytest.raises(services.TransitionRefused, match="in the future"):
            services.version_schedule(
                version=draft(), at=timezone.now() - timedelta(minutes=1), by=editor
            )

    def test_scheduling_more_than_ten_years_ahead_is_refused(self, editor):
        with pytest.raises(services.TransitionRefused, match="less than ten years ahead"):
            services.version_schedule(
                version=draft(), at=timezone.now() + timedelta(days=3700), by=editor
            )

    @pytest.mark.parametrize(("status", "name"), [
        (Status.PLANNED, "publish"), (Status.DRAFT, "withdraw"), (Status.PUBLISHED, "submit"),
        (Status.WITHDRAWN, "withdraw"), (Status.DRAFT, "back_to_draft"),
    ])
    def test_transition_from_the_wrong_status_is_refused_with_a_message(
        self, editor, status, name
    ):
        publish_at = timezone.now() - timedelta(days=1) if status in (
            Status.PUBLISHED, Status.WITHDRAWN) else None
        version = draft(status=status, publish_at=publish_at)
        service = {"publish": services.version_publish,
                   "withdraw": services.version_withdraw,
                   "submit": services.version_submit,
                   "back_to_draft": services.version_back_to_draft}[name]

        with pytest.raises(services.TransitionRefused, match=r"is \w[\w ]*: it cannot"):
            service(version=version, by=editor)
        version.refresh_from_db()
        assert version.status == status

    @pytest.mark.parametrize("name", ["publish", "withdraw", "schedule"])
    def test_an_author_cannot_publish_schedule_or_withdraw(self, writer, name):
        version = draft(status=Status.IN_REVIEW)
        version.article.bylines.create(author=writer.editor_profile.author, position=1)
        kwargs = {"version": version, "by": writer}
        if name == "schedule":
            kwargs["at"] = timezone.now() + timedelta(days=1)
        if name == "withdraw":
            version.status = Status.PUBLISHED
            version.publish_at = timezone.now()
            version.save()
        service = {"publish": services.version_publish,
                   "withdraw": services.version_withdraw,
                   "schedule": services.version_schedule}[name]

        with pytest.raises(services.TransitionRefused, match="only an editor can do this now"):
            service(**kwargs)

    def test_an_author_sends_their_own_draft_to_review_and_back(self, writer):
        version = draft()
        version.article.bylines.create(author=writer.editor_profile.author, position=1)

        version = services.version_submit(version=version, by=writer)
        assert version.status == Status.IN_REVIEW
        version = services.version_back_to_draft(version=version, by=writer)
        assert version.status == Status.DRAFT

    def test_an_author_cannot_move_someone_elses_draft(self, writer):
        with pytest.raises(services.TransitionRefused):
            services.version_submit(version=draft(), by=writer)

    def test_each_transition_is_recorded_with_who_did_it(self, editor):

        version = services.version_publish(version=draft(), by=editor)

        latest = RevisionRecord.objects.get_for_object(version).first()
        assert latest.revision.user == editor
        assert comment_text(latest.revision.comment) == "Published"

    def test_the_history_speaks_the_readers_language_whoever_wrote_it(self, editor):
        version = draft()
        with translation.override("fr"):
            services.version_submit(version=version, by=editor)
        with translation.override("en"):
            services.version_publish(version=version, by=editor)
        url = reverse("admin:articles_articletranslation_history", args=[version.pk])
        client = Client()
        client.force_login(editor)

        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

        assert "Sent to review" in english and "Published" in english
        assert "Envoyé en relecture" in french and "Publié" in french
        assert "Sent to review" not in french

    def test_a_stale_transition_is_refused_naming_who_changed_it(self, editor):
        version = draft()
        loaded = version.updated_at
        other = make_staff("Editor", username="camille")
        services.version_submit(version=version, by=other)

        with pytest.raises(services.EditConflict, match="camille"):
            services.version_publish(version=version, by=editor, expected_updated_at=loaded)
        version.refresh_from_db()
        assert version.status == Status.IN_REVIEW


@pytest.mark.django_db
class TestWorkflowButtons:
    def post(self, client, version, transition, **extra):
        return client.post(
            reverse("admin:articles_articletranslation_workflow", args=[version.pk]),
            {"transition": transition, "loaded_version": version.updated_at.isoformat(),
             **extra},
            follow=True,
        )

    def test_change_page_shows_the_buttons_this_person_may_use(self, editor, writer):
        version = draft()
        version.article.bylines.create(author=writer.editor_profile.author, position=1)
        url = reverse("admin:articles_article_change", args=[version.article_id])

        editor_page = self.buttons(client_for(editor).get(url))
        writer_page = self.buttons(client_for(writer).get(url))

        assert "Publish now (French)" in editor_page
        assert "Send to review (French)" in editor_page
        assert "Send to review (French)" in writer_page
        assert "Publish now (French)" not in writer_page

    def buttons(self, response) -> list[str]:
        page = parse(response.content.decode())
        return [accessible_name(page, button) for button in page.iter("button")]

    def test_each_language_has_its_own_labelled_block_whose_controls_name_it(self, editor):
        """A screen reader tells "Publish now (French)" from "Publish now (English)"."""
        article = make_article(versions={
            language: {"status": Status.DRAFT, "publish_at": None, "slug": f"draft-{language}"}
            for language in ("fr", "en")
        })
        for version in article.versions.all():
            ShareLink.objects.create(version=version, created_by=editor)
        response = client_for(editor).get(
            reverse("admin:articles_article_change", args=[article.pk]))

        page = parse(response.content.decode())
        blocks = [section for section in page.iter("section")
                  if "pp-workflow__version" in (section.get("class") or "")]
        headings = [text(by_id(page, block.get("aria-labelledby"))) for block in blocks]
        names = {heading: [accessible_name(page, control) for control in controls(block)]
                 for heading, block in zip(headings, blocks, strict=True)}

        assert headings == ["French (FR)", "English (EN)"]
        every_name = names["French (FR)"] + names["English (EN)"]
        assert len(set(every_name)) == len(every_name), every_name
        for heading, language in [("French (FR)", "French"), ("English (EN)", "English")]:
            assert all(language in name for name in names[heading]), names[heading]
            assert {
                f"Send to review ({language})", f"Publish at ({language})",
                f"Schedule ({language})", f"Publish now ({language})",
                f"Preview as readers will see it ({language})",
                f"Share with (optional) ({language})", f"Create a share link ({language})",
            } <= set(names[heading])
            assert any(name.startswith(f"Share link ({language}, until ")
                       for name in names[heading])
            assert any(name.startswith(f"Revoke ({language}, until ")
                       for name in names[heading])

    def test_the_publish_time_field_reads_its_help_text(self, editor):
        version = draft()

        response = client_for(editor).get(
            reverse("admin:articles_articletranslation_change", args=[version.pk]))

        page = parse(response.content.decode())
        [field] = [el for el in page.iter("input")
                   if el.get("name") == f"schedule-{version.pk}-publish_at"]
        assert description(page, field) == "In your time zone."
        assert missing_references(page) == []

    def test_publish_button_publishes(self, editor):
        version = draft()

        response = self.post(client_for(editor), version, "publish")

        version.refresh_from_db()
        assert version.status == Status.PUBLISHED
        assert "Publish now — done." in response.content.decode()

    def test_refused_transition_shows_a_message_and_changes_nothing(self, editor):
        version = draft()

        response = self.post(client_for(editor), version, "withdraw")

        version.refresh_from_db()
        assert version.status == Status.DRAFT
        assert "is draft: it cannot be withdrawn." in response.content.decode()

    def test_crafted_publish_post_by_an_author_is_refused(self, writer):
        version = draft(status=Status.IN_REVIEW)
        version.article.bylines.create(author=writer.editor_profile.author, position=1)

        self.post(client_for(writer), version, "publish")

        version.refresh_from_db()
        assert version.status == Status.IN_REVIEW

    def test_schedule_button_reads_the_time_in_the_editors_time_zone(self, editor):
        version = draft()
        editor.editor_profile.time_zone = "America/New_York"
        editor.editor_profile.save()

        self.post(client_for(editor), version, "schedule",
                  publish_at="2030-06-01T09:30")

        version.refresh_from_db()
        assert version.status == Status.SCHEDULED
        assert version.publish_at == datetime(2030, 6, 1, 9, 30,
                                              tzinfo=ZoneInfo("America/New_York"))

    @pytest.mark.parametrize("zone", ["America/Los_Angeles", "Europe/Paris", "Asia/Tokyo"])
    def test_the_year_9999_is_a_form_error_in_every_time_zone(self, editor, zone):
        version = draft()
        editor.editor_profile.time_zone = zone
        editor.editor_profile.save()

        response = self.post(client_for(editor), version, "schedule",
                             publish_at="9999-12-31T23:30")

        version.refresh_from_db()
        assert response.status_code == 200
        assert version.status == Status.DRAFT
        assert version.publish_at is None
        assert "less than ten years ahead" in response.content.decode()

    def test_a_time_in_the_spring_gap_is_a_form_error(self, editor):
        version = draft()

        response = self.post(client_for(editor), version, "schedule",
                             publish_at="2030-03-31T02:30")

        version.refresh_from_db()
        assert version.status == Status.DRAFT
        assert "may not exist" in response.content.decode()

    def test_a_stale_button_is_refused(self, editor):
        version = draft()
        stale = version.updated_at.isoformat()
        version.title = "Changed meanwhile"
        version.save()

        response = client_for(editor).post(
            reverse("admin:articles_articletranslation_workflow", args=[version.pk]),
            {"transition": "publish", "loaded_version": stale}, follow=True,
        )

        version.refresh_from_db()
        assert version.status == Status.DRAFT
        assert "after you opened it" in response.content.decode()

    def test_a_button_posted_without_the_pages_marker_is_refused(self, editor):
        version = draft()
        camille = make_staff("Editor", username="camille")
        services.version_submit(version=version, by=camille, expected_updated_at=None)

        response = client_for(editor).post(
            reverse("admin:articles_articletranslation_workflow", args=[version.pk]),
            {"transition": "publish"}, follow=True,
        )

        version.refresh_from_db()
        assert version.status == Status.IN_REVIEW
        html = response.content.decode()
        assert "was changed by camille" in html
        assert "after you opened it" in html
        assert "done." not in html

    def test_a_list_action_on_every_row_reaches_rows_the_list_did_not_show(self, editor):
        versions = [draft(), make_article(versions={"en": {
            "status": Status.DRAFT, "publish_at": None, "slug": "unseen"}}).versions.get()]

        response = client_for(editor).post(
            reverse("admin:articles_articletranslation_changelist"),
            action_post("publish_selected", versions[:1], select_across="1"), follow=True,
        )

        assert "2 versions updated." in response.content.decode()
        for version in versions:
            version.refresh_from_db()
            assert version.status == Status.PUBLISHED

    def test_list_actions_publish_and_refuse_what_changed_since_the_list_was_loaded(
        self, editor
    ):
        fresh, stale = draft(), make_article(versions={"en": {
            "status": Status.DRAFT, "publish_at": None, "slug": "stale"}}).versions.get()
        tokens = {f"token-{v.pk}": v.updated_at.isoformat() for v in (fresh, stale)}
        stale.title = "Edited after the list was loaded"
        stale.save()

        response = client_for(editor).post(
            reverse("admin:articles_articletranslation_changelist"),
            {"action": "publish_selected", "_selected_action": [fresh.pk, stale.pk],
             **tokens},
            follow=True,
        )

        fresh.refresh_from_db()
        stale.refresh_from_db()
        assert fresh.status == Status.PUBLISHED
        assert stale.status == Status.DRAFT
        html = response.content.decode()
        assert "1 version updated." in html
        assert "after the list was shown" in html

    def test_schedule_action_asks_for_a_time_then_schedules(self, editor):
        version = draft()
        url = reverse("admin:articles_articletranslation_changelist")
        client = client_for(editor)

        ask = client.post(url, action_post("schedule_selected", [version]))
        done = client.post(url, action_post("schedule_selected", [version], apply="1",
                                            publish_at="2031-01-15T08:00"), follow=True)

        assert "Schedule the selected versions" in ask.content.decode()
        page = parse(ask.content.decode())
        [field] = [el for el in page.iter("input") if el.get("name") == "publish_at"]
        assert description(page, field) == "In your time zone."
        assert missing_references(page) == []
        version.refresh_from_db()
        assert version.status == Status.SCHEDULED
        assert version.publish_at == datetime(2031, 1, 15, 8, 0, tzinfo=PARIS)
        assert done.status_code == 200
