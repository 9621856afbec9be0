"""Hero images through the admin: checked, re-encoded, rendered responsively.

How the public page shows a hero image marked decorative: tests/articles/test_hero_image.py.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import Article
from editorial.services import version_publish
from tests.factories import article_form


def jpeg_with_gps(width=1300, height=800) -> bytes:
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif.get_ifd(0x8825)[2] = (48.0, 51.0, 24.0)  # GPSLatitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(data: bytes, name: str = "../../etc/passwd photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_article(client, image, *, decorative=False, alt="Une photo", **extra):
    data = article_form(versions=[{"language": "fr", "slug": "avec-image"}]) | {
        "hero_image": image,
        "versions-0-hero_alt": alt,
        **extra,
    }
    if decorative:
        data["hero_image_decorative"] = "on"
    return client.post(reverse("admin:articles_article_add"), data)


@pytest.mark.django_db
class TestHeroUpload:
    def test_upload_is_re_encoded_without_metadata_with_renditions(self, editor_client):
        response = post_article(editor_client, upload(jpeg_with_gps()))

        assert response.status_code == 302
        article = Article.objects.get()
        assert "passwd" not in article.hero_image.name
        assert article.hero_image.name.startswith("articles/")
        with article.hero_image.open("rb") as stored, Image.open(stored) as image:
            assert image.format == "JPEG"
            assert not image.getexif()
        widths = [row["width"] for row in article.hero_renditions["renditions"]]
        assert widths == [480, 800, 1200, 1300]

    @pytest.mark.parametrize(("payload", "name", "message"), [
        (b"plain words, not pixels", "notes.jpg", "This file is not an image"),
        (b"%PDF-1.4 a report", "report.jpg", "PDF files are not accepted"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.svg", "SVG images"),
        (b"GIF89a" + b"\x00" * 40, "anim.gif", "GIF files are not accepted"),
    ], ids=["text", "pdf", "svg", "gif"])
    def test_refused_upload_is_a_form_error_and_nothing_is_saved(
        self, editor_client, payload, name, message
    ):
        response = post_article(editor_client, upload(payload, name))

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Article.objects.exists()

    def test_alt_text_is_required_in_each_language_unless_decorative(self, editor_client):
        missing_alt = post_article(editor_client, upload(jpeg_with_gps()), alt="")
        decorative = post_article(editor_client, upload(jpeg_with_gps()), alt="",
                                  decorative=True)

        assert missing_alt.status_code == 200
        assert "Describe the hero image in this language, or mark it as decorative." in (
            missing_alt.content.decode()
        )
        assert decorative.status_code == 302
        assert Article.objects.get().hero_image_decorative


    def test_alt_text_cannot_be_blanked_on_the_versions_own_page(self, editor_client):
        post_article(editor_client, upload(jpeg_with_gps()), alt="Un graphique")
        version = Article.objects.get().versions.get()
        url = reverse("admin:articles_articletranslation_change", args=[version.pk])
        data = {"article": version.article_id, "language": "fr", "title": version.title,
                "slug": version.slug, "standfirst": "", "body": "", "tags": "",
                "hero_alt": " ", "loaded_version": version.updated_at.isoformat()}

        response = editor_client.post(url, data)

        assert response.status_code == 200
        assert "Describe the hero image in this language" in response.content.decode()
        version.refresh_from_db()
        assert version.hero_alt == "Un graphique"


@pytest.mark.django_db
def test_article_page_serves_renditions_with_srcset_and_alt(editor_client, editor):
    post_article(editor_client, upload(jpeg_with_gps()), alt="Un graphique")
    article = Article.objects.get()
    version_publish(version=article.versions.get(), by=editor)

    html = Client().get("/fr/articles/avec-image/").content.decode()

    assert '<source type="image/webp"' in html
    assert "480w" in html and "1200w" in html
    assert 'alt="Un graphique"' in html
    assert 'width="1300"' in html and 'height="800"' in html
