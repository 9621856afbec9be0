"""Article bodies and bios render from Markdown to safe, anchored HTML."""

import re
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from core import markdown
from core.markdown import (
    MAX_BRACKETS,
    MAX_SOURCE_CHARS,
    Heading,
    headings_from_json,
    headings_to_json,
    plain_text,
    reading_minutes,
    render_markdown,
)

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "ol": {"start"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "code", "pre",
    "a", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "del",
}
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class Collector(HTMLParser):
    """Parse HTML as a browser would, keeping its elements and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def parse(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


def text_of(html: str) -> str:
    return " ".join(parse(html).text.split())


def tags(html: str) -> list[str]:
    return [tag for tag, _attrs in parse(html).elements]


def links(html: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in parse(html).elements if tag == "a"]


def assert_inert(html: str) -> None:
    for tag, attrs in parse(html).elements:
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()), (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            # Browsers ignore whitespace and control characters inside a scheme.
            scheme = urlsplit(re.sub(r"[\x00-\x20]", "", href)).scheme.lower()
            assert scheme in SAFE_SCHEMES, href


# Headings and anchors


def test_headings_get_ascii_anchors_and_are_listed_in_document_order():
    """Each h2/h3 carries an ASCII id built from its text; the list follows the body."""
    rendered = render_markdown(
        "## Rendre le concurrent gratuit\n\ntext\n\n"
        "### L’argument de la sécurité\n\n"
        "## Le cœur du problème\n"
    )
    assert rendered.headings == [
        Heading(2, "Rendre le concurrent gratuit", "rendre-le-concurrent-gratuit"),
        Heading(3, "L’argument de la sécurité", "l-argument-de-la-securite"),
        Heading(2, "Le cœur du problème", "le-coeur-du-probleme"),
    ]
    ids = [attrs["id"] for tag, attrs in parse(rendered.html).elements if tag in ("h2", "h3")]
    assert ids == [h.anchor for h in rendered.headings]
    assert all(anchor.isascii() for anchor in ids)


def test_duplicate_and_empty_headings_get_unique_anchors():
    """Repeated titles get -2, -3; a heading without letters falls back to "section"."""
    rendered = render_markdown(
        "## Intro\n## Intro\n## Intro 2\n## Intro\n## ???\n## 🙂\n"
    )
    assert [h.anchor for h in rendered.headings] == [
        "intro", "intro-2", "intro-2-2", "intro-3", "section", "section-2",
    ]


def test_heading_levels_fit_under_the_page_title():
    """A body's h1 becomes h2 (the title is the page's h1); h4 and deeper become h4."""
    rendered = render_markdown("# One\n\n## Two\n\n### Three\n\n#### Four\n\n###### Six\n")
    assert tags(rendered.html) == ["h2", "h2", "h3", "h4", "h4"]
    assert [(h.level, h.text) for h in rendered.headings] == [
        (2, "One"), (2, "Two"), (3, "Three"),
    ]
    h4s = [attrs for tag, attrs in parse(rendered.html).elements if tag == "h4"]
    assert h4s == [{}, {}]


def test_setext_heading_is_demoted_too():
    """An underlined title is an h1 in Markdown, and becomes h2 like '#'."""
    rendered = render_markdown("Title\n=====\n")
    assert tags(rendered.html) == ["h2"]
    assert rendered.headings == [Heading(2, "Title", "title")]


def test_heading_text_is_plain_text():
    """The table of contents gets text without markup; the template escapes it."""
    rendered = render_markdown("## *Pourquoi* `gratuit` & <b>libre</b>\n")
    assert rendered.headings[0].text == "Pourquoi gratuit & <b>libre</b>"
    assert rendered.headings[0].anchor == "pourquoi-gratuit-blibreb"


def test_very_long_heading_gets_a_bounded_anchor():
    """An anchor stays short enough to read in a URL."""
    rendered = render_markdown("## " + "mot " * 100)
    assert 0 < len(rendered.headings[0].anchor) <= 80
    assert not rendered.headings[0].anchor.endswith("-")


# Sanitising

HOSTILE_SOURCES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=\"alert(1)\">",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<svg onload=alert(1)></svg>",
    "<style>body{display:none}</style><!-- hidden -->",
    "<div onclick=\"alert(1)\">\n\n*inside a raw block*\n\n</div>",
    "Inline <span style=\"color:red\" onmouseover=\"alert(1)\">html</span>.",
    "<a href=\"javascript:alert(1)\">raw link</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](&#106;avascript:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:image/png;base64,iVBORw0KGgo=)",
    "<javascript:alert(1)>",
    "[x]\n\n[x]: javascript:alert(1)",
    "[a](http://x \"\\\" onmouseover=alert(1))",
    "[a](http://x \"\\\" onmouseover=alert(1)\")",
    "[a](http://x 'x' onmouseover='alert(1)')",
    "![x](javascript:alert(1))",
    "![x\" onerror=\"alert(1)](http://example.org/a.png)",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "`<script>alert(1)</script>`",
]


@pytest.mark.parametrize("source", HOSTILE_SOURCES)
def test_hostile_markdown_renders_inert(source):
    """No script, frame, image, event handler, style or unsafe URL reaches the page."""
    assert_inert(render_markdown(source).html)


def test_raw_html_is_shown_as_text():
    """HTML typed in a body reads as what the editor typed, not as markup."""
    rendered = render_markdown("Avant <script>alert(1)</script> après <b>gras</b>")
    assert tags(rendered.html) == ["p"]
    assert text_of(rendered.html) == "Avant <script>alert(1)</script> après <b>gras</b>"


def test_link_title_cannot_break_out_of_its_attribute():
    """A quote in a link title stays inside the title."""
    rendered = render_markdown("[a](http://x.example \"\\\" onmouseover=alert(1)\")")
    [link] = links(rendered.html)
    assert link["href"] == "http://x.example"
    assert link["title"] == "\" onmouseover=alert(1)"
    assert set(link) == {"href", "title", "rel"}


@pytest.mark.parametrize("url", [
    "http://example.org/page",
    "https://example.org/page?q=1&r=2",
    "mailto:redaction@example.org",
])
def test_http_and_mailto_links_survive_with_noopener(url):
    """Links to other sites keep their address and cannot reach back to the page."""
    [link] = links(render_markdown(f"[lien]({url})").html)
    assert link["href"] == url
    assert {"noopener", "noreferrer"} <= set((link["rel"] or "").split())
    assert "target" not in link


@pytest.mark.parametrize("url", ["/fr/series/", "#largument-de-la-securite", "../autre"])
def test_relative_and_fragment_links_survive(url):
    """Links within the site, and to a section, keep their address."""
    [link] = links(render_markdown(f"[ici]({url})").html)
    assert link["href"] == url


def test_links_with_other_schemes_lose_their_address():
    """The text of a tel: or ftp: link stays, but it links nowhere."""
    rendered = render_markdown("[appeler](tel:+33100000000) [ftp](ftp://example.org)")
    assert [link.get("href") for link in links(rendered.html)] == [None, None]
    assert text_of(rendered.html) == "appeler ftp"


def test_images_render_as_their_alt_text():
    """Only the hero image is shown: a body image becomes its description."""
    rendered = render_markdown("Voir ![un *graphique* des prix](https://example.org/a.png).")
    assert "img" not in tags(rendered.html)
    assert text_of(rendered.html) == "Voir un graphique des prix."
    assert "example.org" not in rendered.html


# Formatting


def test_emphasis_strikethrough_and_code_render():
    """Bold, italic, struck-out and code text keep their formatting."""
    rendered = render_markdown("**gras** *italique* ~~barré~~ `code`\n\n```\nbloc\n```\n")
    assert tags(rendered.html) == ["p", "strong", "em", "del", "code", "pre", "code"]


def test_lists_quotes_and_rules_render():
    """Lists keep their numbering; quotes and rules render."""
    rendered = render_markdown("3. trois\n4. quatre\n\n- a\n- b\n\n> cité\n\n---\n")
    elements = parse(rendered.html).elements
    assert ("ol", {"start": "3"}) in elements
    assert [tag for tag, _ in elements] == [
        "ol", "li", "li", "ul", "li", "li", "blockquote", "p", "hr",
    ]


def test_tables_render_without_inline_styles():
    """Tables render; column alignment is dropped rather than allowing style attributes."""
    rendered = render_markdown("| Pays | Part |\n|:--|--:|\n| France | 12 % |\n")
    assert tags(rendered.html) == [
        "table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td",
    ]
    assert_inert(rendered.html)


def test_markdown_characters_in_text_are_escaped():
    """Ampersands and angle brackets in prose display literally."""
    rendered = render_markdown("AT&T < Orange > SFR")
    assert text_of(rendered.html) == "AT&T < Orange > SFR"
    assert "&amp;" in rendered.html


# Words, reading time, plain text


def test_word_count_counts_the_words_readers_see():
    """Markup and link addresses are not words; French elisions count as one."""
    rendered = render_markdown(
        "## Titre\n\nL’argument **est** [simple](https://example.org/a/b/c).\n\n- un\n- deux\n"
    )
    assert rendered.word_count == 6


@pytest.mark.parametrize(("words", "minutes"), [
    (0, 1), (1, 1), (220, 1), (221, 2), (1100, 5), (2201, 11),
])
def test_reading_minutes(words, minutes):
    """Reading time is at least a minute, at about 220 words a minute, rounded up."""
    assert reading_minutes(words) == minutes


def test_plain_text_strips_markup_and_collapses_whitespace():
    """Meta descriptions and search get the words without Markdown or HTML markup."""
    source = (
        "# Titre\n\nDu **gras**,   de l’*italique*\net un [lien](https://example.org).\n\n"
        "> Une citation\n\n- un\n- deux\n\n![image](https://example.org/a.png)\n\n"
        "| a | b |\n|---|---|\n| c | d |\n\n```\ncode  ici\n```\n"
    )
    assert plain_text(source) == (
        "Titre Du gras, de l’italique et un lien. Une citation un deux image "
        "a b c d code ici"
    )


def test_plain_text_keeps_typed_html_as_text():
    """Typed HTML is text, as on the page; whoever outputs it escapes it."""
    assert plain_text("a <b>b</b> &amp; c") == "a <b>b</b> & c"


# Robustness


PATHOLOGICAL_SOURCES = [
    pytest.param("[" * 50_000, id="open-brackets"),
    pytest.param("[*" * MAX_BRACKETS + "*_" * 23_000, id="worst-within-limits"),
    pytest.param("![" * MAX_BRACKETS + "|\n" * 23_000, id="images-and-tables"),
    pytest.param("> " * 10_000, id="nested-quotes"),
    pytest.param("![" * 25_000, id="open-images"),
    pytest.param("*a" * 25_000, id="emphasis"),
    pytest.param("- " * 25_000, id="nested-lists"),
    pytest.param("[a" * 12_000 + "]" * 12_000, id="nested-links"),
    pytest.param("[" * 1_000_000, id="megabyte-of-brackets"),
    pytest.param("*" * 1_000_000, id="megabyte-of-stars"),
    pytest.param("|a" * 1_000 + "\n" + "|-" * 1_000 + "\n" + "|a" * 1_000, id="wide-table"),
    pytest.param("a\x00b\x01c\x7f", id="control-characters"),
    pytest.param("lone \ud800 surrogate \udfff", id="lone-surrogates"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("source", PATHOLOGICAL_SOURCES)
def test_pathological_input_renders_quickly(source):
    """Any string renders, without error, in bounded time."""
    started = time.perf_counter()
    rendered = render_markdown(source)
    text = plain_text(source)
    assert time.perf_counter() - started < 5
    assert_inert(rendered.html)
    assert isinstance(text, str)
    rendered.html.encode("utf-8")  # Ready to store and serve: no lone surrogates.


def test_control_characters_are_dropped_and_surrogates_repaired():
    """NUL and other control characters vanish; a lone surrogate becomes U+FFFD."""
    rendered = render_markdown("a\x00b \ud83d\ude00 \ud800")
    assert text_of(rendered.html) == "ab 😀 \ufffd"
    assert plain_text("x\x00y\x08z") == "xyz"


def test_overlong_source_is_shown_as_escaped_paragraphs():
    """Past the size limit nothing is parsed, but nothing the editor wrote is lost."""
    source = "## Pas un titre <script>\n\n" + "mot " * (MAX_SOURCE_CHARS // 4)
    rendered = render_markdown(source)
    assert rendered.headings == []
    assert tags(rendered.html) == ["p", "p"]
    assert text_of(rendered.html).startswith("## Pas un titre <script>")
    assert rendered.word_count == 5 + MAX_SOURCE_CHARS // 4
    assert plain_text(source).startswith("## Pas un titre <script> mot mot")


def test_source_full_of_brackets_is_shown_as_escaped_text():
    """Thousands of "[" are not prose: they are shown as typed instead of parsed."""
    source = "[lien](https://example.org) " * (MAX_BRACKETS + 1)
    rendered = render_markdown(source)
    assert links(rendered.html) == []
    assert text_of(rendered.html) == source.strip()


def test_a_parser_failure_falls_back_to_escaped_text(monkeypatch, caplog):
    """A bug in the Markdown library cannot make an article impossible to save."""

    def broken(*args, **kwargs):
        raise RecursionError

    markdown._parse_markdown.cache_clear()
    monkeypatch.setattr(markdown._md, "parse", broken)
    rendered = render_markdown("**gras** <i>x</i>")
    assert tags(rendered.html) == ["p"]
    assert text_of(rendered.html) == "**gras** <i>x</i>"
    assert plain_text("**gras**") == "**gras**"
    assert "Markdown" in caplog.text


# Storage


def test_headings_round_trip_through_json():
    """Headings stored in a JSONField come back unchanged."""
    headings = render_markdown("## Un\n### Deux\n## Un\n").headings
    assert headings_from_json(headings_to_json(headings)) == headings
    assert headings_to_json(headings)[2] == {"level": 2, "text": "Un", "anchor": "un-2"}


@pytest.mark.parametrize("data", [
    None, {}, "oops", [None, 3, {"level": 1, "text": "x", "anchor": "x"},
                       {"level": 2, "text": "x"}, {"level": 3, "text": 4, "anchor": "a"}],
])
def test_malformed_stored_headings_are_ignored(data):
    """A damaged stored table of contents shows no entries rather than an error page."""
    assert headings_from_json(data) == []
