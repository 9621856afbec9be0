"""An editor writes an article's body with the Markdown editor: toolbar, preview, outline."""


import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from articles.models import Status
from core.markdown import MAX_SOURCE_CHARS, render_markdown
from tests.browser.conftest import DESK, session_cookie
from tests.browser.conftest import screenshot as keep_screenshot
from tests.browser.test_accessibility import blocking_violations, horizontal_scroll
from tests.factories import make_article, make_author, make_series, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TABLET = {"width": 768, "height": 1024}
LONG_PARAGRAPH = " ".join(["Les réseaux électriques suivent mal la demande."] * 40)


@pytest.fixture
def newsroom():
    ada = make_author("Ada Lovelace")
    article = make_article(series=make_series(), part=1, authors=[ada], versions={
        "fr": {"title": "Le calcul et le courant", "slug": "le-calcul-et-le-courant",
               "standfirst": "Ce que les centres de données demandent au réseau.",
               "body": "Un premier jet."},
        "en": {"title": "Computing and power", "slug": "computing-and-power",
               "status": Status.DRAFT, "publish_at": None, "body": ""},
    })
    return {
        "article": article,
        "french": article.versions.get(language="fr"),
        "english": article.versions.get(language="en"),
        "editor": make_staff("Editor", username="camille"),
    }


def shot(page: Page, step: str) -> None:
    keep_screenshot(page, f"markdown-editor-{step}")


def editor_of(page: Page, language: str | None = None):
    """The Markdown editor of the body of one language version (the only one by default)."""
    editors = page.locator(".pp-md--ready")
    if language is None:
        return editors
    return page.locator(".inline-related:not(.empty-form)").filter(
        has=page.locator(f'select[name$="-language"] option[selected][value="{language}"]')
    ).locator(".pp-md--ready")


def test_an_editor_writes_a_body_with_the_toolbar_and_sees_it_as_readers_will(
    open_page, newsroom
):
    """Heading, emphasis, link and list from the toolbar; preview, counts and outline follow."""
    french = newsroom["french"]
    page = open_page(f"/admin/articles/articletranslation/{french.pk}/change/",
                     locale="fr-FR", user=newsroom["editor"])
    editor = editor_of(page)
    expect(editor).to_have_count(1)
    body = editor.get_by_role("textbox", name="Corps")
    toolbar = editor.get_by_role("toolbar", name="Mise en forme")
    frame = editor.frame_locator("iframe")
    expect(frame.locator(".article__body")).to_have_text("Un premier jet.")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Le calcul et le courant")
    expect(editor.locator(".pp-md__words")).to_have_text("3 mots")
    expect(editor.locator(".pp-md__reading")).to_have_text("1 minute de lecture")
    shot(page, "1-opened")

    # A heading from the toolbar, then a paragraph with bold typed over the toolbar's marks.
    body.fill("")
    toolbar.get_by_role("button", name="Intertitre (H2)").click()
    page.keyboard.type("Une demande qui explose\n\nLes centres de données consomment ")
    toolbar.get_by_role("button", name="Gras").click()
    page.keyboard.type("sans cesse plus")
    page.keyboard.press("End")
    # Italic by keyboard alone: back to the toolbar, along it with the arrows, Enter.
    page.keyboard.type(", selon ")
    body.press("Shift+Tab")
    expect(toolbar.get_by_role("button", name="Intertitre (H2)")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Italique")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.type("les opérateurs")
    page.keyboard.press("End")
    page.keyboard.type(". Lire le rapport")
    # A link around words the editor selected; the address replaces the selected "url".
    for _ in range(len("le rapport")):
        page.keyboard.press("Shift+ArrowLeft")
    toolbar.get_by_role("button", name="Lien").click()
    page.keyboard.type("https://example.org/rapport")
    page.keyboard.press("End")
    page.keyboard.type(".\n\n")
    toolbar.get_by_role("button", name="Intertitre (H2)").click()
    page.keyboard.type("Ce que disent les chiffres\n\n")
    toolbar.get_by_role("button", name="Liste à puces").click()
    # Enter continues the list; Enter on an empty item ends it.
    page.keyboard.type("une consommation doublée\ndes contrats de dix ans\n\n\n")
    toolbar.get_by_role("button", name="Sous-titre (H3)").click()
    page.keyboard.type("Le détail")
    shot(page, "2-typed-with-the-toolbar")

    typed = body.input_value()
    assert typed.startswith(
        "## Une demande qui explose\n\nLes centres de données consomment **sans cesse plus**, "
        "selon _les opérateurs_. Lire [le rapport](https://example.org/rapport).\n\n"
        "## Ce que disent les chiffres\n\n"
    ), typed
    assert "\n\n- une consommation doublée\n- des contrats de dix ans\n\n### Le détail" in typed

    # The preview is the site's own rendering, in the public page's stylesheet.
    rendered = render_markdown(typed)
    expect(frame.get_by_role("heading", level=2)).to_have_text(
        ["Une demande qui explose", "Ce que disent les chiffres"]
    )
    expect(frame.locator("h2").first).to_have_attribute("id", "une-demande-qui-explose")
    expect(frame.locator("strong")).to_have_text("sans cesse plus")
    expect(frame.locator("em")).to_have_text("les opérateurs")
    expect(frame.get_by_role("link", name="le rapport")).to_have_attribute(
        "href", "https://example.org/rapport"
    )
    expect(frame.locator("ul > li")).to_have_text(
        ["une consommation doublée", "des contrats de dix ans"]
    )
    assert frame.locator(".article__body").evaluate("el => el.innerHTML") == rendered.html
    serif = frame.locator("h2").first.evaluate("el => getComputedStyle(el).fontFamily")
    assert "Iowan Old Style" in serif, serif
    assert frame.locator("html").get_attribute("lang") == "fr"

    # Word count and reading time by the public page's rule; the outline lists the headings.
    expect(editor.locator(".pp-md__words")).to_have_text(f"{rendered.word_count} mots")
    expect(editor.locator(".pp-md__reading")).to_have_text("1 minute de lecture")
    outline = editor.get_by_role("list", name="Plan")
    expect(outline.get_by_role("button")).to_have_text(
        ["Une demande qui explose", "Ce que disent les chiffres", "Le détail"]
    )
    shot(page, "3-preview-counts-outline")

    # A long paragraph more: the counts follow as the text grows.
    body.press("Control+End")
    page.keyboard.insert_text("\n\n" + LONG_PARAGRAPH)
    longer = render_markdown(body.input_value())
    expect(editor.locator(".pp-md__words")).to_have_text(f"{longer.word_count} mots")
    expect(editor.locator(".pp-md__reading")).to_have_text("2 minutes de lecture")

    # The outline takes the editor to a heading: the cursor to its line.
    outline.get_by_role("button", name="Ce que disent les chiffres").click()
    expect(body).to_be_focused()
    caret = body.evaluate("el => el.value.slice(el.selectionStart, el.selectionStart + 28)")
    assert caret == "## Ce que disent les chiffres"[:28]
    shot(page, "4-longer-text")

    found = blocking_violations(page)
    assert not found, "\n".join(found)

    # Saved, it is what readers get, with the same reading time: the version is live, and
    # the editor publishes the text directly rather than as pending changes.
    page.get_by_label("Publier directement (petite correction)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)
    french.refresh_from_db()
    assert french.body == body.input_value()
    assert french.word_count == longer.word_count
    page.goto(french.get_absolute_url())
    article = page.locator(".article__body")
    expect(article.get_by_role("heading", level=2)).to_have_text(
        ["Une demande qui explose", "Ce que disent les chiffres"]
    )
    expect(article.locator("strong")).to_have_text("sans cesse plus")
    expect(article.get_by_role("link", name="le rapport")).to_have_attribute(
        "href", "https://example.org/rapport"
    )
    expect(article.locator("ul > li")).to_have_count(2)
    expect(page.locator(".article__meta")).to_contain_text("2 minutes de lecture")
    shot(page, "5-public-page")


def test_each_version_of_the_article_page_has_its_editor_on_a_tablet(open_page, newsroom):
    """Several bodies on one page, each with its own preview; a 768 px screen, in English."""
    article = newsroom["article"]
    page = open_page(f"/admin/articles/article/{article.pk}/change/", locale="en-GB",
                     viewport=TABLET, user=newsroom["editor"])
    french, english = editor_of(page, "fr"), editor_of(page, "en")
    expect(french).to_have_count(1)
    expect(english).to_have_count(1)
    expect(page.locator(".empty-form .pp-md--ready")).to_have_count(0)
    expect(english.get_by_role("toolbar", name="Formatting")).to_be_visible()

    english.get_by_role("textbox", name="Body").click()
    english.get_by_role("button", name="Section heading (H2)").click()
    page.keyboard.type("Demand takes off")
    expect(english.frame_locator("iframe").locator("h2")).to_have_text("Demand takes off")
    expect(english.get_by_role("list", name="Outline").get_by_role("button")).to_have_text(
        ["Demand takes off"]
    )
    expect(english.locator(".pp-md__words")).to_have_text("3 words")
    # The French preview keeps its own text.
    expect(french.frame_locator("iframe").locator(".article__body")).to_have_text(
        "Un premier jet."
    )
    assert english.frame_locator("iframe").locator("html").get_attribute("lang") == "en"
    frames = page.locator(".pp-md__frame")
    titles = [frames.nth(index).get_attribute("title") for index in range(frames.count())]
    assert len(set(titles)) == len(titles), titles

    # Usable on a tablet: the page does not scroll sideways, the text area takes the
    # form's width (the more so with the admin's menu folded), and each button is a
    # finger's width.
    assert horizontal_scroll(page) <= 0
    box = english.get_by_role("textbox", name="Body").bounding_box()
    assert box["width"] >= 380 and box["height"] >= 380, box
    page.get_by_role("button", name="Toggle navigation").click()
    box = english.get_by_role("textbox", name="Body").bounding_box()
    assert box["width"] >= 650, box
    assert horizontal_scroll(page) <= 0
    for button in english.get_by_role("toolbar").get_by_role("button").all():
        size = button.bounding_box()
        assert size["width"] >= 40 and size["height"] >= 40, size
    english.scroll_into_view_if_needed()
    shot(page, "6-tablet-article-page")

    found = blocking_violations(page)
    assert not found, "\n".join(found)


def test_a_version_row_added_on_the_page_gets_its_editor(open_page, newsroom):
    """Rows the admin adds in the page (after one was removed) get a working editor too."""
    page = open_page("/admin/articles/article/add/", user=newsroom["editor"])
    rows = page.locator(".inline-related.dynamic-versions")
    expect(rows).to_have_count(len(settings.LANGUAGES))
    expect(page.locator(".pp-md--ready")).to_have_count(len(settings.LANGUAGES))
    rows.last.get_by_role("button", name="Remove").click()
    expect(page.locator(".pp-md--ready")).to_have_count(len(settings.LANGUAGES) - 1)
    page.get_by_role("button", name=re.compile("Add another language version", re.I)).click()
    expect(page.locator(".pp-md--ready")).to_have_count(len(settings.LANGUAGES))

    added = page.locator(".pp-md--ready").last
    body = added.get_by_role("textbox", name="Body")
    expect(body).to_have_attribute("id", re.compile(r"^id_versions-\d+-body$"))
    body.click()
    added.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("added in the page")
    expect(body).to_have_value("- added in the page")
    expect(added.frame_locator("iframe").locator("li")).to_have_text("added in the page")
    frames = page.locator(".pp-md__frame")
    titles = [frames.nth(index).get_attribute("title") for index in range(frames.count())]
    assert len(set(titles)) == len(titles), titles


def test_the_image_button_without_a_picker_inserts_a_template(open_page, newsroom):
    """With no image library wired to the field, the button writes the Markdown to fill in."""
    english = newsroom["english"]
    page = open_page(f"/admin/articles/articletranslation/{english.pk}/change/",
                     user=newsroom["editor"])
    body = page.get_by_role("textbox", name="Body")
    # A numbered list goes on counting.
    body.fill("")
    page.get_by_role("button", name="Numbered list").click()
    page.keyboard.type("one\ntwo\n\nafter")
    expect(body).to_have_value("1. one\n2. two\nafter")

    # The usual shortcuts work in the text: bold, italic, link.
    body.fill("")
    body.press("Control+b")
    page.keyboard.type("Before")
    page.keyboard.press("End")
    expect(body).to_have_value("**Before**")
    # An editor may use the image library: the button would open its picker (tested in
    # test_text_images.py). Without it, as for a login that may not:
    body.evaluate("el => el.removeAttribute('data-image-picker')")
    body.fill("Before. ")
    body.press("End")
    page.get_by_role("button", name="Image").click()
    expect(body).to_have_value("Before. ![text alternative](https://)")
    # The placeholder is selected: typing replaces it.
    page.keyboard.type("A dam at dawn")
    expect(body).to_have_value("Before. ![A dam at dawn](https://)")

    # Another script (the image picker) inserts Markdown at the cursor by an event: a
    # block of its own, as a figure is on the page.
    body.press("End")
    body.evaluate("""el => el.dispatchEvent(new CustomEvent("pp:insert-markdown",
        {detail: {text: "Inserted."}}))""")
    expect(body).to_have_value("Before. ![A dam at dawn](https://)\n\nInserted.")
    body.evaluate("el => el.setSelectionRange(7, 7)")
    body.evaluate("""el => el.dispatchEvent(new CustomEvent("pp:insert-markdown",
        {detail: {text: "![](image:1)"}}))""")
    expect(body).to_have_value(
        "Before.\n\n![](image:1)\n\n ![A dam at dawn](https://)\n\nInserted."
    )
    expect(page.frame_locator(".pp-md__frame").locator("p").last).to_have_text("Inserted.")

    # Over the size a version may have, the preview says why it stops following.
    body.evaluate("(el, length) => { el.value = 'a'.repeat(length); "
                  "el.dispatchEvent(new Event('input')); }", MAX_SOURCE_CHARS + 1)
    expect(page.get_by_role("status")).to_contain_text(
        f"Ensure this value has at most {MAX_SOURCE_CHARS} characters"
    )
    expect(page.frame_locator(".pp-md__frame").locator("p").last).to_have_text("Inserted.")


def test_without_javascript_the_plain_textarea_saves(browser, live_server, newsroom):
    """No script, no toolbar: the labelled textarea is the field, and saving works."""
    english = newsroom["english"]
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=DESK, locale="en-GB"
    )
    try:
        context.add_cookies([session_cookie(newsroom["editor"], live_server.url)])
        page = context.new_page()
        page.goto(f"/admin/articles/articletranslation/{english.pk}/change/")
        expect(page.get_by_role("toolbar")).to_have_count(0)
        body = page.get_by_role("textbox", name="Body")
        expect(body).to_be_visible()
        # As wide as the field's place in the form (beside the source, on a translation).
        field_width = page.locator(".pp-md").bounding_box()["width"]
        assert body.bounding_box()["width"] >= max(450, field_width - 2)
        body.fill("## Written without scripts\n\nStill saved.")
        shot(page, "7-without-javascript")
        page.get_by_role("button", name="Save and continue editing").click()
        expect(page.locator(".messagelist .success")).to_be_visible()
    finally:
        context.close()
    english.refresh_from_db()
    assert english.body == "## Written without scripts\n\nStill saved."
    assert english.headings[0]["text"] == "Written without scripts"
