"""A copy of what an editor types, kept for them alone and offered back to them.

The browser side (typing, closing the tab, restoring) is in
tests/browser/test_no_lost_typing.py; these are the server's rules.
"""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleTranslation
from editorial.autosave import DISCARD_FIELD, OBJECT_FIELD
from editorial.models import Autosave
from series.models import Series
from tests.factories import client_for, make_article, make_author, make_staff, rendered_form_data

TYPED = "Text typed in the admin and never saved."


def autosave_url(model) -> str:
    return reverse("admin:autosave", args=[model._meta.app_label, model._meta.model_name])


def keep(client, model, object_id, **fields):
    return client.post(autosave_url(model), {OBJECT_FIELD: object_id, **fields})


def version_page(version) -> str:
    return reverse("admin:articles_articletranslation_change", args=[version.pk])


def offered(page) -> dict | None:
    """The typed fields a page offers to put back, or None when it offers nothing."""
    html = page.content.decode()
    start = html.find('id="pp-autosave-fields"')
    if start == -1:
        return None
    return json.loads(html[html.index(">", start) + 1:html.index("</script>", start)])


@pytest.fixture
def world(draft_world):
    return draft_world | {"other_article": make_article(
        authors=[make_author("Bob")], versions={"fr": {"slug": "autre", "body": "Bob’s"}})}


class TestKeeping:
    def test_an_editors_typing_is_offered_back_on_the_same_form(self, world):
        version, client = world["version"], client_for(world["editor"])

        kept = keep(client, ArticleTranslation, version.pk, body=TYPED,
                    loaded_version=version.updated_at.isoformat())
        page = client.get(version_page(version))

        assert kept.status_code == 204
        assert offered(page)["body"] == TYPED
        assert "Restore the text you typed on" in page.content.decode()

    @pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
    def test_the_offer_reads_in_the_editors_language(self, world, language):
        from django.utils import translation

        version, client = world["version"], client_for(world["editor"], language=language)
        keep(client, ArticleTranslation, version.pk, body=TYPED)

        html = client.get(version_page(version)).content.decode()

        with translation.override(language):
            restore = translation.gettext("Restore the text you typed on %(when)s")
            discard = translation.gettext("Discard")
        assert restore.split("%(when)s")[0].strip() in html
        assert f">{discard}</button>" in html

    def test_another_persons_copy_is_never_offered(self, world):
        version = world["version"]
        keep(client_for(world["editor"]), ArticleTranslation, version.pk, body=TYPED)

        page = client_for(world["other_editor"]).get(version_page(version))

        assert offered(page) is None
        assert TYPED not in page.content.decode()

    def test_readers_never_see_a_copy(self, world):
        version = world["version"]
        version.status, version.publish_at = "published", timezone.now() - timedelta(hours=1)
        version.save()
        keep(client_for(world["editor"]), ArticleTranslation, version.pk, body=TYPED)

        page = Client().get(version.get_absolute_url())

        assert page.status_code == 200
        assert TYPED not in page.content.decode()
        version.refresh_from_db()
        assert version.body == "Un texte court."

    def test_a_copy_older_than_what_is_stored_is_not_offered(self, world):
        version, client = world["version"], client_for(world["editor"])
        keep(client, ArticleTranslation, version.pk, body=TYPED)
        Autosave.objects.update(saved_at=timezone.now() - timedelta(minutes=5))
        version.title = "Saved by a colleague since"
        version.save()

        assert offered(client.get(version_page(version))) is None

    def test_the_article_page_offers_a_copy_newer_than_each_of_its_texts(self, world):
        article, client = world["article"], client_for(world["editor"])
        page = reverse("admin:articles_article_change", args=[article.pk])
        keep(client, Article, article.pk, **{"versions-0-body": TYPED})
        assert offered(client.get(page)) == {"versions-0-body": TYPED}

        # A version saved after the copy (on its own page) makes it old news.
        Autosave.objects.update(saved_at=timezone.now() - timedelta(minutes=5))
        world["version"].save()
        assert offered(client.get(page)) is None

    def test_saving_the_form_forgets_the_copy(self, world):
        version, client = world["version"], client_for(world["editor"])
        keep(client, ArticleTranslation, version.pk, body=TYPED)
        data = rendered_form_data(client.get(version_page(version))) | {"body": TYPED}

        saved = client.post(version_page(version), data)

        assert saved.status_code == 302
        assert not Autosave.objects.exists()
        assert offered(client.get(version_page(version))) is None

    def test_a_colleagues_save_leaves_ones_copy_alone(self, world):
        version = world["version"]
        keep(client_for(world["editor"]), ArticleTranslation, version.pk, body=TYPED)
        colleague = client_for(world["other_editor"])
        data = rendered_form_data(colleague.get(version_page(version))) | {"title": "Hers"}

        colleague.post(version_page(version), data)

        assert Autosave.objects.get().fields["body"] == TYPED

    def test_discard_forgets_the_copy(self, world):
        version, client = world["version"], client_for(world["editor"])
        keep(client, ArticleTranslation, version.pk, body=TYPED)

        discarded = keep(client, ArticleTranslation, version.pk, **{DISCARD_FIELD: "1"})

        assert discarded.status_code == 204
        assert not Autosave.objects.exists()

    def test_a_new_article_form_has_its_own_copy(self, world):
        client = client_for(world["editor"])
        add_page = reverse("admin:articles_article_add")
        keep(client, Article, "", **{"versions-0-title": "Un article à venir"})

        assert offered(client.get(add_page)) == {"versions-0-title": "Un article à venir"}
        assert offered(client.get(version_page(world["version"]))) is None

    def test_a_copy_expires_after_thirty_days(self, world):
        version, client = world["version"], client_for(world["editor"])
        keep(client, ArticleTranslation, version.pk, body=TYPED)
        Autosave.objects.update(saved_at=timezone.now() - timedelta(days=31))

        assert offered(client.get(version_page(version))) is None
        keep(client, Article, world["article"].pk, **{"versions-0-body": "New"})
        assert list(Autosave.objects.values_list("object_id", flat=True)) == [
            str(world["article"].pk)]

    def test_pasted_control_characters_are_kept_out_of_the_copy(self, world):
        """A NUL pasted from a terminal would make PostgreSQL refuse the copy (a 500): it
        is removed, as saving the form would remove it."""
        version, client = world["version"], client_for(world["editor"])

        kept = keep(client, ArticleTranslation, version.pk, body="Before\x00\x1bafter",
                    **{"title\x00": "Odd"})

        assert kept.status_code == 204
        assert Autosave.objects.get().fields == {"body": "Beforeafter", "title": "Odd"}

    def test_a_copy_holds_no_more_than_its_limits(self, world):
        version, client = world["version"], client_for(world["editor"])

        keep(client, ArticleTranslation, version.pk, body="x" * 300_000,
             **{f"field-{number}": "y" for number in range(500)})

        fields = Autosave.objects.get().fields
        assert len(fields["body"]) == 200_000
        assert len(fields) == 300


class TestWhoMayKeepACopy:
    def test_an_author_keeps_a_copy_of_her_own_draft(self, world):
        version = world["version"]

        kept = keep(client_for(world["writer"]), ArticleTranslation, version.pk, body=TYPED)

        assert kept.status_code == 204

    def test_an_author_may_not_keep_a_copy_of_anothers_article(self, world):
        other = world["other_article"]
        writer = client_for(world["writer"])

        refused = [
            keep(writer, Article, other.pk, **{"versions-0-body": TYPED}),
            keep(writer, ArticleTranslation, other.versions.get().pk, body=TYPED),
        ]

        assert [response.status_code for response in refused] == [403, 403]
        assert not Autosave.objects.exists()

    def test_an_author_may_not_keep_a_copy_of_a_scheduled_version(self, world):
        """An author no longer edits a version scheduled, not yet live: nothing to type."""
        version = world["version"]
        version.status, version.publish_at = "scheduled", timezone.now() + timedelta(days=1)
        version.save()

        refused = keep(client_for(world["writer"]), ArticleTranslation, version.pk, body=TYPED)

        assert refused.status_code == 403
        assert not Autosave.objects.exists()

    def test_an_author_keeps_a_copy_of_changes_to_a_published_version(self, world):
        """Their typing on a live version becomes its pending changes: worth keeping."""
        version = world["version"]
        version.status, version.publish_at = "published", timezone.now()
        version.save()

        kept = keep(client_for(world["writer"]), ArticleTranslation, version.pk, body=TYPED)

        assert kept.status_code == 204
        assert Autosave.objects.get().fields["body"] == TYPED

    def test_a_visitor_is_sent_to_the_login_page(self, world):
        response = keep(Client(), ArticleTranslation, world["version"].pk, body=TYPED)

        assert response.status_code == 302
        assert "/login/" in response["Location"]
        assert not Autosave.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self, world):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world["editor"])
        page = client.get(version_page(world["version"]))

        refused = keep(client, ArticleTranslation, world["version"].pk, body=TYPED)
        accepted = keep(client, ArticleTranslation, world["version"].pk, body=TYPED,
                        csrfmiddlewaretoken=page.context["csrf_token"])

        assert refused.status_code == 403
        assert accepted.status_code == 204
        assert Autosave.objects.count() == 1

    @pytest.mark.parametrize("model", [Series, Autosave])
    def test_a_form_without_copies_is_not_found(self, world, model):
        response = keep(client_for(world["editor"]), model, "", body=TYPED)

        assert response.status_code == 404

    def test_only_a_post_keeps_a_copy(self, world):
        response = client_for(world["editor"]).get(autosave_url(ArticleTranslation))

        assert response.status_code == 405

    def test_an_unknown_object_is_refused(self, world):
        response = keep(client_for(world["editor"]), ArticleTranslation, "999999", body=TYPED)

        assert response.status_code == 403

    def test_a_staff_member_without_a_role_may_not_add(self, world):
        nobody = make_staff("Author")  # an author login that signs as nobody
        nobody.groups.clear()

        response = keep(client_for(nobody), Article, "", **{"versions-0-title": TYPED})

        assert response.status_code == 403


class TestCost:
    def test_keeping_a_copy_takes_a_few_queries(self, world, django_assert_max_num_queries):
        client = client_for(world["editor"])
        keep(client, ArticleTranslation, world["version"].pk, body="first")

        # Session, login, profile, permissions (2), the object; then the expired copies'
        # deletion and the copy's update under lock (5, savepoint included).
        with django_assert_max_num_queries(11):
            kept = keep(client, ArticleTranslation, world["version"].pk, body=TYPED)

        assert kept.status_code == 204

    def test_a_page_with_a_copy_to_offer_costs_no_more_queries(self, world):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = client_for(world["editor"])
        page = reverse("admin:articles_article_change", args=[world["article"].pk])
        client.get(page)  # caches warm (content types, permissions)
        with CaptureQueriesContext(connection) as without_copy:
            client.get(page)
        keep(client, Article, world["article"].pk, **{"versions-0-body": TYPED})
        with CaptureQueriesContext(connection) as with_copy:
            offered_page = client.get(page)

        assert offered(offered_page) == {"versions-0-body": TYPED}
        assert len(with_copy) <= len(without_copy)
