"""The hero image's caption (per language) and credit (shared) under it and in JSON-LD."""

import io

import html5lib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.languages import language_codes
from tests.factories import make_article
from tests.pages import Head, get


def with_hero(article, credit="Photo: Jane Doe / Agency"):
    buffer = io.BytesIO()
    Image.new("RGB", (1300, 700), "navy").save(buffer, "JPEG")
    article.hero_credit = credit
    article.hero_image.save("x.jpg", SimpleUploadedFile("x.jpg", buffer.getvalue()))
    return article


def hero_caption(html: str) -> str:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    (hero,) = [figure for figure in document.iter("figure") if figure.get("class") == "hero"]
    captions = list(hero.iter("figcaption"))
    return " ".join("".join(captions[0].itertext()).split()) if captions else ""


@pytest.mark.django_db
@pytest.mark.parametrize("language", language_codes())
def test_the_hero_caption_and_credit_are_under_the_image_and_in_structured_data(language):
    article = with_hero(make_article(versions={
        code: {"slug": f"hero-{code}", "hero_alt": f"Alt {code}",
               "hero_caption": f"The bay at dawn ({code})"}
        for code in language_codes()
    }))
    version = article.versions.get(language=language)

    _response, html = get(version.get_absolute_url())

    assert hero_caption(html) == f"The bay at dawn ({language}) Photo: Jane Doe / Agency"
    (image,) = Head(html).node("Article")["image"]
    assert image["creditText"] == "Photo: Jane Doe / Agency"
    assert image["copyrightHolder"] == "Photo: Jane Doe / Agency"
    assert image["caption"] == f"The bay at dawn ({language})"


@pytest.mark.django_db
def test_without_caption_or_credit_there_is_no_empty_figcaption():
    with_hero(make_article(versions={"en": {"slug": "bare", "hero_alt": "A bay"}}),
                        credit="")

    _response, html = get("/en/articles/bare/")

    assert hero_caption(html) == ""
    (image,) = Head(html).node("Article")["image"]
    assert "creditText" not in image and "copyrightHolder" not in image
