"""Translating with the source beside: each field of a version shows its source's, read-only,
and what changed in the source since the translation when it did."""

import pytest
from django.urls import reverse

from articles.models import Status
from editorial.services import version_create
from tests.accessibility import by_id, parse, text
from tests.factories import (
    client_for,
    make_article,
    make_author,
    make_staff,
    make_version,
    rendered_form_data,
)

FRENCH = {
    "title": "Les modèles ouverts",
    "slug": "les-modeles-ouverts",
    "standfirst": "Pourquoi ouvrir les poids change la donne.",
    "body": "## Le constat\n\nLes poids circulent librement depuis deux ans.",
    "hero_caption": "Un barrage au lever du jour.",
    "status": Status.DRAFT,
    "publish_at": None,
}
SHOWN = ("title", "standfirst", "body", "hero_caption")


@pytest.fixture
def translated(db):
    """A French article signed by Ada, and its English version made from it by an editor."""
    ada = make_author("Ada")
    editor = make_staff("Editor", username="eve")
    writer = make_staff("Author", author=ada, username="ada")
    article = make_article(authors=[ada], versions={"fr": FRENCH})
    french = article.versions.get()
    english = version_create(article=article, language="en", source=french, by=editor)
    return {"article": article, "french": french, "english": english,
            "editor": editor, "writer": writer}


def change_page(user, version, language="en", **params):
    url = reverse("admin:articles_articletranslation_change", args=[version.pk])
    return client_for(user, language).get(url, params)


def source_text(html: str, field: str) -> str:
    """The text of the source beside `field`, as read (the diff's words included)."""
    document = parse(html)
    group = next(
        el for el in document.iter("div")
        if el.get("aria-labelledby") == f"id_{field}_source_label"
    )
    shown = [el for el in group.iter("div") if "pp-source__text" in (el.get("class") or "")]
    return text(shown[0])


def edit_french(user, french, **changes):
    """Save the French version through its admin form, as an editor would."""
    client = client_for(user)
    url = reverse("admin:articles_articletranslation_change", args=[french.pk])
    data = rendered_form_data(client.get(url)) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.django_db
class TestSourceBeside:
    @pytest.mark.parametrize(("role", "language", "label"), [
        ("editor", "en", "Title of the FR source"),
        ("editor", "fr", "Titre de la source FR"),
        ("writer", "en", "Title of the FR source"),
        ("writer", "fr", "Titre de la source FR"),
    ])
    def test_the_translation_shows_each_field_of_its_original_beside_it(
        self, translated, role, language, label
    ):
        """The English form shows the French title, standfirst and body, labelled and in French."""
        response = change_page(translated[role], translated["english"], language)

        assert response.status_code == 200
        document = parse(response.content.decode())
        assert text(by_id(document, "id_title_source_label")) == label
        for field in SHOWN:
            group = next(el for el in document.iter("div")
                         if el.get("aria-labelledby") == f"id_{field}_source_label")
            shown = next(el for el in group.iter("div")
                         if "pp-source__text" in (el.get("class") or ""))
            assert shown.get("lang") == "fr"
            assert text(shown) == " ".join(FRENCH[field].split())
            # Read-only: nothing to type into, nothing posted.
            assert not [el for el in group.iter() if el.tag in ("input", "textarea", "select")]
        assert "Translation may be out of date" not in response.content.decode()

    def test_the_original_shows_no_source_unless_one_is_chosen(self, translated):
        """The first version was written, not translated: the translation is offered instead."""
        french, editor = translated["french"], translated["editor"]

        plain = change_page(editor, french)
        chosen = change_page(editor, french, source="en")

        assert by_id(parse(plain.content.decode()), "id_title_source_label") is None
        document = parse(chosen.content.decode())
        assert "Title of the EN source" in text(by_id(document, "id_title_source_label"))
        assert source_text(chosen.content.decode(), "body") == " ".join(FRENCH["body"].split())

    @pytest.mark.parametrize("choice", ["none", "xx", "fr", ""])
    def test_the_source_is_chosen_with_a_get_parameter(self, translated, choice):
        """A choice that names no other version falls back to the original; "none" hides it."""
        response = change_page(translated["editor"], translated["english"], source=choice)

        assert response.status_code == 200
        document = parse(response.content.decode())
        shown = by_id(document, "id_title_source_label")
        assert (shown is None) == (choice == "none")
        select = by_id(document, "pp-source-choice")
        selected = [o.get("value") for o in select.iter("option") if o.get("selected") is not None]
        assert selected == (["none"] if choice == "none" else ["fr"])

    def test_saving_with_the_source_shown_saves_the_translation(self, translated):
        english, editor = translated["english"], translated["editor"]
        client = client_for(editor)
        url = reverse("admin:articles_articletranslation_change", args=[english.pk])
        page = client.get(url, {"source": "fr"})
        data = rendered_form_data(page) | {"title": "Open models"}

        response = client.post(f"{url}?source=fr", data)

        assert response.status_code == 302
        english.refresh_from_db()
        assert english.title == "Open models"

    def test_the_article_page_shows_the_source_in_each_translation_row(self, translated):
        """Within the article's page, the English row has the French text beside its fields."""
        article, editor = translated["article"], translated["editor"]
        response = client_for(editor, "fr").get(
            reverse("admin:articles_article_change", args=[article.pk]))

        document = parse(response.content.decode())
        rows = {row_language(document, index): index for index in range(2)}
        english, french = rows["en"], rows["fr"]
        assert text(by_id(document, f"id_versions-{english}-title_source_label")) == (
            "Titre de la source FR")
        assert source_text(response.content.decode(), f"versions-{english}-body") == " ".join(
            FRENCH["body"].split())
        assert by_id(document, f"id_versions-{french}-title_source_label") is None


def row_language(document, index: int) -> str:
    """The language of the article page's version row `index`."""
    select = by_id(document, f"id_versions-{index}-language")
    return next(o.get("value") for o in select.iter("option") if o.get("selected") is not None)


@pytest.mark.django_db
class TestSourceChanged:
    def test_changes_to_the_source_since_the_translation_are_marked(self, translated):
        french, english = translated["french"], translated["english"]
        edit_french(translated["editor"], french,
                    title="Les modèles ouverts, deux ans après",
                    body="## Le constat\n\nLes poids circulent depuis trois ans.")

        for language, removed, added, notice in [
            ("en", "removed:", "added:", "Translation may be out of date."),
            ("fr", "supprimé :", "ajouté :", "Traduction peut-être dépassée."),
        ]:
            response = change_page(translated["writer"], english, language)
            html = response.content.decode()
            assert notice in html
            document = parse(html)
            body = next(el for el in document.iter("div")
                        if el.get("aria-labelledby") == "id_body_source_label")
            assert [text(el) for el in body.iter("del")] == [
                f"{removed} librement", f"{removed} deux"]
            assert [text(el) for el in body.iter("ins")] == [f"{added} trois"]
            assert "pp-source--changed" in body.get("class")
            standfirst = next(el for el in document.iter("div")
                              if el.get("aria-labelledby") == "id_standfirst_source_label")
            assert not list(standfirst.iter("del")) and not list(standfirst.iter("ins"))

    def test_the_changed_translation_is_flagged_on_the_status_page(self, translated):
        """The same rule flags it on the translation status page."""
        edit_french(translated["editor"], translated["french"], title="Un nouveau titre")

        status = client_for(translated["editor"]).get(reverse("admin:translation_status"))

        assert [item["version"] for item in status.context["outdated"]] == [
            translated["english"]]

    def test_a_translation_saved_after_the_change_is_up_to_date_again(self, translated):
        english, editor = translated["english"], translated["editor"]
        edit_french(editor, translated["french"], title="Un nouveau titre")
        client = client_for(editor)
        url = reverse("admin:articles_articletranslation_change", args=[english.pk])
        client.post(url, rendered_form_data(client.get(url)) | {"title": "A new title"})

        html = change_page(editor, english).content.decode()

        assert "Translation may be out of date" not in html
        assert "<del>" not in html and "<ins>" not in html
        assert source_text(html, "title") == "Un nouveau titre"

    def test_a_source_without_history_says_so_and_shows_its_text(self, db):
        """Text written outside the admin has no earlier revision: no made-up diff."""
        editor = make_staff("Editor")
        article = make_article(versions={"fr": FRENCH})
        english = make_version(article, "en", title="Open models", status=Status.DRAFT,
                               publish_at=None)
        french = article.versions.get(language="fr")
        french.title = "Un titre changé plus tard"
        french.save()

        html = change_page(editor, english).content.decode()

        assert "Its earlier text is not in the history" in html
        assert source_text(html, "title") == "Un titre changé plus tard"


@pytest.mark.django_db
def test_the_original_read_against_its_translation_is_never_called_stale(translated):
    """A translation changed after its original does not make the original out of date."""
    english, editor = translated["english"], translated["editor"]
    client = client_for(editor)
    url = reverse("admin:articles_articletranslation_change", args=[english.pk])
    client.post(url, rendered_form_data(client.get(url)) | {"title": "Open models"})

    html = change_page(editor, translated["french"], source="en").content.decode()

    assert "Translation may be out of date" not in html
    assert source_text(html, "title") == "Open models"


@pytest.mark.django_db
def test_markup_in_the_source_is_shown_as_text_never_run(translated):
    """The source's text, and its changes, are escaped: a typed tag is read, not obeyed."""
    edit_french(translated["editor"], translated["french"],
                title="<img src=x onerror=alert(1)> titre",
                body="<script>alert('corps')</script>")

    html = change_page(translated["editor"], translated["english"]).content.decode()

    assert "<script>alert(" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;corps&#x27;)&lt;/script&gt;" in html
    assert source_text(html, "title") == (
        "removed: Les modèles ouverts added: <img src=x onerror=alert(1)> titre")
