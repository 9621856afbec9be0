"""An editor translates a French article with the French text beside the English fields,
sees the French changes made later, and runs the day from the admin's index."""

import re

import pytest
from playwright.sync_api import Page, expect

from articles.models import ArticleTranslation, Status
from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_accessibility import blocking_violations
from tests.factories import make_article, make_author, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE_FR = "Les modèles ouverts, deux ans après"
BODY_FR = (
    "## Le constat\n\nLes poids des modèles circulent librement depuis deux ans.\n\n"
    "## La suite\n\nLes laboratoires publient moins qu’avant."
)


@pytest.fixture
def desk():
    ines = make_author("Inès Moreau")
    article = make_article(authors=[ines], versions={"fr": {
        "title": TITLE_FR, "slug": "les-modeles-ouverts",
        "standfirst": "Ce que l’ouverture des poids a changé.", "body": BODY_FR,
        "status": Status.DRAFT, "publish_at": None,
    }})
    return {"editor": make_staff("Editor", username="camille"), "article": article}


def axe_clean(page: Page) -> None:
    # Once the admin's ready handlers, where the page has them, have set it up.
    page.evaluate("() => new Promise(resolve => window.django && django.jQuery"
                  " ? django.jQuery(resolve) : resolve())")
    found = blocking_violations(page)
    assert not found, "\n".join(found)


def source_of(page: Page, field: str, language: str = "FR"):
    """The read-only source text shown beside a field, found by its label."""
    label = {"title": "Title", "standfirst": "Standfirst", "body": "Body"}[field]
    return page.get_by_role("group", name=re.compile(rf"^{label} of the {language} source"))


def save_and_continue(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def test_an_editor_translates_with_the_source_beside(open_page, desk):
    editor = desk["editor"]

    # The day: the French article still lacks its English version.
    page = open_page("/admin/", user=editor)
    translations = page.get_by_role("region", name="Translations missing or stale")
    expect(translations).to_contain_text("1 article with no EN version")
    for heading in ("My drafts", "Waiting for review",
                    "Changes to live versions waiting for review", "Scheduled in the next 7 days",
                    "Planned articles due or overdue", "Recently published"):
        expect(page.get_by_role("heading", name=heading, level=2, exact=True)).to_be_visible()
    screenshot(page, "translating-1-the-day")
    axe_clean(page)

    # From the translation status, the English draft, copied from the French.
    translations.get_by_role("link", name="1 article with no EN version").click()
    page.get_by_role("button", name="Create the missing version").click()
    expect(page.locator(".messagelist .success")).to_contain_text("The EN version is ready")
    english = ArticleTranslation.objects.get(language="en")
    expect(page).to_have_url(re.compile(rf"/articletranslation/{english.pk}/change/$"))

    # Each English field has its French original beside it, read-only and in French.
    for field, shown in (("title", TITLE_FR), ("body", "Les laboratoires publient")):
        source = source_of(page, field)
        expect(source).to_be_visible()
        expect(source.locator("[lang=fr]")).to_contain_text(shown)
        expect(source.locator("input, textarea, select")).to_have_count(0)
    title, title_source = page.get_by_label("Title:"), source_of(page, "title")
    beside = title.bounding_box(), title_source.bounding_box()
    assert beside[1]["x"] > beside[0]["x"] + beside[0]["width"] - 1, "the source is beside"
    assert abs(beside[1]["y"] - beside[0]["y"]) < 40

    page.get_by_label("Title:").fill("Open models, two years on")
    page.get_by_label("Standfirst:").fill("What opening the weights changed.")
    page.get_by_label("Body:").fill(
        "## The finding\n\nModel weights have circulated freely for two years.\n\n"
        "## What next\n\nLaboratories publish less than before."
    )
    screenshot(page, "translating-2-english-beside-french")
    save_and_continue(page)
    expect(source_of(page, "title")).to_contain_text(TITLE_FR)
    expect(page.get_by_text("Translation may be out of date.")).to_have_count(0)
    axe_clean(page)
    english_url = page.url

    # On a phone, the source sits under its field.
    phone = open_page(english_url, user=editor, viewport=PHONE)
    field_box = phone.get_by_label("Title:").bounding_box()
    source_box = source_of(phone, "title").bounding_box()
    assert source_box["y"] >= field_box["y"] + field_box["height"] - 1, "stacked on a phone"
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(phone, "translating-3-phone-stacked")

    # Later, the French text is revised.
    french = ArticleTranslation.objects.get(language="fr")
    page.goto(f"/admin/articles/articletranslation/{french.pk}/change/")
    expect(page.get_by_role("group", name=re.compile("source"))).to_have_count(0)
    page.get_by_label("Body:").fill(BODY_FR.replace("deux ans", "trois ans").replace(
        "librement ", ""))
    save_and_continue(page)

    # The English form shows what changed in French since its translation.
    page.goto(english_url)
    expect(page.get_by_text("Translation may be out of date.")).to_be_visible()
    body = source_of(page, "body")
    expect(body).to_contain_text("changed since the translation")
    expect(body.locator("del")).to_have_text(["removed: librement ", "removed: deux"])
    expect(body.locator("ins")).to_have_text(["added: trois"])
    expect(source_of(page, "title")).not_to_contain_text("changed since the translation")
    screenshot(page, "translating-4-french-changes-marked")
    axe_clean(page)

    # The status page and the day flag the English version until it is brought up to date.
    page.goto("/admin/translations/")
    expect(page.locator("#outdated")).to_contain_text("Open models, two years on")
    page.goto("/admin/")
    stale = page.get_by_role("region", name="Translations missing or stale")
    expect(stale.get_by_role("link", name="Open models, two years on")).to_be_visible()
    screenshot(page, "translating-5-the-day-flags-the-translation")
    axe_clean(page)

    # The day in French.
    french_page = open_page("/admin/", user=editor, locale="fr-FR")
    expect(french_page.get_by_role("region", name="Traductions manquantes ou dépassées")
           ).to_contain_text("son original FR a changé depuis")
    screenshot(french_page, "translating-6-the-day-in-french")
    axe_clean(french_page)
