"""Markdown for article bodies and author bios, rendered to sanitised HTML.

Editors write CommonMark with tables and strikethrough. Raw HTML in the source is
shown as text, never interpreted; the rendered HTML then goes through an allow-list
sanitiser (nh3) anyway, so a parser bug cannot put script on the page.

Images come from the site's own library only, never from a URL: a paragraph holding
nothing but ``![label](image:42)`` becomes the figure of image 42, as the caller's
``figures`` resolver builds it (the image, its text alternative, caption and credit are
managed in the admin; this module knows nothing of them). Any other ``![alt](url)``, and
a library image the resolver does not know, renders as its label, so nothing the editor
wrote is lost and no remote URL is fetched.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import nh3
from django.utils.html import linebreaks
from markdown_it import MarkdownIt
from markdown_it.token import Token

from core.slugs import slug_of
from core.text import CONTROL_CHARACTERS

logger = logging.getLogger(__name__)

# markdown-it-py is linear but slow on adversarial input, so bound what reaches it.
# 50,000 characters is about 8,000 words, a 35-minute read: about 0.1 s for a real
# article, and about a second for the worst garbage within both limits ("[*" then
# "*_" repeated). Models should validate against it.
MAX_SOURCE_CHARS = 50_000
# Each "[" may start a link label that is scanned ahead, at up to 75 µs apiece
# ("[*[*…"); 2,000 is a link every four words in a long article, and 0.15 s.
# Past either limit the source is shown as escaped plain paragraphs, losing nothing.
MAX_BRACKETS = 2_000

WORDS_PER_MINUTE = 220

# Keep anchors short enough to read in a URL; long headings still get unique ids.
MAX_ANCHOR_LENGTH = 80

# How a body names an image of the library: ![label](image:42).
_IMAGE_REFERENCE = re.compile(r"image:([1-9][0-9]{0,17})")

# Given the ids of the library images a body places, their figures' HTML by id; an id
# left out renders as its label.
FigureResolver = Callable[[Collection[int]], Mapping[int, str]]

_md = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
).enable(["table", "strikethrough"])

# Table alignment arrives as style="text-align:…"; drop it rather than allow inline
# styles, which a strict Content-Security-Policy would refuse anyway.
_sanitiser = nh3.Cleaner(
    tags={
        "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong",
        "code", "pre", "a", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "del",
        # Figures of library images, built by the caller's resolver: never from Markdown.
        "figure", "figcaption", "picture", "source", "img", "span",
    },
    attributes={
        "a": {"href", "title"},
        "ol": {"start"},
        "h2": {"id"},
        "h3": {"id"},
        "h4": {"id"},
        "figure": {"class"},
        "span": {"class"},
        "source": {"type", "srcset", "sizes"},
        "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    },
    url_schemes={"http", "https", "mailto"},
    # nh3 adds rel to every link, relative ones included; harmless, and it means no
    # link can open a window that reaches back through window.opener.
    link_rel="noopener noreferrer",
    strip_comments=True,
)

_SURROGATES = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Heading:
    """A section of a rendered document, for its table of contents.

    ``text`` is plain text, not HTML: let the template escape it.
    """

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class RenderedMarkdown:
    """Sanitised HTML, safe to ``mark_safe()``, with what a page shows beside it."""

    html: str
    headings: list[Heading]
    word_count: int


def render_markdown(source: str, *, figures: FigureResolver | None = None) -> RenderedMarkdown:
    """Render editor-written Markdown to sanitised HTML with anchored h2/h3 headings.

    ``# h1`` becomes h2 (the page's h1 is the title); ``####`` and deeper become h4
    without an anchor. A paragraph of one library image becomes the figure `figures`
    gives it (see the module's docstring). Never raises, whatever the input.
    """
    parsed = _parse(source)
    if figures is not None and parsed.images:
        parsed = _parse(source, figures)
    return RenderedMarkdown(
        html=parsed.html, headings=list(parsed.headings), word_count=len(parsed.text.split())
    )


def reading_minutes(word_count: int) -> int:
    """Return the reading time in whole minutes, rounded up, and at least one."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def plain_text(source: str) -> str:
    """Return the Markdown's text without markup, whitespace collapsed.

    The result is unescaped text for meta descriptions and search: escape it on output.
    Typed HTML stays as the text it is on the page.
    """
    return _parse(source).text


def image_references(source: str) -> list[int]:
    """The ids of the library images the Markdown names (``image:42``), in order, once each."""
    return list(_parse(source).images)


def headings_to_json(headings: Iterable[Heading]) -> list[dict[str, Any]]:
    """Return headings as JSON-ready dicts, for a model's JSONField."""
    return [{"level": h.level, "text": h.text, "anchor": h.anchor} for h in headings]


def headings_from_json(data: object) -> list[Heading]:
    """Return the headings stored by ``headings_to_json()``.

    Entries of the wrong shape are skipped, so a hand-edited field cannot break a page.
    """
    if not isinstance(data, list):
        return []
    headings = []
    for item in data:
        if not isinstance(item, dict):
            continue
        level, text, anchor = item.get("level"), item.get("text"), item.get("anchor")
        if level in (2, 3) and isinstance(text, str) and isinstance(anchor, str) and anchor:
            headings.append(Heading(level=level, text=text, anchor=anchor))
    return headings


@dataclass(frozen=True)
class _Parsed:
    html: str
    headings: tuple[Heading, ...]
    text: str
    images: tuple[int, ...] = ()


def _parse(source: str, figures: FigureResolver | None = None) -> _Parsed:
    source = _normalise(source)
    if len(source) > MAX_SOURCE_CHARS or source.count("[") > MAX_BRACKETS:
        return _unparsed(source)
    if figures is not None:
        # Figures show what the library holds now: never kept.
        return _parse_with_figures(source, figures)
    return _parse_markdown(source)


def _parse_with_figures(source: str, figures: FigureResolver | None = None) -> _Parsed:
    try:
        env: dict[str, Any] = {}
        tokens = _md.parse(source, env)
        images = _library_images(tokens)
        if figures is not None and images:
            _place_figures(tokens, figures(images))
        _replace_images_by_alt_text(tokens)
        _use_del_for_strikethrough(tokens)
        headings = _anchor_headings(tokens)
        html = _md.renderer.render(tokens, _md.options, env)
        text = " ".join(_tokens_as_text(tokens).split())
    except Exception:
        # A parser bug must not make an article impossible to save.
        logger.exception("Markdown rendering failed; showing the source as plain text.")
        return _unparsed(source)
    return _Parsed(
        html=_sanitiser.clean(html), headings=tuple(headings), text=text, images=tuple(images)
    )


# A save() usually wants both the HTML and the plain text of the same source: parse once.
_parse_markdown = functools.lru_cache(maxsize=16)(_parse_with_figures)


def _normalise(source: str) -> str:
    if not isinstance(source, str):
        source = "" if source is None else str(source)
    if _SURROGATES.search(source):
        # Pair up valid surrogate pairs and replace lone ones: nh3 only takes UTF-8.
        source = source.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    # Invalid in XML 1.0 (feeds, sitemaps) and never meaningful in prose (core.text).
    return CONTROL_CHARACTERS.sub("", source)


def _unparsed(source: str) -> _Parsed:
    return _Parsed(
        html=_sanitiser.clean(linebreaks(source, autoescape=True)),
        headings=(),
        text=" ".join(source.split()),
    )


def _library_image(token: Token) -> int | None:
    """The id of the library image an image token names, if it names one."""
    if token.type != "image":
        return None
    match = _IMAGE_REFERENCE.fullmatch(str(token.attrGet("src") or ""))
    return int(match.group(1)) if match else None


def _library_images(tokens: list[Token]) -> list[int]:
    found: dict[int, None] = {}
    for token in tokens:
        for child in token.children or []:
            image_id = _library_image(child)
            if image_id is not None:
                found[image_id] = None
    return list(found)


def _place_figures(tokens: list[Token], figures: Mapping[int, str]) -> None:
    """Put each known figure in place of the paragraph holding nothing but its image."""
    for index in range(len(tokens) - 2, 0, -1):
        opening, inline = tokens[index - 1], tokens[index]
        if opening.type != "paragraph_open" or inline.type != "inline":
            continue
        children = [
            child for child in inline.children or []
            if not (child.type == "text" and not child.content.strip())
            and child.type not in ("softbreak", "hardbreak")
        ]
        if len(children) != 1:
            continue
        figure = figures.get(_library_image(children[0]))
        if not figure:
            continue
        block = Token("html_block", "", 0, block=True, content=f"{figure}\n")
        tokens[index - 1:index + 2] = [block]


def _replace_images_by_alt_text(tokens: list[Token]) -> None:
    for token in tokens:
        if token.children:
            _replace_images_by_alt_text(token.children)
            token.children = [
                Token("text", "", 0, content=_inline_text(child.children or []))
                if child.type == "image"
                else child
                for child in token.children
            ]


def _use_del_for_strikethrough(tokens: list[Token]) -> None:
    # markdown-it renders <s>; struck-out copy in an article is a correction: <del>.
    for token in tokens:
        for child in token.children or []:
            if child.type in ("s_open", "s_close"):
                child.tag = "del"


def _anchor_headings(tokens: list[Token]) -> list[Heading]:
    headings: list[Heading] = []
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = min(max(int(token.tag[1]), 2), 4)
        token.tag = f"h{level}"
        # heading_open is always followed by its inline content and heading_close.
        tokens[index + 2].tag = token.tag
        if level == 4:
            continue
        text = " ".join(_inline_text(tokens[index + 1].children or []).split())
        anchor = _unique(_slug(text), used)
        token.attrSet("id", anchor)
        headings.append(Heading(level=level, text=text, anchor=anchor))
    return headings


def _slug(text: str) -> str:
    return slug_of(text, MAX_ANCHOR_LENGTH) or "section"


def _unique(slug: str, used: set[str]) -> str:
    anchor, number = slug, 1
    while anchor in used:
        number += 1
        anchor = f"{slug}-{number}"
    used.add(anchor)
    return anchor


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _tokens_as_text(tokens: list[Token]) -> str:
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts.append(_inline_text(token.children or []))
        elif token.type in ("code_block", "fence"):
            parts.append(token.content)
    # Separate blocks, so the last word of a paragraph never fuses with the next one.
    return " ".join(parts)
