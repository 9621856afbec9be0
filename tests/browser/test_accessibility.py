"""Pages pass axe-core without serious violations, and the reading site works by keyboard."""

import re
from datetime import UTC, date, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.factories import make_article, make_staff

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


def admin_ready(page: Page) -> None:
    """Wait for the admin's ready handlers: they set up the autocompletes, then name them."""
    page.evaluate("() => new Promise(resolve => django.jQuery(resolve))")


def test_the_article_add_page_passes_axe_with_its_fields_empty(open_page, demo_site):
    """Autocompletes without a choice yet are named by their label, or column and row."""
    editor = make_staff("Editor")
    page = open_page("/admin/articles/article/add/", user=editor)
    admin_ready(page)
    expect(page.get_by_role("combobox", name="Series", exact=True)).to_be_visible()
    expect(page.get_by_role("combobox", name="Author", exact=True)).to_have_count(1)
    found = blocking_violations(page)

    # A byline row added by the editor is named like the first one.
    page.get_by_role("button", name=re.compile("Add another author", re.I)).click()
    expect(page.get_by_role("combobox", name="Author", exact=True)).to_have_count(2)
    found += blocking_violations(page)
    assert not found, "\n".join(found)


def test_the_history_and_compare_pages_pass_axe(open_page, demo_site):
    """The compare form sits below the list of revisions, not behind the introduction."""
    import reversion

    from articles.models import Article

    editor = make_staff("Editor")
    article = Article.objects.get(part=1)
    for _save in range(2):
        with reversion.create_revision():
            reversion.set_user(editor)
            article.save()
            for version in article.versions.all():
                version.save()
    page = open_page(f"/admin/articles/article/{article.pk}/history/", user=editor)
    found = blocking_violations(page)

    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("columnheader", name=re.compile("^Older")).first).to_be_visible()
    found += blocking_violations(page)
    assert not found, "\n".join(found)


def calendar_month(editor) -> str:
    """A month with a publication and a plan, beside an overdue plan and an undated one."""
    from articles.models import Status

    planned = {"status": Status.PLANNED, "publish_at": None}
    make_article(versions={"fr": {"title": "Programmé", "status": Status.SCHEDULED,
                                  "publish_at": datetime(2031, 5, 14, 7, 0, tzinfo=UTC)}})
    make_article(target_date=date(2031, 5, 20), versions={"fr": {"title": "Prévu", **planned}})
    make_article(target_date=date(2020, 1, 6), versions={"en": {"title": "Late", **planned}})
    make_article(versions={"en": {"title": "Some day", **planned}})
    return "/admin/calendar/?month=2031-05"


def test_the_editorial_calendar_passes_axe(open_page, demo_site):
    """Entries are links among other words: they are underlined, not only coloured."""
    editor = make_staff("Editor")
    page = open_page(calendar_month(editor), user=editor)
    expect(page.locator(".pp-cal__agenda a")).to_have_count(2)
    found = blocking_violations(page)
    assert not found, "\n".join(found)


NARROW = {"width": 320, "height": 640}

SPLIT_WORDS = """grid => {
    const split = [];
    const walker = document.createTreeWalker(grid, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.textContent.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set([...range.getClientRects()].map(box => Math.round(box.top)));
            if (lines.size > 1) split.push(match[0]);
        }
    }
    return split;
}"""


def horizontal_scroll(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_admin_pages_fit_a_320_pixel_wide_screen(open_page, demo_site):
    """Share links, the parts of a series and the calendar reflow: no sideways scrolling."""
    from articles.models import Article, Status
    from editorial.models import ShareLink

    editor = make_staff("Editor")
    draft = make_article(versions={"fr": {"status": Status.DRAFT, "publish_at": None}})
    ShareLink.objects.create(version=draft.versions.get(), created_by=editor)
    series = Article.objects.get(part=1).series
    page = open_page(f"/admin/articles/article/{draft.pk}/change/", user=editor,
                     viewport=NARROW)
    expect(page.get_by_role("textbox", name=re.compile("^Share link"))).to_be_visible()
    assert horizontal_scroll(page) <= 0, "The change page with a share link is too wide"

    # A part left without a number is marked by more than a colour.
    page.goto(f"/admin/series/series/{series.pk}/reorder/")
    positions = page.get_by_role("spinbutton")
    positions.first.fill("")
    page.get_by_role("button", name="Save the order").click()
    expect(page.get_by_text("Enter a number")).to_be_visible()
    borders = [
        positions.nth(index).evaluate("el => parseFloat(getComputedStyle(el).borderTopWidth)")
        for index in (0, 1)
    ]
    assert borders[0] >= borders[1] + 1, f"The wrong number's border is not thicker: {borders}"
    assert horizontal_scroll(page) <= 0, "The order of the parts is too wide"

    # The month grid keeps its words whole; it may scroll within its own box.
    page.goto(calendar_month(editor))
    assert horizontal_scroll(page) <= 0, "The calendar is too wide"
    assert page.locator(".pp-cal__grid").evaluate(SPLIT_WORDS) == []


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
