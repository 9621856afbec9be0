"""Editorial notes: a thread on each version and on the article, for its authors and the
editors only, resolvable, in the revision history, e-mailed to those it concerns."""

import pytest
from django.urls import reverse
from reversion.models import Version as RevisionRecord

from articles.models import Status
from editorial import notes, services
from editorial.models import EditorProfile, Note
from editorial.revision_comments import comment_text
from tests.factories import client_for, make_article, make_author, make_staff
from tests.mail import run_worker, subject_of, text_of

NBSP = "\u00a0"
SECRET = "Ne pas publier avant l’accord du juriste"


def staff(role, username, *, language="en", author=None):
    user = make_staff(role, author=author, username=username,
                      email=f"{username}@example.org")
    EditorProfile.objects.filter(user=user).update(language=language)
    user.refresh_from_db()
    return user


@pytest.fixture
def desk(db):
    """A published article signed by Ada (her login writes in English); Camille edits in
    French; Zoé signs another article."""
    ada = make_author("Ada")
    article = make_article(authors=[ada], versions={
        "fr": {"title": "Le pouvoir des réseaux", "slug": "reseaux"},
        "en": {"title": "The power of networks", "slug": "networks"},
    })
    return {
        "article": article,
        "french": article.versions.get(language="fr"),
        "ada": staff("Author", "ada", author=ada),
        "camille": staff("Editor", "camille", language="fr"),
        "zoe": staff("Author", "zoe", author=make_author("Zoé")),
    }


def notes_url(article) -> str:
    return reverse("admin:article_notes", args=[article.pk])


@pytest.mark.django_db
class TestThread:
    @pytest.mark.parametrize(("admin_language", "heading", "link"), [
        ("en", "The FR version, “Le pouvoir des réseaux”", "Notes (1 open)"),
        ("fr", f"La version FR, «{NBSP}Le pouvoir des réseaux{NBSP}»", "Notes (1 ouverte)"),
    ])
    def test_an_author_writes_a_note_on_a_version_and_sees_it_beside_the_form(
        self, desk, admin_language, heading, link
    ):
        client = client_for(desk["ada"], admin_language)

        response = client.post(notes_url(desk["article"]), {
            "about": desk["french"].pk, "text": SECRET})
        page = client.get(notes_url(desk["article"]))
        form = client.get(reverse("admin:articles_articletranslation_change",
                                  args=[desk["french"].pk]))

        assert response.status_code == 302
        note = Note.objects.get()
        assert (note.version, note.written_by, note.text) == (
            desk["french"], desk["ada"], SECRET)
        assert heading in page.text
        assert SECRET in page.text
        assert link in form.text
        assert f'{notes_url(desk["article"])}?version={desk["french"].pk}' in form.text

    def test_a_note_on_the_article_as_a_whole(self, desk):
        client_for(desk["camille"]).post(notes_url(desk["article"]), {
            "about": "", "text": "Le visuel manque."})

        note = Note.objects.get()
        assert (note.article, note.version) == (desk["article"], None)

    def test_a_note_is_resolved_then_opened_again(self, desk):
        note = notes.note_add(article=desk["article"], version=desk["french"],
                              by=desk["ada"], text=SECRET)
        client = client_for(desk["camille"])

        client.post(notes_url(desk["article"]), {"resolve": note.pk})
        note.refresh_from_db()
        assert (note.is_resolved, note.resolved_by) == (True, desk["camille"])
        assert "resolved by camille" in client.get(notes_url(desk["article"])).text

        client.post(notes_url(desk["article"]), {"reopen": note.pk})
        note.refresh_from_db()
        assert not note.is_resolved

    def test_an_empty_note_is_refused_with_a_message(self, desk):
        response = client_for(desk["ada"]).post(notes_url(desk["article"]), {"text": "  "},
                                                follow=True)

        assert "Write the note first." in response.text
        assert not Note.objects.exists()

    def test_the_note_joins_the_versions_history_without_changing_it(self, desk):
        updated_at = desk["french"].updated_at

        notes.note_add(article=desk["article"], version=desk["french"], by=desk["ada"],
                       text=SECRET)

        desk["french"].refresh_from_db()
        assert desk["french"].updated_at == updated_at
        latest = RevisionRecord.objects.get_for_object(desk["french"]).first()
        assert comment_text(latest.revision.comment) == f"Note: {SECRET}"
        history = client_for(desk["camille"]).get(reverse(
            "admin:articles_articletranslation_history", args=[desk["french"].pk]))
        assert f"Note: {SECRET}" in history.text


@pytest.mark.django_db
class TestWhoSeesThem:
    def test_an_author_who_does_not_sign_sees_neither_the_notes_nor_the_link(self, desk):
        notes.note_add(article=desk["article"], by=desk["camille"], text=SECRET)
        client = client_for(desk["zoe"])

        page = client.get(notes_url(desk["article"]))
        posted = client.post(notes_url(desk["article"]), {"text": "Moi aussi"})

        assert (page.status_code, posted.status_code) == (404, 404)
        assert Note.objects.count() == 1

    def test_readers_never_see_a_note(self, desk):
        notes.note_add(article=desk["article"], version=desk["french"], by=desk["camille"],
                       text=SECRET)
        reader = client_for(None, "fr")

        pages = [
            desk["french"].get_absolute_url(),
            "/api/v1/articles/",
            reverse("articles:feed-rss"),
            notes_url(desk["article"]),
        ]
        for path in pages:
            response = reader.get(path, follow=True)
            assert SECRET not in response.content.decode(), path
        assert "Notes (" not in reader.get(desk["french"].get_absolute_url()).text


@pytest.mark.django_db
class TestEmails:
    def test_a_note_is_emailed_to_those_who_sign_or_edited_the_version(
        self, desk, mail_server, django_capture_on_commit_callbacks
    ):
        services.version_withdraw(version=desk["french"], by=desk["camille"])
        staff("Editor", "dan")  # an editor who never touched it

        with django_capture_on_commit_callbacks(execute=True):
            notes.note_add(article=desk["article"], version=desk["french"], by=desk["ada"],
                           text=SECRET)
        run_worker()

        recipients = sorted(a for rcpt, _m in mail_server.received.messages for a in rcpt)
        # Camille withdrew it before: she is told, in French; Ada wrote it; Dan never
        # touched it; Zoé signs another article.
        assert recipients == ["camille@example.org"]
        message = mail_server.to("camille@example.org")[0]
        assert subject_of(message) == (
            f"Nouvelle note : «{NBSP}Le pouvoir des réseaux{NBSP}» (FR)")
        assert SECRET in text_of(message)

    def test_the_signing_author_is_told_unless_they_turned_it_off(
        self, desk, mail_server, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            notes.note_add(article=desk["article"], by=desk["camille"], text="Le visuel ?")
        EditorProfile.objects.filter(user=desk["ada"]).update(notify_note=False)
        with django_capture_on_commit_callbacks(execute=True):
            notes.note_add(article=desk["article"], by=desk["camille"], text="Encore ?")
        run_worker()

        # Named by its version in her language.
        assert [subject_of(m) for m in mail_server.to("ada@example.org")] == [
            "New note: “The power of networks”"]


@pytest.mark.django_db
def test_a_draft_s_notes_stay_with_it_when_it_goes_back_to_draft(desk):
    version = desk["french"]
    type(version).objects.filter(pk=version.pk).update(status=Status.IN_REVIEW)
    notes.note_add(article=desk["article"], version=version, by=desk["camille"], text=SECRET)
    version.refresh_from_db()

    services.version_back_to_draft(version=version, by=desk["camille"])

    assert Note.objects.filter(version=version).count() == 1


@pytest.mark.django_db
class TestThreadBesideTheForm:
    """Each change form carries its own thread: read, resolve and write without leaving it."""

    @pytest.mark.parametrize(("admin_language", "heading"), [
        ("en", "Notes on the FR version"), ("fr", "Notes sur la version FR")])
    def test_a_versions_form_shows_its_thread_and_takes_a_note(
        self, desk, admin_language, heading
    ):
        notes.note_add(article=desk["article"], version=desk["french"], by=desk["camille"],
                       text=SECRET)
        notes.note_add(article=desk["article"], by=desk["camille"], text="Sur l’article.")
        form_url = reverse("admin:articles_articletranslation_change",
                           args=[desk["french"].pk])
        client = client_for(desk["ada"], admin_language)

        beside = section_of(client.get(form_url), "notes-beside")
        assert heading in beside and SECRET in beside
        # The article's own thread is on the article's form, not on a version's.
        assert "Sur l’article." not in beside

        response = client.post(notes_url(desk["article"]), {
            "about": str(desk["french"].pk), "text": "Relu, c’est bon.", "next": form_url})

        assert response.status_code == 302 and response["Location"] == form_url
        assert "Relu, c’est bon." in section_of(client.get(form_url), "notes-beside")
        assert Note.objects.get(text="Relu, c’est bon.").version == desk["french"]

    def test_a_note_is_resolved_from_beside_the_form(self, desk):
        note = notes.note_add(article=desk["article"], version=desk["french"],
                              by=desk["ada"], text=SECRET)
        form_url = reverse("admin:articles_articletranslation_change",
                           args=[desk["french"].pk])
        client = client_for(desk["camille"])

        response = client.post(notes_url(desk["article"]),
                               {"resolve": str(note.pk), "next": form_url})

        assert response["Location"] == form_url
        note.refresh_from_db()
        assert note.is_resolved and note.resolved_by == desk["camille"]

    def test_the_articles_form_shows_the_thread_of_the_article_as_a_whole(self, desk):
        notes.note_add(article=desk["article"], by=desk["ada"], text="Sur l’article.")
        notes.note_add(article=desk["article"], version=desk["french"], by=desk["ada"],
                       text=SECRET)
        client = client_for(desk["camille"])

        beside = section_of(client.get(reverse("admin:articles_article_change",
                                               args=[desk["article"].pk])), "notes-beside")

        assert "Sur l’article." in beside and SECRET not in beside

    def test_an_address_elsewhere_is_not_followed(self, desk):
        client = client_for(desk["ada"])

        response = client.post(notes_url(desk["article"]), {
            "text": "Une note.", "next": "https://elsewhere.example/"})

        assert response["Location"] == notes_url(desk["article"])


def section_of(response, element_id: str) -> str:
    from tests.accessibility import by_id, parse, text

    assert response.status_code == 200
    found = by_id(parse(response.content.decode()), element_id)
    assert found is not None, f"no #{element_id}"
    return text(found)
