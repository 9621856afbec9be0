"""An editor puts an image inside an article's text, with its caption and credit.

From the body field, the image button opens the image library's picker in a popup: the
editor uploads a picture with its texts in every language (or picks one already in the
library), it lands in the body, and once saved readers see a figure with its caption and
credit, in their language.
"""

import re
from pathlib import Path

import pytest
from PIL import Image as PillowImage
from PIL import ImageDraw
from playwright.sync_api import Page, expect

from articles.models import ArticleTranslation
from core.languages import language_codes
from images.models import Image
from tests.browser.conftest import loaded_width, screenshot
from tests.browser.test_accessibility import blocking_violations
from tests.factories import make_article, make_author, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TEXTS = {
    "fr": {"alt": "Trois pylônes électriques sur une colline au couchant",
           "caption": "Le réseau, premier fournisseur des centres de données",
           "credit": "Photo : Inès Moreau"},
    "en": {"alt": "Three power pylons on a hill at sunset",
           "caption": "The grid, first supplier of data centres",
           "credit": "Photo: Inès Moreau"},
}


def texts_in(language: str) -> dict:
    """The texts typed for a language; a language beyond French and English gets its own."""
    return TEXTS.get(language) or {
        name: f"{value} [{language}]" for name, value in TEXTS["en"].items()
    }


@pytest.fixture
def pylons_jpeg(tmp_path) -> Path:
    image = PillowImage.new("RGB", (1400, 800), (250, 214, 160))
    draw = ImageDraw.Draw(image)
    for index in range(3):
        left = 250 + index * 380
        draw.polygon([(left, 760), (left + 90, 200), (left + 180, 760)], fill=(40, 40, 60))
    path = tmp_path / "pylones.jpg"
    image.save(path, "JPEG", quality=85)
    return path


@pytest.fixture
def newsroom():
    article = make_article(authors=[make_author("Inès Moreau")], versions={
        "fr": {"title": "Le réseau électrique à l’épreuve", "slug": "reseau-a-l-epreuve",
               "body": "Les centres de données consomment beaucoup.\n\n## Le réseau\n\nIl suit."},
        "en": {"title": "The grid put to the test", "slug": "grid-put-to-the-test",
               "body": "Data centres use a lot.\n\n## The grid\n\nIt follows."},
    })
    return {"article": article, "editor": make_staff("Editor", username="camille")}


def open_picker(page: Page) -> Page:
    """Click the body's image button, as an editor does; the picker opens in a popup."""
    button = page.locator(".field-body").get_by_role(
        "button", name=re.compile("image", re.IGNORECASE)
    ).first
    expect(button).to_be_visible()
    with page.expect_popup() as opened:
        button.click()
    picker = opened.value
    picker.wait_for_load_state()
    expect(picker.locator("[data-image-picker-page]")).to_be_visible()
    return picker


def save_and_continue(page: Page) -> None:
    """Save the live version's text for readers at once (an editor's "publish directly")."""
    page.locator('input[name="publish_directly"]').check()
    page.locator('input[name="_continue"]').click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_an_editor_uploads_an_image_into_the_text_and_readers_see_its_figure(
    open_page, newsroom, pylons_jpeg
):
    versions = {v.language: v for v in newsroom["article"].versions.all()}
    editor = newsroom["editor"]

    # The French version, in the English admin: upload a new image with its texts.
    page = open_page(
        f"/admin/articles/articletranslation/{versions['fr'].pk}/change/", user=editor
    )
    body = page.locator("#id_body")
    body.click()
    body.press("Control+End")
    screenshot(page, "text-images-1-body-field")
    picker = open_picker(page)
    found = blocking_violations(picker)
    assert not found, "\n".join(found)
    screenshot(picker, "text-images-2-picker")

    picker.set_input_files("#id_file", str(pylons_jpeg))
    for language in language_codes():
        for name, value in texts_in(language).items():
            picker.locator(f"#id_{name}_{language}").fill(value)
    screenshot(picker, "text-images-3-picker-filled")
    with picker.expect_event("close"):
        picker.get_by_role("button", name="Upload and insert").click()

    image = Image.objects.get()
    expect(body).to_have_value(re.compile(re.escape(f"(image:{image.pk})")))
    screenshot(page, "text-images-4-inserted")
    save_and_continue(page)
    assert f"(image:{image.pk})" in ArticleTranslation.objects.get(pk=versions["fr"].pk).body

    # The English version, in the French admin: pick the same image from the library.
    page = open_page(
        f"/admin/articles/articletranslation/{versions['en'].pk}/change/", user=editor,
        locale="fr",
    )
    picker = open_picker(page)
    found = blocking_violations(picker)
    assert not found, "\n".join(found)
    choice = picker.get_by_role("button", name=re.compile(re.escape(TEXTS["fr"]["caption"])))
    screenshot(picker, "text-images-5-picker-library-fr")
    with picker.expect_event("close"):
        choice.click()
    save_and_continue(page)
    assert f"(image:{image.pk})" in ArticleTranslation.objects.get(pk=versions["en"].pk).body

    # Readers see the figure, described and captioned in their language.
    for language in ("fr", "en"):
        reader = open_page(versions[language].get_absolute_url(), locale=language)
        figure = reader.locator(".article__body figure.figure")
        expect(figure).to_have_count(1)
        picture = figure.locator("img")
        expect(picture).to_have_attribute("alt", TEXTS[language]["alt"])
        expect(picture).to_have_attribute("srcset", re.compile(r"480w"))
        expect(figure.locator("figcaption")).to_have_text(
            f"{TEXTS[language]['caption']} {TEXTS[language]['credit']}"
        )
        figure.scroll_into_view_if_needed()
        assert loaded_width(picture) > 0
        screenshot(reader, f"text-images-6-reader-{language}")

    # The library lists it with its thumbnail and the versions showing it.
    library = open_page("/admin/images/image/", user=editor)
    expect(library.locator("img.pp-thumbnail")).to_have_count(1)
    expect(library.locator("#result_list")).to_contain_text("2 versions")
    found = blocking_violations(library)
    assert not found, "\n".join(found)
    screenshot(library, "text-images-7-library")
