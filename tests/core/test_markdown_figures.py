"""Library images in Markdown: ![label](image:42) alone in its paragraph is a figure."""

from core.markdown import image_references, plain_text, render_markdown

FIGURE = (
    '<figure class="figure"><picture><source type="image/webp" srcset="/m/a.webp 480w">'
    '<img src="/m/a.jpg" srcset="/m/a.jpg 480w" sizes="100vw" alt="A bay" width="480" '
    'height="300" loading="lazy" decoding="async"></picture>'
    '<figcaption><span class="figure__caption">Dawn</span> '
    '<span class="figure__credit">Photo: Jane</span></figcaption></figure>'
)


def resolver(known: dict[int, str]):
    asked = []

    def figures(ids):
        asked.append(list(ids))
        return {image_id: known[image_id] for image_id in ids if image_id in known}

    figures.asked = asked
    return figures


def test_a_paragraph_of_one_library_image_becomes_its_figure():
    figures = resolver({42: FIGURE})

    html = render_markdown("Intro.\n\n![anything](image:42)\n\nEnd.", figures=figures).html

    assert html == f"<p>Intro.</p>\n{FIGURE}\n<p>End.</p>\n"
    assert figures.asked == [[42]]


def test_the_figure_survives_the_sanitiser_but_not_what_it_does_not_allow():
    hostile = FIGURE.replace('loading="lazy"', 'onerror="alert(1)" loading="lazy"').replace(
        '<img src="/m/a.jpg"', '<img src="javascript:alert(1)"'
    )

    html = render_markdown("![x](image:1)", figures=resolver({1: hostile})).html

    assert "onerror" not in html and "javascript:" not in html
    assert "<figcaption>" in html and "<picture>" in html


def test_without_a_resolver_or_an_unknown_image_the_label_is_shown():
    source = "![A bay at dawn](image:7)"

    assert render_markdown(source).html == "<p>A bay at dawn</p>\n"
    assert render_markdown(source, figures=resolver({})).html == "<p>A bay at dawn</p>\n"


def test_an_image_inside_a_sentence_or_from_a_url_stays_text():
    figures = resolver({3: FIGURE})

    html = render_markdown(
        "See ![the chart](image:3) here.\n\n![remote](https://example.org/x.png)",
        figures=figures,
    ).html

    assert html == "<p>See the chart here.</p>\n<p>remote</p>\n"


def test_the_body_names_its_library_images_once_each_in_order():
    source = "![a](image:5)\n\n![b](image:2)\n\n![c](image:5)\n\n`![d](image:9)`\n\n![e](image:x)"

    assert image_references(source) == [5, 2]
    assert plain_text(source) == "a b c ![d](image:9) e"
