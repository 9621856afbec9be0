"""Pages pass axe-core without serious violations, and the reading site works by keyboard."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.factories import make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = {"critical", "serious"}


def blocking_violations(page: Page) -> list[str]:
    """axe-core's critical and serious findings on the page, one line per element.

    axe runs every rule it enables by default: the WCAG A and AA rules and its best practices.
    """
    results = Axe().run(page)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} — "
        f"{node['target']} {node.get('failureSummary', '')!r}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def test_every_public_page_type_passes_axe_in_both_languages(open_page, page_types):
    """Home, lists, series, article, authors, tag, search, notices and 404, in fr and en."""
    found = []
    for language, pages in page_types.items():
        page = open_page(locale=language)
        for _name, path in pages:
            page.goto(path)
            found += blocking_violations(page)
    assert not found, "\n".join(found)


def test_the_article_change_page_passes_axe(open_page, page_types):
    """The page editors spend their day on, with both versions and the workflow panel."""
    from articles.models import Article

    editor = make_staff("Editor")
    article = Article.objects.get(part=1)
    page = open_page(f"/admin/articles/article/{article.pk}/change/", user=editor)
    expect(page.locator(".pp-workflow")).to_be_visible()
    # Check the page as editors use it: once the admin's ready handlers have set it up.
    page.evaluate("() => new Promise(resolve => django.jQuery(resolve))")
    expect(page.locator("#id_related_articles + .select2")).to_be_visible()
    found = blocking_violations(page)
    assert not found, "\n".join(found)


FOCUS_INDICATOR = """el => {
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
    const shadowed = style.boxShadow && style.boxShadow !== "none";
    const box = el.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0
        && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
    return {indicator: outlined || shadowed, onScreen,
            label: el.tagName + " " + (el.textContent || el.name || "").trim().slice(0, 60)};
}"""


def assert_focus_visible(page: Page) -> str:
    state = page.evaluate(f"({FOCUS_INDICATOR})(document.activeElement)")
    assert state["indicator"], f"No visible focus indicator on {state['label']}"
    assert state["onScreen"], f"The focused {state['label']} is off screen"
    return state["label"]


def tab_to(page: Page, target: Locator, limit: int = 60) -> None:
    """Press Tab until `target` has the focus, checking the focus is visible at each stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus in {limit} presses of Tab")


def test_a_reader_reads_searches_and_switches_language_by_keyboard(open_page, demo_site):
    """Skip link, a link in the article, the language switch and search, with Tab and Enter."""
    page = open_page("/en/articles/why-meta-gives-its-models-away/")

    # The first Tab shows the skip link; Enter jumps past the header.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))
    expect(page.locator("main")).to_be_focused()

    # From the main content, the next link is in the article: follow one to the next part.
    next_part = page.locator(".coming-next").get_by_role("link", name="Why is OpenAI so closed?")
    page.keyboard.press("Tab")
    expect(page.locator("main a").first).to_be_focused()
    assert_focus_visible(page)
    tab_to(page, next_part)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Why is OpenAI so closed?")

    # The language switch, in the header.
    tab_to(page, page.get_by_role("link", name="Français", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pourquoi OpenAI est-il si fermé ?")

    # Search from the header: type, Enter, then open a result.
    tab_to(page, page.get_by_role("search").get_by_role("searchbox"))
    page.keyboard.type("calcul")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/fr/recherche/\?q=calcul$"))
    first_result = page.locator(".search-result__title a").first
    expect(first_result).to_be_visible()
    title = first_result.inner_text()
    tab_to(page, first_result)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
