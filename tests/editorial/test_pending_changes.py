"""Changes to a live version wait as pending changes; scheduled updates and withdrawals
take effect at their instant, on the first request after it, with no daemon."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import ArticleTranslation, PendingChange, Status
from editorial import services
from tests.factories import make_article, make_author, make_staff

pytestmark = pytest.mark.django_db


def travel(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def world():
    author = make_author(name="Camille Ledoux")
    writer = make_staff("Author", author=author)
    chief = make_staff("Editor")
    article = make_article(authors=[author], versions={
        "fr": {"title": "Le texte en ligne", "slug": "le-texte", "body": "Texte lu."},
    })
    return {"writer": writer, "chief": chief,
            "version": article.versions.get(language="fr")}


def prepare(world, **values):
    version = world["version"]
    return services.changes_save(
        version=version,
        values={"title": "Le texte revu", "body": "Texte revu.", **values},
        tag_names=["revu"], by=world["writer"],
    )


class TestPreparing:
    def test_readers_keep_the_live_text_while_changes_wait(self, world, client):
        pending = prepare(world)

        assert pending.status == Status.DRAFT and pending.created_by == world["writer"]
        live = ArticleTranslation.objects.get(pk=world["version"].pk)
        assert (live.title, live.body, live.revised_at) == ("Le texte en ligne", "Texte lu.", None)
        page = client.get("/fr/articles/le-texte/")
        assert "Le texte en ligne" in page.text and "Le texte revu" not in page.text

    def test_changes_equal_to_the_live_text_leave_nothing_pending(self, world):
        prepare(world)
        version = world["version"]
        services.changes_save(version=version, values={"title": version.title,
                                                       "body": version.body},
                              tag_names=[], by=world["writer"])
        assert not PendingChange.objects.exists()

    def test_a_version_not_live_is_saved_directly(self, world):
        version = world["version"]
        version.status, version.publish_at = Status.DRAFT, None
        version.save()
        with pytest.raises(services.TransitionRefused):
            prepare(world)

    def test_an_author_sends_to_review_and_only_an_editor_publishes(self, world, client):
        prepare(world)
        version = world["version"]
        assert "publish_changes" not in services.allowed_transitions(version, world["writer"])
        services.changes_submit(version=version, by=world["writer"])
        with pytest.raises(services.TransitionRefused):
            services.changes_publish(version=version, by=world["writer"])

        services.changes_publish(version=version, by=world["chief"])

        live = ArticleTranslation.objects.get(pk=version.pk)
        assert (live.title, live.body) == ("Le texte revu", "Texte revu.")
        assert [tag.name for tag in live.tags.all()] == ["revu"]
        assert live.is_revised
        assert not PendingChange.objects.exists()
        assert "Le texte revu" in client.get("/fr/articles/le-texte/").text

    def test_discarding_keeps_the_live_text(self, world):
        prepare(world)
        services.changes_discard(version=world["version"], by=world["chief"])
        live = ArticleTranslation.objects.get(pk=world["version"].pk)
        assert live.title == "Le texte en ligne" and not PendingChange.objects.exists()

    def test_withdrawing_keeps_the_typing_in_the_version(self, world):
        prepare(world)
        services.version_withdraw(version=world["version"], by=world["chief"])
        withdrawn = ArticleTranslation.objects.get(pk=world["version"].pk)
        assert (withdrawn.status, withdrawn.title) == (Status.WITHDRAWN, "Le texte revu")


class TestScheduled:
    def test_a_scheduled_update_reaches_readers_at_its_instant(self, world, client):
        prepare(world)
        at = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
        services.changes_schedule(version=world["version"], at=at, by=world["chief"])

        with travel(at - timedelta(seconds=1)):
            assert "Le texte en ligne" in client.get("/fr/articles/le-texte/").text
        with travel(at + timedelta(seconds=1)):
            page = client.get("/fr/articles/le-texte/").text
        assert "Le texte revu" in page
        live = ArticleTranslation.objects.get(pk=world["version"].pk)
        assert live.revised_at == at
        assert not PendingChange.objects.exists()

    def test_a_scheduled_withdrawal_takes_the_page_away_at_its_instant(self, world, client):
        at = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
        services.version_schedule_withdrawal(version=world["version"], at=at,
                                             by=world["chief"])

        with travel(at - timedelta(seconds=1)):
            assert client.get("/fr/articles/le-texte/").status_code == 200
        with travel(at + timedelta(seconds=1)):
            assert client.get("/fr/articles/le-texte/").status_code in (404, 410)
        assert ArticleTranslation.objects.get(pk=world["version"].pk).status == Status.WITHDRAWN

    def test_a_withdrawal_cannot_come_before_the_publication(self, world):
        version = world["version"]
        with pytest.raises(services.TransitionRefused):
            services.version_schedule_withdrawal(
                version=version, at=timezone.now() - timedelta(hours=1), by=world["chief"])

    def test_made_once_however_many_arrive(self, world):
        prepare(world)
        at = timezone.now() + timedelta(hours=1)
        services.changes_schedule(version=world["version"], at=at, by=world["chief"])
        later = at + timedelta(seconds=1)
        assert services.make_due_changes(later) == 1
        assert services.make_due_changes(later) == 0


class TestSlugTakenMeanwhile:
    """A slug typed in pending changes reserves nothing: publishing them is refused, with
    the reason, once another version has taken it."""

    def take_the_slug(self, world):
        prepare(world, slug="le-texte-revu")
        other = make_article(versions={"fr": {"slug": "autre"}}).versions.get()
        other.slug = "le-texte-revu"
        other.save()

    def test_publishing_is_refused_with_the_reason(self, world):
        self.take_the_slug(world)

        with pytest.raises(services.TransitionRefused, match="le-texte-revu"):
            services.changes_publish(version=world["version"], by=world["chief"])

        assert PendingChange.objects.filter(version=world["version"]).exists()
        assert ArticleTranslation.objects.get(pk=world["version"].pk).slug == "le-texte"

    def test_the_panel_says_so_instead_of_failing(self, world):
        from django.urls import reverse

        from editorial.forms import TOKEN_FIELD, edit_token
        from tests.factories import client_for

        self.take_the_slug(world)
        version = ArticleTranslation.objects.get(pk=world["version"].pk)
        client = client_for(world["chief"])

        response = client.post(
            reverse("admin:articles_articletranslation_workflow", args=[version.pk]),
            {"transition": "publish_changes", TOKEN_FIELD: edit_token(version)},
            follow=True,
        )

        assert response.status_code == 200
        assert "le-texte-revu" in " ".join(str(m) for m in response.context["messages"])
        assert PendingChange.objects.filter(version=version).exists()


@pytest.mark.parametrize(("language", "cancel", "back"), [
    ("en", "Cancel the scheduled update", "Changes back to draft"),
    ("fr", "Annuler la mise à jour programmée", "Renvoyer les modifications au brouillon"),
])
def test_scheduled_changes_are_cancelled_by_a_button_saying_so(world, language, cancel, back):
    from django.urls import reverse

    from tests.factories import client_for

    prepare(world)
    version = world["version"]
    form_url = reverse("admin:articles_articletranslation_change", args=[version.pk])
    client = client_for(world["chief"], language)
    services.changes_submit(version=version, by=world["writer"])
    assert back in client.get(form_url).text

    services.changes_schedule(version=version, at=timezone.now() + timedelta(days=1),
                              by=world["chief"])

    page = client.get(form_url).text
    assert cancel in page and back not in page
