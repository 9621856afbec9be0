"""The workflow buttons of a change page save what was typed first, in the same step.

A click on "Publish now" with unsaved typing publishes the typed text; a form that cannot
be saved comes back with its errors and the typing, and nothing is published.
"""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version as RevisionRecord

from articles.models import ArticleTranslation, Status
from editorial.models import ShareLink
from editorial.revision_comments import comment_text
from tests.factories import client_for, make_version, rendered_form_data

TYPED = "## Typed just now\n\nA paragraph that was never saved before the click."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def version_page(version):
    return reverse("admin:articles_articletranslation_change", args=[version.pk])


def article_page(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def typed_on_version_page(client, version, **typed) -> dict:
    """The version's change form as its page shows it now, with `typed` over its fields."""
    return rendered_form_data(client.get(version_page(version))) | typed


def public_text(version) -> str:
    version.refresh_from_db()
    return client_for().get(version.get_absolute_url()).content.decode()


class TestOnTheVersionPage:
    def test_publish_now_publishes_the_text_typed_before_the_click(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(client, version, body=TYPED,
                                     _workflow=f"publish:{version.pk}")

        response = client.post(version_page(version), data, follow=True)

        version.refresh_from_db()
        assert version.status == Status.PUBLISHED
        assert version.body == TYPED
        assert "Typed just now" in public_text(version)
        html = response.content.decode()
        assert response.redirect_chain[-1][0] == version_page(version)
        assert "were saved" in html and "Publish now — done." in html

    def test_the_history_names_the_change_then_the_publication(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(client, version, body=TYPED,
                                     _workflow=f"publish:{version.pk}")

        client.post(version_page(version), data)

        comments = [comment_text(record.revision.get_comment()) for record in
                    RevisionRecord.objects.get_for_object(version).select_related("revision")]
        assert comments[:2] == ["Published", "Changed body."]

    def test_a_click_with_nothing_typed_only_publishes(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(client, version, _workflow=f"publish:{version.pk}")
        logged = LogEntry.objects.count()

        response = client.post(version_page(version), data, follow=True)

        version.refresh_from_db()
        assert version.status == Status.PUBLISHED
        assert LogEntry.objects.count() == logged  # no "No fields changed." entry
        html = response.content.decode()
        assert "were saved" not in html and "Publish now — done." in html

    def test_an_invalid_form_is_shown_again_with_the_typing_and_nothing_is_published(
        self, draft_world
    ):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(client, version, title="", body=TYPED,
                                     _workflow=f"publish:{version.pk}")

        response = client.post(version_page(version), data)

        assert response.status_code == 200
        html = response.content.decode()
        assert "errornote" in html and "This field is required." in html
        assert "Typed just now" in html
        version.refresh_from_db()
        assert version.status == Status.DRAFT
        assert version.body == "Un texte court."

    def test_an_author_cannot_publish_by_posting_the_button(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["writer"])
        data = typed_on_version_page(client, version, body=TYPED,
                                     _workflow=f"publish:{version.pk}")

        response = client.post(version_page(version), data)

        assert response.status_code == 200
        assert "only an editor can do this now" in response.content.decode()
        version.refresh_from_db()
        assert (version.status, version.body) == (Status.DRAFT, "Un texte court.")

    def test_an_author_sends_the_typed_text_to_review(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["writer"])
        data = typed_on_version_page(client, version, body=TYPED,
                                     _workflow=f"submit:{version.pk}")

        client.post(version_page(version), data)

        version.refresh_from_db()
        assert (version.status, version.body) == (Status.IN_REVIEW, TYPED)

    def test_a_colleagues_change_since_the_page_was_opened_is_never_overwritten(
        self, draft_world
    ):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(client, version, body=TYPED,
                                     _workflow=f"publish:{version.pk}")
        ArticleTranslation.objects.filter(pk=version.pk).update(
            body="Dominique’s text", updated_at=timezone.now())

        response = client.post(version_page(version), data)

        assert response.status_code == 200
        assert "after you opened it" in response.content.decode()
        version.refresh_from_db()
        assert (version.status, version.body) == (Status.DRAFT, "Dominique’s text")

    def test_a_step_on_a_version_changed_since_is_refused_even_with_nothing_typed(
        self, draft_world
    ):
        """A colleague sent it to review meanwhile: the editor's page no longer tells."""
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(client, version, _workflow=f"publish:{version.pk}")
        ArticleTranslation.objects.filter(pk=version.pk).update(
            status=Status.IN_REVIEW, updated_at=timezone.now())

        response = client.post(version_page(version), data)

        assert "after you opened it" in response.content.decode()
        version.refresh_from_db()
        assert version.status == Status.IN_REVIEW

    def test_a_time_in_the_past_keeps_the_typing_and_schedules_nothing(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(
            client, version, body=TYPED, _workflow=f"schedule:{version.pk}",
            **{f"schedule-{version.pk}-publish_at": "2001-01-01T10:00"},
        )

        response = client.post(version_page(version), data)

        html = response.content.decode()
        assert response.status_code == 200
        assert html.count("Choose a publication time in the future.") == 2  # form and field
        assert 'value="2001-01-01T10:00"' in html and "Typed just now" in html
        version.refresh_from_db()
        assert (version.status, version.body) == (Status.DRAFT, "Un texte court.")

    def test_schedule_saves_the_typing_and_schedules_it(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
            second=0, microsecond=0)
        data = typed_on_version_page(
            client, version, body=TYPED, _workflow=f"schedule:{version.pk}",
            **{f"schedule-{version.pk}-publish_at": when.strftime("%Y-%m-%dT%H:%M")},
        )

        client.post(version_page(version), data)

        version.refresh_from_db()
        assert (version.status, version.body, version.publish_at) == (
            Status.SCHEDULED, TYPED, when)

    def test_a_share_link_is_created_after_the_typing_is_saved(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(
            client, version, body=TYPED, _workflow=f"share:{version.pk}",
            **{f"share-note-{version.pk}": "the fact checker"},
        )

        response = client.post(version_page(version), data, follow=True)

        version.refresh_from_db()
        assert version.body == TYPED
        link = ShareLink.objects.get(version=version)
        assert link.note == "the fact checker"
        assert "Share link created" in response.content.decode()

    def test_a_share_link_is_revoked_after_the_typing_is_saved(self, draft_world):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        link = ShareLink.objects.create(version=version, created_by=draft_world["editor"])
        data = typed_on_version_page(client, version, body=TYPED,
                                     _workflow=f"revoke:{version.pk}:{link.pk}")

        client.post(version_page(version), data)

        link.refresh_from_db()
        version.refresh_from_db()
        assert link.revoked_at is not None and version.body == TYPED

    @pytest.mark.parametrize("posted", ["publish", "publish:x", "fly:{pk}", "publish:{pk}:1"])
    def test_a_malformed_step_is_never_a_server_error(self, draft_world, posted):
        version, client = draft_world["version"], client_for(draft_world["editor"])
        data = typed_on_version_page(client, version, _workflow=posted.format(pk=version.pk))

        response = client.post(version_page(version), data, follow=True)

        assert response.status_code == 200
        version.refresh_from_db()
        assert version.status == Status.DRAFT


class TestOnTheArticlePage:
    def test_publish_now_saves_every_version_then_publishes_the_one_clicked(
        self, draft_world
    ):
        article, french = draft_world["article"], draft_world["version"]
        english = make_version(article, "en", status=Status.DRAFT, publish_at=None,
                               slug="first-version", body="Old English text.")
        client = client_for(draft_world["editor"])
        data = rendered_form_data(client.get(article_page(article)))
        rows = {data[name]: name.removesuffix("-language") for name in data
                if name.startswith("versions-") and name.endswith("-language")}
        data[f"{rows['fr']}-body"] = TYPED
        data[f"{rows['en']}-body"] = "New English text, typed too."
        data["_workflow"] = f"publish:{french.pk}"

        response = client.post(article_page(article), data, follow=True)

        assert response.redirect_chain[-1][0] == article_page(article)
        french.refresh_from_db()
        english.refresh_from_db()
        assert (french.status, french.body) == (Status.PUBLISHED, TYPED)
        assert (english.status, english.body) == (Status.DRAFT, "New English text, typed too.")
        assert "Typed just now" in public_text(french)
        assert "(FR): Publish now — done." in response.content.decode()

    def test_a_click_with_nothing_typed_only_publishes(self, draft_world):
        article, french = draft_world["article"], draft_world["version"]
        client = client_for(draft_world["editor"])
        data = rendered_form_data(client.get(article_page(article)))
        data["_workflow"] = f"publish:{french.pk}"
        logged, updated = LogEntry.objects.count(), article.updated_at

        response = client.post(article_page(article), data, follow=True)

        french.refresh_from_db()
        article.refresh_from_db()
        assert french.status == Status.PUBLISHED
        assert LogEntry.objects.count() == logged
        assert article.updated_at == updated
        assert "(FR): Publish now — done." in response.content.decode()

    def test_a_refusal_shows_on_the_version_it_concerns(self, draft_world):
        article, french = draft_world["article"], draft_world["version"]
        client = client_for(draft_world["editor"])
        data = rendered_form_data(client.get(article_page(article)))
        data["versions-0-body"] = TYPED
        data["_workflow"] = f"withdraw:{french.pk}"

        response = client.post(article_page(article), data)

        html = response.content.decode()
        assert "is draft: it cannot be withdrawn." in html and "Typed just now" in html
        french.refresh_from_db()
        assert french.body == "Un texte court."

    def test_a_page_the_person_may_only_view_keeps_separate_buttons(self, draft_world):
        """Nothing to type there: each button posts on its own, as before."""
        article, french = draft_world["article"], draft_world["version"]
        make_version(article, "en", slug="out", status=Status.PUBLISHED)
        writer = draft_world["writer"]

        html = client_for(writer).get(article_page(article)).content.decode()

        assert reverse("admin:articles_articletranslation_workflow", args=[french.pk]) in html
        assert 'name="_workflow"' not in html
