"""Library images as the figures of a body (core.markdown's `figures` resolver)."""

from collections.abc import Collection

from django.template.loader import render_to_string

from images.models import Image

# The column of an article's text: as wide as the hero image.
BODY_IMAGE_SIZES = "(min-width: 50rem) 48rem, 100vw"


def figure_html(image: Image, language: str) -> str:
    """`image` as a <figure>: responsive, described and captioned in `language`."""
    text = image.in_language_or_any(language)
    context = {
        "image": image,
        "alt": "" if image.decorative or text is None else text.alt,
        "caption": text.caption if text else "",
        "credit": text.credit if text else "",
        "sizes": BODY_IMAGE_SIZES,
    }
    return render_to_string("images/figure.html", context).strip()


class LibraryFigures:
    """The figures of library images in `language`, fetched in two queries per body.

    After use, `shown` holds the ids of the images that exist, which the body shows.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self.shown: list[int] = []

    def __call__(self, ids: Collection[int]) -> dict[int, str]:
        images = Image.objects.filter(pk__in=list(ids)).prefetch_related("translations")
        figures = {image.pk: figure_html(image, self.language) for image in images}
        self.shown = [image_id for image_id in ids if image_id in figures]
        return figures
