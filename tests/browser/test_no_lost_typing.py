"""No typing is lost in the admin: workflow buttons save first, leaving asks, autosave.

The French interface, as the issue saw it: an editor types, then clicks "Publier maintenant"
before saving; closes the tab; follows a link away. The typing is in the standfirst and
title, which every version has (the body's own editor may draw its own box over it).
"""

import re
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import Page, expect

from articles.models import ArticleTranslation, Status
from editorial.models import Autosave
from tests.browser.conftest import screenshot, session_cookie
from tests.browser.test_accessibility import blocking_violations
from tests.factories import make_article, make_author, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TYPED = "Un chapeau tapé à l’instant, jamais enregistré avant le clic."


@pytest.fixture
def desk():
    """An article with a French and an English draft, and the editor who runs the day."""
    article = make_article(authors=[make_author("Inès Moreau")], versions={
        "fr": {"title": "Le réseau sous tension", "slug": "le-reseau-sous-tension",
               "status": Status.DRAFT, "publish_at": None,
               "standfirst": "Un premier chapeau.", "body": "## Un titre\n\nUn texte."},
        "en": {"title": "The grid under strain", "slug": "the-grid-under-strain",
               "status": Status.DRAFT, "publish_at": None,
               "standfirst": "A first standfirst.", "body": "## A heading\n\nA text."},
    })
    return {
        "article": article,
        "french": article.versions.get(language="fr"),
        "editor": make_staff("Editor", username="camille"),
        "page": f"/admin/articles/article/{article.pk}/change/",
    }


def version_form(page: Page, language: str):
    """A language version's inline form on the article page."""
    return page.locator(".inline-related:not(.empty-form)").filter(
        has=page.locator(f'select[name$="-language"] option[selected][value="{language}"]')
    )


def field(form, name: str):
    return form.locator(f'[name$="-{name}"]')


def workflow_of(page: Page, language: str):
    return page.locator(".pp-workflow").get_by_role(
        "region", name=re.compile(rf"\({language.upper()}\)$")
    )


def admin_ready(page: Page) -> None:
    """The admin's scripts have run and the page's 'load' has passed (the form's first
    state is taken then)."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(resolve => django.jQuery(resolve))")


def wait_for(condition, timeout: float = 15.0) -> None:
    """Wait for something the browser sends on its own (a copy of the typing)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the browser never sent it"
        time.sleep(0.2)


def test_an_accidental_publish_click_publishes_the_typing_with_it(open_page, desk):
    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)
    french = version_form(page, "fr")
    field(french, "standfirst").fill(TYPED)
    screenshot(page, "no-lost-typing-1-typed-not-saved")

    workflow_of(page, "fr").get_by_role("button", name=re.compile("^Publier maintenant")).click()

    expect(page.locator(".messagelist .success")).to_have_text([
        "Vos modifications de « Le réseau sous tension » sont enregistrées.",
        "« Le réseau sous tension » (FR) : Publier maintenant — fait.",
    ])
    expect(field(version_form(page, "fr"), "standfirst")).to_have_value(TYPED)
    screenshot(page, "no-lost-typing-2-saved-and-published")
    version = ArticleTranslation.objects.get(pk=desk["french"].pk)
    assert (version.status, version.standfirst) == (Status.PUBLISHED, TYPED)
    assert ArticleTranslation.objects.get(language="en").status == Status.DRAFT

    page.goto(version.get_absolute_url())
    expect(page.locator(".standfirst")).to_have_text(TYPED)
    screenshot(page, "no-lost-typing-3-public-page")


def test_without_javascript_the_click_saves_the_typing_too(browser, live_server, desk):
    """The buttons belong to the change form by HTML alone (their form attribute)."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                  java_script_enabled=False)
    try:
        context.add_cookies([session_cookie(desk["editor"], live_server.url)])
        page = context.new_page()
        page.goto(desk["page"])
        field(version_form(page, "en"), "standfirst").fill("Typed with scripts turned off.")

        workflow_of(page, "en").get_by_role(
            "button", name=re.compile("^Envoyer en relecture")).click()

        expect(page.locator(".messagelist .success")).to_have_count(2)
        version = ArticleTranslation.objects.get(language="en")
        assert (version.status, version.standfirst) == (
            Status.IN_REVIEW, "Typed with scripts turned off.")
    finally:
        context.close()


def test_an_invalid_form_keeps_the_typing_and_publishes_nothing(open_page, desk):
    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)
    french = version_form(page, "fr")
    field(french, "standfirst").fill(TYPED)
    field(french, "title").fill("")

    workflow_of(page, "fr").get_by_role("button", name=re.compile("^Publier maintenant")).click()

    expect(page.locator(".errornote")).to_be_visible()
    french = version_form(page, "fr")
    expect(french.locator(".errorlist")).to_contain_text("Ce champ est obligatoire.")
    expect(field(french, "standfirst")).to_have_value(TYPED)
    expect(page.locator(".messagelist .success")).to_have_count(0)
    # The publication time was not asked for: nothing to say about it.
    expect(page.locator(".pp-workflow .errorlist")).to_have_count(0)
    screenshot(page, "no-lost-typing-4-refused-with-errors")
    version = ArticleTranslation.objects.get(pk=desk["french"].pk)
    assert (version.status, version.standfirst) == (Status.DRAFT, "Un premier chapeau.")
    found = blocking_violations(page)
    assert not found, "\n".join(found)


def test_enter_in_a_field_saves_and_runs_no_workflow_step(open_page, desk):
    """The workflow buttons come first in the page: Enter must still mean "Save"."""
    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)
    field(version_form(page, "fr"), "title").fill("Le réseau, sous tension")

    with page.expect_navigation():
        field(version_form(page, "fr"), "title").press("Enter")

    version = ArticleTranslation.objects.get(pk=desk["french"].pk)
    assert (version.title, version.status) == ("Le réseau, sous tension", Status.DRAFT)


def test_leaving_with_unsaved_typing_asks_first(open_page, desk):
    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    # Nothing typed: the page is left without a question.
    page.get_by_role("link", name="Historique").click()
    expect(page).to_have_url(re.compile("/history/$"))
    assert dialogs == []

    page.go_back()
    admin_ready(page)
    field(version_form(page, "fr"), "standfirst").press_sequentially("Quelques mots. ")
    page.get_by_role("link", name="Historique").click()

    wait_for(lambda: dialogs == ["beforeunload"], timeout=5)
    # Staying keeps the page and the typing.
    expect(page).to_have_url(re.compile(r"/change/$"))
    expect(field(version_form(page, "fr"), "standfirst")).to_have_value(
        "Quelques mots. Un premier chapeau.")

    # Saving is not leaving.
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert dialogs == ["beforeunload"]


def test_typing_left_in_a_closed_tab_is_offered_back(open_page, desk):
    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)
    field(version_form(page, "fr"), "standfirst").fill(TYPED)

    # Closed well before the next timed copy: the one sent as the page goes is enough.
    page.close()
    wait_for(lambda: Autosave.objects.filter(user=desk["editor"]).exists())
    assert TYPED in Autosave.objects.get().fields.values()
    assert ArticleTranslation.objects.get(pk=desk["french"].pk).standfirst != TYPED

    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)
    offer = page.get_by_role("region", name="Texte non enregistré")
    expect(offer).to_be_visible()
    expect(field(version_form(page, "fr"), "standfirst")).to_have_value("Un premier chapeau.")
    screenshot(page, "no-lost-typing-5-offered-back")
    found = blocking_violations(page)
    assert not found, "\n".join(found)

    offer.get_by_role("button", name=re.compile("^Restaurer le texte saisi le")).click()

    expect(field(version_form(page, "fr"), "standfirst")).to_have_value(TYPED)
    expect(offer).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text="de retour")).to_be_focused()
    screenshot(page, "no-lost-typing-6-restored")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    assert ArticleTranslation.objects.get(pk=desk["french"].pk).standfirst == TYPED
    assert not Autosave.objects.exists()


def test_typing_is_copied_every_few_seconds_while_the_page_stays_open(open_page, desk):
    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)

    field(version_form(page, "en"), "standfirst").fill("Typed, and the laptop ran flat.")

    wait_for(lambda: Autosave.objects.exists(), timeout=15)
    assert "Typed, and the laptop ran flat." in Autosave.objects.get().fields.values()


def test_a_restored_copy_never_overwrites_a_colleagues_save_made_meanwhile(open_page, desk):
    """The copy keeps the marker of the page it was typed on: the save is refused."""
    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)
    # A colleague saves the French version after the editor opened the page…
    colleague = ArticleTranslation.objects.get(pk=desk["french"].pk)
    colleague.title = "Le titre de Dominique"
    colleague.save()
    # …and the editor types on, then the tab goes.
    field(version_form(page, "fr"), "standfirst").fill(TYPED)
    page.close()
    wait_for(lambda: Autosave.objects.exists())

    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)
    page.get_by_role("button", name=re.compile("^Restaurer le texte saisi le")).click()
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("après que vous l’avez ouvert")
    screenshot(page, "no-lost-typing-7-restored-then-conflict")
    version = ArticleTranslation.objects.get(pk=desk["french"].pk)
    assert (version.title, version.standfirst) == ("Le titre de Dominique", "Un premier chapeau.")


def test_discarding_the_copy_forgets_it(open_page, desk):
    Autosave.objects.create(
        user=desk["editor"], object_id=str(desk["article"].pk),
        content_type=ContentType.objects.get_for_model(desk["article"]),
        fields={"versions-0-standfirst": TYPED},
    )
    page = open_page(desk["page"], locale="fr-FR", user=desk["editor"])
    admin_ready(page)

    page.get_by_role("button", name="Abandonner").click()

    expect(page.get_by_role("status").filter(has_text="abandonné")).to_be_focused()
    wait_for(lambda: not Autosave.objects.exists(), timeout=5)
