"""Images inside the text: the library, the body editor's picker, figures on the page.

The hero image's caption and credit: test_hero_credit.py.
"""

import io
import re

import html5lib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PillowImage

from articles.models import ArticleTranslation, Status, VersionImage
from core.languages import language_codes
from images import processing
from images.models import Image, ImageText
from tests.factories import (
    action_post,
    make_article,
    make_author,
    make_staff,
    rendered_form_data,
)

PICKER = "admin:images_image_picker"


def png_bytes(width=1000, height=600, colour=(30, 90, 140)) -> bytes:
    image = PillowImage.new("RGB", (width, height), colour)
    exif = PillowImage.Exif()
    exif[0x010F] = "SpyCam"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(data: bytes, name="holiday photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def texts(**overrides) -> dict:
    """The picker's text fields, filled in every language of the site."""
    data = {}
    for code in language_codes():
        data |= {f"alt_{code}": f"Alt {code}", f"caption_{code}": f"Caption {code}",
                 f"credit_{code}": f"Credit {code}"}
    return data | overrides


def make_image(**overrides) -> Image:
    """A library image with texts in every language: alt "Alt xx", caption "Caption xx"…"""
    image = Image(**overrides)
    image.file.save("picture.jpg", upload(png_bytes()), save=False)
    image.save()
    for code in language_codes():
        ImageText.objects.create(image=image, language=code, alt=f"Alt {code}",
                                 caption=f"Caption {code}", credit=f"Credit {code}")
    return image


def figures(html: str) -> list:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [figure for figure in document.iter("figure") if figure.get("class") == "figure"]


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def editor_client_in(language: str):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(make_staff("Editor"))
    return client


@pytest.fixture
def editor_client(db):
    return editor_client_in("en")


# The picker: upload with texts, or pick -------------------------------------------------


@pytest.mark.django_db
class TestPickerUpload:
    def test_an_upload_is_re_encoded_with_renditions_and_its_texts(self, editor_client):
        """The upload is stored as an image the pipeline encoded, with its texts in
        every language, and the page hands the body the Markdown that shows it."""
        response = editor_client.post(
            reverse(PICKER) + "?target=id_body",
            {"file": upload(png_bytes()), **texts()}, follow=True,
        )

        assert response.status_code == 200
        image = Image.objects.get()
        assert image.file.name.startswith("images/") and "holiday" not in image.file.name
        with image.file.open("rb") as stored, PillowImage.open(stored) as decoded:
            assert decoded.format == "JPEG" and not decoded.getexif()
        assert [row["width"] for row in image.renditions["renditions"]] == [480, 800, 1000]
        assert {text.language: text.caption for text in image.translations.all()} == {
            code: f"Caption {code}" for code in language_codes()
        }
        html = response.content.decode()
        assert f'data-inserted-markdown="![Alt en](image:{image.pk})"' in html
        assert 'data-target="id_body"' in html
        # Reloading the page the upload led to uploads nothing more.
        assert editor_client.get(response.wsgi_request.get_full_path()).status_code == 200
        assert Image.objects.count() == 1

    @pytest.mark.parametrize(("payload", "name", "message"), [
        (b"plain words, not pixels", "notes.jpg", "This file is not an image"),
        (b"%PDF-1.4 a report", "report.jpg", "PDF files are not accepted"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.svg", "SVG images"),
    ], ids=["text", "pdf", "svg"])
    def test_a_file_that_is_not_an_accepted_image_is_a_form_error(
        self, editor_client, payload, name, message
    ):
        response = editor_client.post(
            reverse(PICKER), {"file": upload(payload, name), **texts()}
        )

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Image.objects.exists()

    def test_an_oversized_upload_is_a_form_error(self, editor_client, monkeypatch):
        monkeypatch.setattr(processing, "MAX_UPLOAD_BYTES", 2_000)

        response = editor_client.post(reverse(PICKER), {"file": upload(png_bytes()), **texts()})

        assert response.status_code == 200
        assert "This file is too large" in response.content.decode()
        assert not Image.objects.exists()

    @pytest.mark.parametrize("language", language_codes())
    def test_each_language_needs_a_text_alternative_unless_decorative(
        self, editor_client, language
    ):
        missing = editor_client.post(
            reverse(PICKER), {"file": upload(png_bytes()), **texts(**{f"alt_{language}": ""})}
        )
        assert "Describe the image in this language, or mark it as decorative." in (
            missing.content.decode()
        )
        assert not Image.objects.exists()

        decorative = editor_client.post(reverse(PICKER), {
            "file": upload(png_bytes()), "decorative": "on",
            **texts(**{f"alt_{language}": ""}),
        })
        assert decorative.status_code == 302
        assert Image.objects.get().decorative

    def test_the_library_is_offered_to_pick_from_and_searched(self, editor_client):
        kept = make_image()
        other = make_image()
        other.translations.update(caption="A harbour at dawn")

        everything = editor_client.get(reverse(PICKER) + "?target=id_body").content.decode()
        found = editor_client.get(reverse(PICKER) + "?q=harbour").content.decode()

        assert f'data-insert-markdown="![Alt en](image:{kept.pk})"' in everything
        assert f"(image:{other.pk})" in everything
        assert f"(image:{other.pk})" in found and f"(image:{kept.pk})" not in found

    def test_the_markdown_is_labelled_in_the_language_of_the_body_it_goes_into(self, db):
        """From the French admin, an image inserted in the English body is labelled in
        English: the label is what shows where the image cannot, and what translators read."""
        kept = make_image()
        client = editor_client_in("fr")

        english = client.get(reverse(PICKER), {"target": "id_body", "language": "en"})
        unknown = client.get(reverse(PICKER), {"target": "id_body", "language": "xx"})

        assert f'data-insert-markdown="![Alt en](image:{kept.pk})"' in english.content.decode()
        assert 'name="language" value="en"' in english.content.decode()
        assert f'data-insert-markdown="![Alt fr](image:{kept.pk})"' in unknown.content.decode()

    def test_authors_upload_and_pick_too(self, db):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(make_staff("Author"))

        assert client.get(reverse(PICKER)).status_code == 200
        response = client.post(reverse(PICKER), {"file": upload(png_bytes()), **texts()})

        assert response.status_code == 302 and Image.objects.count() == 1

    def test_the_body_field_names_the_picker(self, editor_client):
        """The body editor's image button opens the picker the textarea names."""
        version = make_article(versions={"fr": {}}).versions.get()

        page = editor_client.get(
            reverse("admin:articles_articletranslation_change", args=[version.pk])
        ).content.decode()

        assert f'data-image-picker="{reverse(PICKER)}"' in page
        assert "editorial/image-picker.js" in page


# On the page -------------------------------------------------------------------------


@pytest.mark.django_db
class TestFigures:
    @pytest.mark.parametrize("language", language_codes())
    def test_an_image_is_a_responsive_figure_in_the_page_language(self, client, language):
        image = make_image()
        version = make_article(versions={language: {
            "body": f"Before.\n\n![whatever the editor typed](image:{image.pk})\n\nAfter.",
        }}).versions.get()

        html = client.get(version.get_absolute_url()).content.decode()

        (figure,) = figures(html)
        (img,) = figure.iter("img")
        (source,) = figure.iter("source")
        assert img.get("alt") == f"Alt {language}"
        assert "480w" in img.get("srcset") and "1000w" in img.get("srcset")
        assert source.get("type") == "image/webp" and "480w" in source.get("srcset")
        (caption,) = figure.iter("figcaption")
        assert text_of(caption) == f"Caption {language} Credit {language}"
        assert "whatever the editor typed" not in html

    def test_what_the_picker_inserts_places_the_figure_whatever_its_text(self, client):
        """Brackets and a closing backslash in the text alternative (a file path, say)
        would break the Markdown the picker writes: readers would see it as text."""
        image = make_image()
        image.translations.filter(language="fr").update(alt="Dossier [partagé] C:\\")
        version = make_article(versions={"fr": {
            "body": f"Avant.\n\n{image.markdown('fr')}\n\nAprès.",
        }}).versions.get()

        html = client.get(version.get_absolute_url()).content.decode()

        assert len(figures(html)) == 1
        assert "image:" not in html

    def test_a_decorative_image_has_an_empty_text_alternative(self, client):
        image = make_image(decorative=True)
        version = make_article(versions={"fr": {"body": f"![x](image:{image.pk})"}}
                               ).versions.get()

        (figure,) = figures(client.get(version.get_absolute_url()).content.decode())

        assert next(figure.iter("img")).get("alt") == ""

    def test_changed_texts_show_on_pages_already_seen(self, client, editor_client):
        """An editor changes an image's caption: the page of an article that shows it,
        already rendered (and kept per content state), shows the new caption."""
        image = make_image()
        version = make_article(versions={"en": {"body": f"![x](image:{image.pk})"}}
                               ).versions.get()
        assert "Caption en" in client.get(version.get_absolute_url()).content.decode()
        change = reverse("admin:images_image_change", args=[image.pk])
        data = rendered_form_data(editor_client.get(change))
        row = next(key for key, value in data.items()
                   if key.endswith("-language") and value == "en")
        data[row.replace("-language", "-caption")] = "A new caption"

        response = editor_client.post(change, data)

        assert response.status_code == 302, response.content.decode()[:3000]
        html = client.get(version.get_absolute_url()).content.decode()
        assert "A new caption" in html and "Caption en" not in html
        version.refresh_from_db()
        assert not version.is_revised

    def test_an_image_missing_from_the_library_is_a_form_error(self, editor_client):
        version = make_article(versions={"fr": {}}).versions.get()
        change = reverse("admin:articles_articletranslation_change", args=[version.pk])
        data = rendered_form_data(editor_client.get(change))
        data["body"] = "Texte.\n\n![Disparue](image:987654)"

        response = editor_client.post(change, data)

        assert response.status_code == 200
        assert "not in the image library: image:987654" in response.content.decode()
        assert ArticleTranslation.objects.get().body == "Some body."

    def test_figures_cost_the_article_page_no_query(
        self, client, django_assert_num_queries
    ):
        """Figures are derived when the version is saved: the page reads them with the body."""
        first = make_article(versions={"fr": {"slug": "premier"}}).versions.get()
        plain = make_article(versions={"fr": {"slug": "sans-image"}}).versions.get()
        shown = make_article(versions={"fr": {"slug": "avec-images", "body": (
            f"![a](image:{make_image().pk})\n\n![b](image:{make_image().pk})"
        )}}).versions.get()
        client.get(first.get_absolute_url())  # what every page loads once per process

        with CaptureQueriesContext(connection) as without_images:
            client.get(plain.get_absolute_url())
        with django_assert_num_queries(len(without_images)):
            html = client.get(shown.get_absolute_url()).content.decode()
        assert len(figures(html)) == 2


# Deleting --------------------------------------------------------------------------------


@pytest.mark.django_db
class TestDeleting:
    @pytest.mark.parametrize(("language", "refusal"), [
        ("en", "This image cannot be deleted"),
        ("fr", "Cette image ne peut pas être supprimée"),
    ])
    def test_an_image_shown_in_a_version_is_not_deleted(self, language, refusal):
        client = editor_client_in(language)
        image = make_image()
        version = make_article(versions={"fr": {
            "title": "Le port", "body": f"![x](image:{image.pk})"}}).versions.get()
        delete = reverse("admin:images_image_delete", args=[image.pk])

        page = client.get(delete)
        posted = client.post(delete, {"post": "yes"})

        html = page.content.decode()
        assert page.status_code == 200 and refusal in html
        change = reverse("admin:articles_articletranslation_change", args=[version.pk])
        assert re.search(rf'<a href="{change}">Le port \(fr\)</a>', html)
        assert posted.status_code == 200 and refusal in posted.content.decode()
        assert Image.objects.filter(pk=image.pk).exists()

    def test_the_bulk_action_refuses_too_and_names_the_versions(self, editor_client):
        shown, unused = make_image(), make_image()
        make_article(versions={"en": {"title": "The harbour",
                                      "body": f"![x](image:{shown.pk})"}})

        response = editor_client.post(
            reverse("admin:images_image_changelist"),
            action_post("delete_selected", [shown, unused], post="yes"),
        )

        html = response.content.decode()
        assert response.status_code == 200
        assert "These images cannot be deleted" in html and "The harbour (en)" in html
        assert Image.objects.count() == 2

    def test_an_image_no_longer_shown_can_be_deleted(self, editor_client):
        image = make_image()
        version = make_article(versions={"en": {"body": f"![x](image:{image.pk})"}}
                               ).versions.get()
        version.body = "No image any more."
        version.save()

        response = editor_client.post(
            reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"}
        )

        assert response.status_code == 302
        assert not Image.objects.exists() and not VersionImage.objects.exists()

    def test_an_author_is_not_told_which_drafts_of_others_show_an_image(self, db):
        """The image's page and the library's count name only versions the reader may
        see: another author's draft title would tell what that author is writing."""
        image = make_image()
        ada, bruno = make_author("Ada"), make_author("Bruno")
        make_article(authors=[ada], versions={"en": {
            "title": "Secret plan", "status": Status.DRAFT, "publish_at": None,
            "body": image.markdown("en")}})
        make_article(authors=[bruno], versions={"en": {
            "title": "Bruno's draft", "status": Status.DRAFT, "publish_at": None,
            "body": image.markdown("en")}})
        page = reverse("admin:images_image_change", args=[image.pk])
        listing = reverse("admin:images_image_changelist")
        bruno_client = Client(HTTP_ACCEPT_LANGUAGE="en")
        bruno_client.force_login(make_staff("Author", author=bruno))
        editor_client = editor_client_in("en")

        seen_by_bruno = bruno_client.get(page).content.decode()
        seen_by_editor = editor_client.get(page).content.decode()

        assert "Bruno&#x27;s draft" in seen_by_bruno and "Secret plan" not in seen_by_bruno
        assert "Secret plan" in seen_by_editor and "Bruno&#x27;s draft" in seen_by_editor
        assert "1 version" in bruno_client.get(listing).content.decode()
        assert "2 versions" in editor_client.get(listing).content.decode()

    def test_authors_do_not_delete_images(self, db):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(make_staff("Author"))
        image = make_image()

        response = client.post(
            reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"}
        )

        assert response.status_code == 403 and Image.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", language_codes())
def test_the_image_page_keeps_a_text_alternative_in_every_language(editor_client, language):
    image = make_image()
    change = reverse("admin:images_image_change", args=[image.pk])
    data = rendered_form_data(editor_client.get(change))
    row = next(key for key, value in data.items()
               if key.endswith("-language") and value == language)
    data[row.replace("-language", "-alt")] = ""

    refused = editor_client.post(change, data)
    data["decorative"] = "on"
    decorative = editor_client.post(change, data)

    assert refused.status_code == 200
    assert "Describe the image in this language, or mark it as decorative." in (
        refused.content.decode()
    )
    assert decorative.status_code == 302
    assert Image.objects.get().decorative


# The library's list ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_library_lists_thumbnails_and_finds_by_text(editor_client):
    harbour = make_image()
    harbour.translations.filter(language="en").update(caption="The harbour at dawn")
    make_image()

    listed = editor_client.get(reverse("admin:images_image_changelist")).content.decode()
    found = editor_client.get(
        reverse("admin:images_image_changelist") + "?q=harbour"
    ).content.decode()

    assert listed.count('class="pp-thumbnail"') == 2
    assert found.count('class="pp-thumbnail"') == 1 and "The harbour at dawn" in found
