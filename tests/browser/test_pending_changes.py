"""A change to a live article, in a real browser: an author prepares it while readers keep
the live text and sends it to review; an editor compares it with live and publishes it.
The new admin screens (the change form with pending changes, "Compare with live") pass
axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from articles.models import ArticleTranslation, PendingChange, Status
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import blocking_violations
from tests.factories import make_article, make_author, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIVE = "Les réseaux électriques tiennent encore."
REVISED = "Les réseaux électriques tiennent encore, mais la demande double."


@pytest.fixture
def newsroom():
    ines = make_author("Inès Moreau")
    article = make_article(authors=[ines], versions={
        "en": {"title": "The grid holds", "slug": "the-grid-holds",
               "standfirst": "What the grid can take.", "body": LIVE},
    })
    return {
        "version": article.versions.get(),
        "writer": make_staff("Author", author=ines, username="ines",
                             first_name="Inès", last_name="Moreau"),
        "editor": make_staff("Editor", username="camille"),
    }


def admin_ready(page: Page) -> None:
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(resolve => django.jQuery(resolve))")


def axe_clean(page: Page) -> None:
    found = blocking_violations(page)
    assert not found, "\n".join(found)


def shot(page: Page, step: str) -> None:
    screenshot(page, f"pending-changes-{step}")


def test_an_author_prepares_a_change_and_an_editor_compares_and_publishes_it(
    open_page, newsroom
):
    version = newsroom["version"]
    change_url = f"/admin/articles/articletranslation/{version.pk}/change/"

    # The author edits the body of the live version and saves.
    page = open_page(change_url, user=newsroom["writer"])
    admin_ready(page)
    expect(page.get_by_text("This version is live: readers see the published text.")
           ).to_be_visible()
    shot(page, "1-author-opens-the-live-version")
    page.get_by_role("textbox", name="Body").fill(REVISED)
    page.get_by_role("button", name="Save and continue editing").click()

    notice = page.locator(".pp-live-notice")
    expect(notice).to_contain_text("prepared by Inès Moreau, pending since")
    expect(page.get_by_role("textbox", name="Body")).to_have_value(REVISED)
    admin_ready(page)
    axe_clean(page)
    shot(page, "2-author-saved-pending-changes")

    # Readers, in a context of their own, still read the live text.
    reader = open_page("/en/articles/the-grid-holds/")
    expect(reader.locator("main")).to_contain_text(LIVE)
    expect(reader.locator("main")).not_to_contain_text(REVISED)
    expect(reader.locator("main")).not_to_contain_text("la demande double")
    shot(reader, "3-readers-keep-the-live-text")

    # The author sends the changes to review.
    page.locator(".pp-workflow").get_by_role(
        "button", name=re.compile("^Send changes to review")).click()
    expect(page.locator(".messagelist .success")).to_contain_text(
        "Send changes to review — done.")
    expect(page.locator(".pp-live-notice")).to_contain_text("in review")
    assert PendingChange.objects.get(version=version).status == Status.IN_REVIEW
    shot(page, "4-author-sent-changes-to-review")

    # The editor compares them with live and publishes them.
    editor = open_page(change_url, user=newsroom["editor"])
    editor.get_by_role("link", name=re.compile("^Compare with live")).click()
    expect(editor.locator("h1")).to_have_text("Compare with live")
    expect(editor.locator(".pp-diff ins")).to_contain_text([re.compile("demande")])
    axe_clean(editor)
    shot(editor, "5-editor-compares-with-live")
    editor.get_by_role("button", name="Publish changes").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("Publish changes — done.")
    expect(editor.locator(".pp-live-notice")).not_to_contain_text("Pending changes")
    shot(editor, "6-editor-published-the-changes")

    reader.reload()
    expect(reader.locator("main")).to_contain_text("la demande double")
    expect(reader.locator("main")).to_contain_text("Updated on")
    shot(reader, "7-readers-read-the-new-text")
    assert ArticleTranslation.objects.get(pk=version.pk).body == REVISED
