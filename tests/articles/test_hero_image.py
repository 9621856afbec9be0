"""A hero image on the article page: one marked decorative has an empty alt."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.factories import make_article


@pytest.mark.django_db
def test_decorative_hero_has_empty_alt():
    article = make_article(versions={"en": {"slug": "plain", "hero_alt": "ignored"}})
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), "navy").save(buffer, "JPEG")
    article.hero_image_decorative = True
    article.hero_image.save("x.jpg", SimpleUploadedFile("x.jpg", buffer.getvalue()))

    html = Client().get("/en/articles/plain/").content.decode()

    assert 'alt=""' in html
    assert "ignored" not in html
