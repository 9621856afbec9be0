"""An editor writes, translates, schedules, publishes and revises an article in the admin."""

import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from articles.models import ArticleTranslation, Status
from tests.browser.conftest import loaded_width, screenshot
from tests.factories import make_author, make_series, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long editor passphrase"
EDITOR_TIME_ZONE = "America/Toronto"
TITLE_FR = "Le nucléaire, batterie des centres de données"
TITLE_EN = "Nuclear power, the data centres' battery"


@pytest.fixture
def newsroom():
    series = make_series(
        fr={"title": "Énergie et calcul", "slug": "energie-et-calcul",
            "blurb": "ce que l’IA demande aux réseaux électriques"},
        en={"title": "Energy and computing", "slug": "energy-and-computing",
            "blurb": "what AI asks of power grids"},
    )
    make_author("Inès Moreau")
    make_author("Tomasz Nowak")
    editor = make_staff("Editor", username="camille")
    editor.set_password(PASSWORD)
    editor.save()
    editor.editor_profile.time_zone = EDITOR_TIME_ZONE
    editor.editor_profile.save()
    return {"series": series, "editor": editor}


@pytest.fixture
def hero_jpeg(tmp_path) -> Path:
    """A real photograph-sized JPEG, as an editor's camera or image bank gives them."""
    image = Image.new("RGB", (1600, 900), (236, 228, 210))
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate([(32, 86, 122), (196, 145, 52), (60, 110, 80)]):
        draw.rectangle((200 + index * 420, 150, 560 + index * 420, 750), fill=colour)
    path = tmp_path / "centrale.jpg"
    image.save(path, "JPEG", quality=85)
    return path


def pick(page: Page, select_id: str, typed: str, choice: str) -> None:
    """Choose in an admin autocomplete (select2) widget, as a person does: click, type, pick."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=choice).click()
    expect(page.locator(f"#{select_id} + .select2")).to_contain_text(choice)


def workflow_of(page: Page, language: str):
    """The workflow block of one language version, a region named after the language."""
    return page.locator(".pp-workflow").get_by_role(
        "region", name=re.compile(rf"\({language.upper()}\)$")
    )


def version_form(page: Page, language: str):
    """The language version's inline form, wherever the admin put it in the page."""
    return page.locator(".inline-related:not(.empty-form)").filter(
        has=page.locator(f'select[name$="-language"] option[selected][value="{language}"]')
    )


def field(form, name: str):
    return form.locator(f'[name$="-{name}"]')


def save_and_continue(page: Page) -> None:
    # The change page comes back at the same address: wait for the new document.
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("successfully")
    expect(page.locator(".errornote")).to_have_count(0)


def test_an_editor_takes_an_article_from_draft_to_revised(open_page, newsroom, hero_jpeg):
    """Log in, write both versions with an image, preview, schedule, publish, edit, restore."""
    page = open_page("/admin/", locale="en-GB")
    page.get_by_label("Username").fill("camille")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("camille")

    # A new article in the series, signed by two authors in order.
    page.get_by_role("row", name="Articles Add Change").get_by_role("link", name="Add").click()
    pick(page, "id_series", "Energy", "Energy and computing")
    page.get_by_label("Part").fill("1")
    page.locator("#id_bylines-0-position").fill("1")
    pick(page, "id_bylines-0-author", "Inès", "Inès Moreau")
    page.get_by_role("button", name=re.compile("Add another author", re.I)).click()
    page.locator("#id_bylines-1-position").fill("2")
    pick(page, "id_bylines-1-author", "Tomasz", "Tomasz Nowak")

    # The French version, with the hero image uploaded through the file input.
    page.locator("#id_hero_image").set_input_files(hero_jpeg)
    french = version_form(page, "fr")
    field(french, "status").select_option(Status.DRAFT)
    field(french, "title").fill(TITLE_FR)
    field(french, "title").press("Tab")
    expect(field(french, "slug")).to_have_value("le-nucleaire-batterie-des-centres-de-donnees")
    field(french, "standfirst").fill(
        "Les géants du numérique signent des contrats avec des centrales."
    )
    field(french, "body").fill(
        "## Une demande qui explose\n\nLes centres de données consomment sans cesse plus.\n\n"
        "## Le retour de l’atome\n\nUne centrale fournit un courant stable, jour et nuit.\n"
    )
    field(french, "hero_alt").fill("Trois tours de refroidissement, en couleurs.")
    field(french, "tags").fill("énergie, centres de données")
    # Only the French version for now: the English form stays untouched.
    save_and_continue(page)
    change_url = page.url
    version_fr = ArticleTranslation.objects.get(title=TITLE_FR)
    assert version_fr.article.hero_image
    assert [line.author.name for line in version_fr.article.bylines.all()] == [
        "Inès Moreau", "Tomasz Nowak"
    ]
    assert version_fr.article.versions.count() == 1

    # The English version, added on the change page.
    english = version_form(page, "en")
    field(english, "status").select_option(Status.DRAFT)
    field(english, "title").fill(TITLE_EN)
    field(english, "title").press("Tab")
    expect(field(english, "slug")).to_have_value("nuclear-power-the-data-centres-battery")
    field(english, "standfirst").fill(
        "Technology giants are signing contracts with power stations."
    )
    field(english, "body").fill("## Demand takes off\n\nData centres use more every year.\n")
    field(english, "hero_alt").fill("Three cooling towers, in colour.")
    save_and_continue(page)
    assert version_fr.article.versions.count() == 2

    # Preview the French version as readers will see it.
    workflow_of(page, "fr").get_by_role("link", name="Preview as readers will see it").click()
    # The page speaks the version's language, banner included.
    expect(page.locator(".preview-banner")).to_contain_text("Aperçu — non publié")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_FR)
    hero = page.locator(".hero img")
    expect(hero).to_have_attribute("alt", "Trois tours de refroidissement, en couleurs.")
    assert loaded_width(hero) > 0
    screenshot(page, "editor-preview")
    page.go_back()

    # Schedule it, three days ahead at 09:30 in the editor's own time zone.
    local = timezone.localtime(timezone.now(), ZoneInfo(EDITOR_TIME_ZONE)) + timedelta(days=3)
    when = local.replace(hour=9, minute=30, second=0, microsecond=0)
    french = workflow_of(page, "fr")
    french.get_by_label("Publish at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    french.get_by_role("button", name="Schedule (French)", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("(FR): Schedule — done.")
    expect(workflow_of(page, "fr")).to_contain_text(
        re.compile(r"scheduled · publish time .* 9:30 a\.m\.")
    )
    version_fr.refresh_from_db()
    assert version_fr.status == Status.SCHEDULED
    assert version_fr.publish_at == when

    # The editorial calendar shows it on its day, at its time.
    page.goto(f"/admin/calendar/?month={when:%Y-%m}")
    day = page.locator(".pp-cal__day", has=page.get_by_role("link", name=TITLE_FR))
    expect(day.locator(".pp-cal__number")).to_have_text(re.compile(rf"^{when.day}\b"))
    expect(day).to_contain_text("9:30")
    screenshot(page, "editor-calendar")

    # Publish both versions now.
    page.goto(change_url)
    workflow_of(page, "fr").get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist .success")).to_contain_text("(FR): Publish now — done.")
    workflow_of(page, "en").get_by_role("button", name="Publish now").click()
    expect(page.locator(".messagelist .success")).to_contain_text("(EN): Publish now — done.")

    # Readers see it on the public site, with its image, byline and series.
    version_form(page, "fr").get_by_role("link", name="View on site").click()
    public_fr = "/fr/articles/le-nucleaire-batterie-des-centres-de-donnees/"
    expect(page).to_have_url(re.compile(f"{public_fr}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_FR)
    expect(page.locator(".byline")).to_have_text("Par Inès Moreau et Tomasz Nowak")
    expect(page.locator(".series-box")).to_contain_text("Énergie et calcul")
    assert loaded_width(page.locator(".hero img")) > 0
    expect(page.locator(".preview-banner")).to_have_count(0)
    page.get_by_role("link", name="English", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)

    # Two edits after publication, each published directly for readers: a standfirst
    # fix, then an unwanted title change.
    page.goto(change_url)
    field(version_form(page, "fr"), "standfirst").fill(
        "Les géants du numérique signent de longs contrats avec des centrales nucléaires."
    )
    field(version_form(page, "fr"), "publish_directly").check()
    save_and_continue(page)
    field(version_form(page, "fr"), "title").fill("Un titre qui ne devait pas rester")
    field(version_form(page, "fr"), "publish_directly").check()
    save_and_continue(page)
    page.goto(public_fr)
    expect(page.get_by_role("heading", level=1)).to_have_text("Un titre qui ne devait pas rester")

    # Restore the revision before the title change, from the history.
    page.goto(change_url)
    page.get_by_role("link", name="History").click()
    revisions = page.locator("#change-history tbody tr")
    expect(revisions).to_have_count(4)
    # Oldest first: the first of the two direct publications is the standfirst fix.
    revisions.filter(has_text="Published directly (small fix)").first.get_by_role(
        "link").click()
    expect(page).to_have_url(re.compile(r"/history/[0-9]+/$"))
    expect(field(version_form(page, "fr"), "title")).to_have_value(TITLE_FR)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(public_fr)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_FR)
    expect(page.locator(".standfirst")).to_have_text(
        "Les géants du numérique signent de longs contrats avec des centrales nucléaires."
    )
