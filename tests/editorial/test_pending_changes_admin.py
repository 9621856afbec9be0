"""Editing a live version in the admin keeps the typing as pending changes: readers keep
the live text until an editor publishes them, the change form says so, and "Compare with
live" shows what would change. An editor may still publish a small fix directly."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version as RevisionRecord

from articles.models import ArticleTranslation, PendingChange, Status
from editorial import services
from editorial.revision_comments import comment_text
from tests.factories import (
    action_post,
    client_for,
    make_article,
    make_author,
    make_staff,
    rendered_form_data,
)

pytestmark = pytest.mark.django_db

TYPED = "Texte revu, avec une phrase nouvelle."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    camille = make_author("Camille")
    article = make_article(authors=[camille], versions={
        "fr": {"title": "Le texte en ligne", "slug": "le-texte", "body": "Texte lu."},
    })
    version = article.versions.get(language="fr")
    version.tags.set(["climat"])
    return {
        "article": article, "version": version,
        "writer": make_staff("Author", author=camille, username="camille"),
        "stranger": make_staff("Author", author=make_author("Dominique"),
                               username="dominique"),
        "editor": make_staff("Editor", username="eve", first_name="Ève",
                             last_name="Martin"),
        "other_editor": make_staff("Editor", username="franck"),
    }


def version_page(version):
    return reverse("admin:articles_articletranslation_change", args=[version.pk])


def article_page(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def changes_page(version):
    return reverse("admin:articles_articletranslation_changes", args=[version.pk])


def public_page(language="fr"):
    return client_for(language=language).get(f"/{language}/articles/le-texte/").content.decode()


def live(version) -> ArticleTranslation:
    return ArticleTranslation.objects.get(pk=version.pk)


def typed_on(client, url, **typed) -> dict:
    return rendered_form_data(client.get(url)) | typed


def inline_field(data: dict, version, name: str) -> str:
    """The name of `name` of `version`'s row in the article page's form data."""
    prefix = next(key.removesuffix("-id") for key, value in data.items()
                  if key.startswith("versions-") and key.endswith("-id")
                  and str(value) == str(version.pk))
    return f"{prefix}-{name}"


class TestSavingALiveVersion:
    @pytest.mark.parametrize("who", ["writer", "editor"])
    def test_its_own_page_keeps_the_typing_as_pending_changes(self, world, who):
        version, client = world["version"], client_for(world[who])
        data = typed_on(client, version_page(version), body=TYPED, tags="climat, revu")

        response = client.post(version_page(version), data)

        assert response.status_code == 302
        assert (live(version).body, live(version).revised_at) == ("Texte lu.", None)
        assert sorted(tag.name for tag in live(version).tags.all()) == ["climat"]
        pending = PendingChange.objects.get(version=version)
        assert (pending.body, pending.tag_names, pending.created_by) == (
            TYPED, ["climat", "revu"], world[who])
        page = public_page()
        assert "Texte lu." in page and "phrase nouvelle" not in page

    # An author edits a live version on its own page: the article's page is theirs to
    # change only while no version is out (editorial.roles.can_edit_article).
    def test_the_article_page_keeps_the_typing_as_pending_changes(self, world):
        article, version = world["article"], world["version"]
        client = client_for(world["editor"])
        data = rendered_form_data(client.get(article_page(article)))
        data[inline_field(data, version, "body")] = TYPED

        response = client.post(article_page(article), data)

        assert response.status_code == 302, response.content.decode()[:3000]
        assert live(version).body == "Texte lu."
        assert PendingChange.objects.get(version=version).body == TYPED
        assert "phrase nouvelle" not in public_page()

    def test_reopening_the_form_continues_the_pending_text(self, world):
        version, client = world["version"], client_for(world["writer"])
        client.post(version_page(version), typed_on(client, version_page(version),
                                                    body=TYPED, tags="climat, revu"))

        data = rendered_form_data(client.get(version_page(version)))

        assert data["body"] == TYPED and data["tags"] == "climat, revu"

    def test_no_revision_is_recorded_until_the_changes_are_published(self, world):
        version, client = world["version"], client_for(world["writer"])
        before = RevisionRecord.objects.get_for_object(version).count()

        client.post(version_page(version), typed_on(client, version_page(version), body=TYPED))

        assert RevisionRecord.objects.get_for_object(version).count() == before

    def test_moving_a_live_version_needs_publish_directly(self, world):
        version, client = world["version"], client_for(world["editor"])
        data = typed_on(client, version_page(version), language="en")

        response = client.post(version_page(version), data)

        assert response.status_code == 200
        assert "only with “Publish directly”" in response.content.decode()
        assert live(version).language == "fr"


class TestTheChangeFormSaysSo:
    def test_the_live_notice_and_who_prepared_the_changes_since_when(self, world):
        version = world["version"]
        services.changes_save(version=version, values={"body": TYPED}, tag_names=["climat"],
                              by=world["editor"])

        page = client_for(world["writer"]).get(version_page(version)).content.decode()

        assert "This version is live: readers see the published text." in page
        assert "prepared by Ève Martin, pending since" in page
        assert changes_page(version) in page and "Compare with live" in page

    def test_the_article_page_says_it_per_version(self, world):
        version = world["version"]
        services.changes_save(version=version, values={"body": TYPED}, tag_names=["climat"],
                              by=world["writer"])

        page = client_for(world["editor"]).get(article_page(world["article"])).content.decode()

        assert "prepared by camille, pending since" in page
        assert changes_page(version) in page

    def test_in_french_too(self, world):
        version = world["version"]
        services.changes_save(version=version, values={"body": TYPED}, tag_names=["climat"],
                              by=world["writer"])

        with translation.override("fr"):
            page = client_for(world["editor"], language="fr").get(
                version_page(version)).content.decode()

        assert "Cette version est en ligne" in page
        assert "Comparer avec la version en ligne" in page

    def test_a_scheduled_withdrawal_is_shown(self, world):
        version = world["version"]
        at = timezone.now() + timedelta(days=2)
        services.version_schedule_withdrawal(version=version, at=at, by=world["editor"])

        page = client_for(world["editor"]).get(version_page(version)).content.decode()

        assert "Withdrawal scheduled for" in page


class TestCompareWithLive:
    def test_it_shows_the_words_that_differ_and_the_tags(self, world):
        version = world["version"]
        services.changes_save(version=version, values={"body": TYPED},
                              tag_names=["revu"], by=world["writer"])

        page = client_for(world["editor"]).get(changes_page(version)).content.decode()

        assert "<del>lu.</del>" in page and "<ins>revu," in page
        assert "<del>climat</del>" in page and "<ins>revu</ins>" in page
        assert "Publish changes" in page and "Discard changes" in page

    def test_an_author_who_signs_may_send_to_review_but_not_publish(self, world):
        version = world["version"]
        services.changes_save(version=version, values={"body": TYPED}, tag_names=["climat"],
                              by=world["writer"])

        page = client_for(world["writer"]).get(changes_page(version)).content.decode()

        assert "Send changes to review" in page and "Publish changes" not in page

    def test_refused_to_an_author_who_does_not_sign(self, world):
        version = world["version"]
        services.changes_save(version=version, values={"body": TYPED}, tag_names=["climat"],
                              by=world["writer"])

        response = client_for(world["stranger"]).get(changes_page(version), follow=True)

        page = response.content.decode()
        assert "phrase nouvelle" not in page
        assert "is not yours to see" in page

    def test_a_bad_address_is_answered_kindly(self, world):
        client = client_for(world["editor"])
        for object_id in ("999999", "abc"):
            response = client.get(f"/admin/articles/articletranslation/{object_id}/changes/",
                                  follow=True)
            assert response.status_code == 200
            assert "does not exist" in response.content.decode()

    def test_without_pending_changes_it_leads_back_to_the_version(self, world):
        version = world["version"]
        response = client_for(world["editor"]).get(changes_page(version))
        assert response.status_code == 302 and response.url == version_page(version)

    def test_an_editor_publishes_from_it(self, world):
        version, client = world["version"], client_for(world["editor"])
        services.changes_save(version=version, values={"body": TYPED}, tag_names=["climat"],
                              by=world["writer"])
        version.refresh_from_db()
        data = {"transition": "publish_changes", "loaded_version": version.updated_at.isoformat(),
                "next": version_page(version)}

        response = client.post(
            reverse("admin:articles_articletranslation_workflow", args=[version.pk]), data)

        assert response.status_code == 302
        assert live(version).body == TYPED and live(version).revised_at is not None
        assert "phrase nouvelle" in public_page()


class TestPublishDirectly:
    def test_an_editor_fixes_the_live_text_at_once_and_the_history_says_so(self, world):
        version, client = world["version"], client_for(world["editor"])
        data = typed_on(client, version_page(version), body=TYPED, publish_directly="on")

        client.post(version_page(version), data)

        assert live(version).body == TYPED
        assert not PendingChange.objects.exists()
        assert "phrase nouvelle" in public_page()
        with translation.override("en"):
            comments = [comment_text(record.revision.get_comment()) for record in
                        RevisionRecord.objects.get_for_object(version)
                        .select_related("revision")]
        assert comments[0] == "Published directly (small fix)"

    def test_on_the_article_page_too(self, world):
        article, version = world["article"], world["version"]
        client = client_for(world["editor"])
        data = rendered_form_data(client.get(article_page(article)))
        data[inline_field(data, version, "body")] = TYPED
        data[inline_field(data, version, "publish_directly")] = "on"

        client.post(article_page(article), data)

        assert live(version).body == TYPED
        assert not PendingChange.objects.exists()

    def test_an_author_is_not_offered_it_and_cannot_post_it(self, world):
        version, client = world["version"], client_for(world["writer"])
        page = client.get(version_page(version))
        assert 'name="publish_directly"' not in page.content.decode()
        data = rendered_form_data(page) | {"body": TYPED, "publish_directly": "on"}

        client.post(version_page(version), data)

        assert live(version).body == "Texte lu."
        assert PendingChange.objects.get(version=version).body == TYPED


class TestWorkflowButtonsWithTyping:
    def test_an_author_sends_the_typing_to_review_in_one_click(self, world):
        version, client = world["version"], client_for(world["writer"])
        data = typed_on(client, version_page(version), body=TYPED,
                        _workflow=f"submit_changes:{version.pk}")

        response = client.post(version_page(version), data, follow=True)

        pending = PendingChange.objects.get(version=version)
        assert (pending.body, pending.status) == (TYPED, Status.IN_REVIEW)
        assert "Send changes to review — done." in response.content.decode()
        assert live(version).body == "Texte lu."

    def test_an_editor_publishes_the_typing_in_one_click(self, world):
        version, client = world["version"], client_for(world["editor"])
        data = typed_on(client, version_page(version), body=TYPED,
                        _workflow=f"publish_changes:{version.pk}")

        client.post(version_page(version), data)

        assert live(version).body == TYPED
        assert not PendingChange.objects.exists()

    def test_an_editor_schedules_the_changes_with_a_time(self, world):
        version, client = world["version"], client_for(world["editor"])
        at = timezone.localtime() + timedelta(days=1)
        data = typed_on(client, version_page(version), body=TYPED,
                        _workflow=f"schedule_changes:{version.pk}") | {
            f"schedule-changes-{version.pk}-publish_at": at.strftime("%Y-%m-%dT%H:%M")}

        client.post(version_page(version), data)

        pending = PendingChange.objects.get(version=version)
        assert pending.status == Status.SCHEDULED
        assert pending.publish_at.replace(second=0, microsecond=0) == at.replace(
            second=0, microsecond=0)
        assert live(version).body == "Texte lu."

    def test_a_scheduled_withdrawal_and_its_cancellation(self, world):
        version, client = world["version"], client_for(world["editor"])
        at = timezone.localtime() + timedelta(days=3)
        data = typed_on(client, version_page(version),
                        _workflow=f"schedule_withdrawal:{version.pk}") | {
            f"schedule-withdrawal-{version.pk}-publish_at": at.strftime("%Y-%m-%dT%H:%M")}

        client.post(version_page(version), data)
        assert live(version).withdraw_at is not None

        data = typed_on(client, version_page(version),
                        _workflow=f"cancel_withdrawal:{version.pk}")
        client.post(version_page(version), data)
        assert live(version).withdraw_at is None

    def test_a_time_in_the_past_comes_back_with_the_typing(self, world):
        version, client = world["version"], client_for(world["editor"])
        data = typed_on(client, version_page(version), body=TYPED,
                        _workflow=f"schedule_changes:{version.pk}") | {
            f"schedule-changes-{version.pk}-publish_at": "2001-01-01T10:00"}

        response = client.post(version_page(version), data)

        assert response.status_code == 200 and TYPED in response.content.decode()
        assert not PendingChange.objects.exists()


class TestNoLostEdits:
    def test_two_editors_on_the_pending_changes_the_second_is_told(self, world):
        version = world["version"]
        first, second = client_for(world["editor"]), client_for(world["other_editor"])
        mine = typed_on(first, version_page(version), body=TYPED)
        theirs = typed_on(second, version_page(version), body="Autre texte.")

        assert first.post(version_page(version), mine).status_code == 302
        response = second.post(version_page(version), theirs)

        assert response.status_code == 200
        assert "after you opened it" in response.content.decode()
        assert PendingChange.objects.get(version=version).body == TYPED


class TestTheListAction:
    def test_an_editor_publishes_the_pending_changes_of_the_selected_versions(self, world):
        version = world["version"]
        services.changes_save(version=version, values={"body": TYPED}, tag_names=["climat"],
                              by=world["writer"])
        version.refresh_from_db()

        client_for(world["editor"]).post(
            reverse("admin:articles_articletranslation_changelist"),
            action_post("publish_changes_selected", [version]))

        assert live(version).body == TYPED
        assert not PendingChange.objects.exists()


class TestRestoringARevision:
    def test_restoring_a_live_versions_revision_writes_the_live_text(self, world):
        version, client = world["version"], client_for(world["editor"])
        for body in ("Premier texte.", "Second texte."):
            client.post(version_page(version), typed_on(
                client, version_page(version), body=body, publish_directly="on"))
        services.changes_save(version=version, values={"body": TYPED}, tag_names=["climat"],
                              by=world["writer"])
        first = RevisionRecord.objects.get_for_object(version).last()
        url = reverse("admin:articles_articletranslation_revision",
                      args=[version.pk, first.pk])

        page = client.get(url)
        assert rendered_form_data(page)["body"] == "Premier texte."
        response = client.post(url, rendered_form_data(page))

        assert response.status_code == 302
        assert live(version).body == "Premier texte."
        assert "Premier texte." in public_page()


class TestTheAdminLog:
    def test_a_kept_save_is_logged_as_pending_changes_in_each_readers_language(self, world):
        version, client = world["version"], client_for(world["writer"])
        client.post(version_page(version), typed_on(client, version_page(version), body=TYPED))

        entry = LogEntry.objects.filter(object_id=str(version.pk)).latest("action_time")

        with translation.override("en"):
            assert comment_text(entry.change_message).startswith(
                "Changes kept as pending changes")
        with translation.override("fr"):
            assert comment_text(entry.change_message).startswith(
                "Modifications gardées en attente")


class TestOnlyEditorsPublishChanges:
    """Every way the admin offers to publish pending changes refuses an author who signs
    the article: readers keep the live text."""

    @pytest.fixture
    def in_review(self, world):
        version = world["version"]
        services.changes_save(version=version, values={"body": TYPED}, tag_names=[],
                              by=world["writer"])
        services.changes_submit(version=version, by=world["writer"])
        version.refresh_from_db()
        return version

    def test_by_the_panels_own_form(self, world, in_review):
        client_for(world["writer"]).post(
            reverse("admin:articles_articletranslation_workflow", args=[in_review.pk]),
            {"transition": "publish_changes",
             "loaded_version": in_review.updated_at.isoformat()})

        assert live(in_review).body == "Texte lu."
        assert PendingChange.objects.get(version=in_review).status == Status.IN_REVIEW

    def test_by_the_change_forms_button(self, world, in_review):
        client = client_for(world["writer"])
        data = typed_on(client, version_page(in_review), body=TYPED + " Encore.",
                        _workflow=f"publish_changes:{in_review.pk}")

        response = client.post(version_page(in_review), data)

        assert response.status_code == 200  # the form again, with the refusal
        assert live(in_review).body == "Texte lu."
        assert PendingChange.objects.get(version=in_review).body == TYPED

    def test_by_the_list_action(self, world, in_review):
        client = client_for(world["writer"])

        client.post(reverse("admin:articles_articletranslation_changelist"), {
            "action": "publish_changes_selected", "_selected_action": [str(in_review.pk)],
            f"version-{in_review.pk}": in_review.updated_at.isoformat(),
        })

        assert live(in_review).body == "Texte lu."
        assert PendingChange.objects.get(version=in_review).status == Status.IN_REVIEW
