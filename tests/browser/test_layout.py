"""Pages fit a phone and a desk: no sideways scrolling, nothing drawn over anything else.

Every public page type is photographed at both sizes under test-output/screenshots/, so a
person can look at them after each run.
"""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import DESK, PHONE, loaded_width, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"phone": PHONE, "desk": DESK}

# The article page's blocks, top to bottom; each selector may match several blocks.
ARTICLE_BLOCKS = [
    ".site-header", ".series-box", ".article__header .kicker", ".article__header h1",
    ".article__header .standfirst", ".byline", ".article__meta", ".hero", ".toc",
    ".article__body > *", ".tags", ".part-nav", ".coming-next", ".about-authors",
    ".read-more", ".site-footer",
]

OVERLAPS = """selectors => {
    const blocks = selectors.flatMap(selector => [...document.querySelectorAll(selector)]
        .map((el, index) => ({name: `${selector} #${index + 1}`,
                              box: el.getBoundingClientRect()}))
        .filter(block => block.box.width > 0 && block.box.height > 0));
    const overlaps = [];
    blocks.forEach((a, i) => blocks.slice(i + 1).forEach(b => {
        const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (width > 1 && height > 1) overlaps.push(`${a.name} overlaps ${b.name}`);
    }));
    return {count: blocks.length, overlaps};
}"""

# Text that does not fit its box, or sticks out of the box that holds it. Boxes made to
# scroll (code, tables) and text hidden for sighted readers are left alone.
OVERFLOWS = """() => {
    const TEXT = "h1, h2, h3, p, li, a, span, time, figure, img, picture, blockquote, dd, dt";
    const hidden = el => el.closest(".visually-hidden, .skip-link, [hidden]");
    const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    const found = [];
    for (const el of document.querySelectorAll(`main :is(${TEXT}), header :is(${TEXT}),
                                               footer :is(${TEXT})`)) {
        if (hidden(el) || el.closest("pre, table")) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        const describe = `${el.tagName.toLowerCase()}.${el.className} “${
            (el.textContent || el.alt || "").trim().slice(0, 40)}”`;
        if (getComputedStyle(el).display !== "inline" && !scrolls(el)
            && el.scrollWidth > el.clientWidth + 1) {
            found.push(`${describe} is wider than its box`);
        }
        const parent = el.parentElement.getBoundingClientRect();
        if (box.left < parent.left - 1 || box.right > parent.right + 1) {
            found.push(`${describe} sticks out of its ${el.parentElement.tagName.toLowerCase()}`);
        }
        if (box.left < -1 || box.right > document.documentElement.clientWidth + 1) {
            found.push(`${describe} leaves the window`);
        }
    }
    return found;
}"""


def horizontal_scroll(page: Page) -> int:
    """How many pixels the page can be scrolled sideways (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
def test_the_article_page_fits_without_scrolling_sideways_or_overlapping(
    open_page, demo_site, size
):
    """At 390×844 and 1280×900: every block in its own place, every line in its box."""
    for path in ["/fr/articles/pourquoi-meta-distribue-ses-modeles/",
                 "/en/articles/why-meta-gives-its-models-away/"]:
        page = open_page(path, viewport=SIZES[size])
        assert loaded_width(page.locator(".hero img")) > 0

        assert horizontal_scroll(page) <= 0
        blocks = page.evaluate(OVERLAPS, ARTICLE_BLOCKS)
        assert blocks["count"] >= 15, "The article page lost some of its blocks"
        assert not blocks["overlaps"], "\n".join(blocks["overlaps"])
        overflows = page.evaluate(OVERFLOWS)
        assert not overflows, "\n".join(overflows)


@pytest.mark.parametrize("size", SIZES)
def test_every_public_page_type_fits_and_is_photographed(open_page, page_types, size):
    """Each page type in both languages: no sideways scroll, a screenshot for people."""
    too_wide = []
    for language, pages in page_types.items():
        page = open_page(locale=language, viewport=SIZES[size])
        for name, path in pages:
            page.goto(path)
            # Lazy images load before the picture is taken.
            page.evaluate("""() => Promise.all([...document.images].map(img => {
                img.loading = "eager";
                return img.complete ? null : new Promise(done => img.onload = img.onerror = done);
            }))""")
            screenshot(page, f"{size}-{language}-{name}")
            if horizontal_scroll(page) > 0:
                too_wide.append(f"{path} scrolls sideways by {horizontal_scroll(page)} px")
            too_wide += [f"{path}: {problem}" for problem in page.evaluate(OVERFLOWS)]
    assert not too_wide, "\n".join(too_wide)
