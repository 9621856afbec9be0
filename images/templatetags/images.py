"""Responsive images: ``{% responsive_image field_file renditions alt=… %}``."""

from django import template
from django.core.files import File
from django.template import TemplateSyntaxError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from images.renditions import current_renditions

register = template.Library()

DEFAULT_SIZES = "100vw"
EXTRA_ATTRIBUTES = ("class", "id")


def _attributes(attrs: dict[str, object]) -> SafeString:
    """Render attributes in the order given, leaving out those whose value is None."""
    return format_html_join(
        "", ' {}="{}"', ((name, value) for name, value in attrs.items() if value is not None)
    )


def _dimensions(field_file: File) -> tuple[int | None, int | None]:
    try:
        return getattr(field_file, "width", None), getattr(field_file, "height", None)
    except (OSError, ValueError, TypeError):
        # A missing or damaged stored file must not take the page down.
        return None, None


@register.simple_tag
def responsive_image(
    field_file: File | None,
    renditions: dict | None = None,
    *,
    alt: str,
    sizes: str = DEFAULT_SIZES,
    loading: str = "lazy",
    **extra: str,
) -> SafeString:
    """Render ``field_file`` as a ``<picture>`` with WebP and JPEG ``srcset``.

    ``alt`` is required; ``alt=""`` marks a decorative image. ``loading="eager"`` is for the
    image above the fold and also asks for it with high priority. ``class`` and ``id`` go on
    the ``<img>``. Without current renditions, fall back to a plain ``<img>`` of the file;
    without a file, render nothing.
    """
    unknown = set(extra) - set(EXTRA_ATTRIBUTES)
    if unknown:
        raise TemplateSyntaxError(
            f"responsive_image got unexpected attributes: {', '.join(sorted(unknown))}"
        )
    if not field_file:
        return SafeString("")
    eager = loading == "eager"
    common = {
        "alt": "" if alt is None else alt,
        "loading": "eager" if eager else "lazy",
        "decoding": "async",
        "fetchpriority": "high" if eager else None,
        **{name: extra.get(name) or None for name in EXTRA_ATTRIBUTES},
    }
    rows = current_renditions(field_file, renditions)
    if not rows:
        width, height = _dimensions(field_file)
        return format_html(
            "<img{}>",
            _attributes({"src": field_file.url, "width": width, "height": height, **common}),
        )
    storage = field_file.storage
    webp_srcset = ", ".join(f"{storage.url(row.webp)} {row.width}w" for row in rows)
    jpeg_srcset = ", ".join(f"{storage.url(row.jpeg)} {row.width}w" for row in rows)
    largest = rows[-1]
    width, height = largest.width, largest.height
    img = {
        "src": storage.url(largest.jpeg),
        "srcset": jpeg_srcset,
        "sizes": sizes or None,
        "width": width,
        "height": height,
        **common,
    }
    return format_html(
        '<picture><source type="image/webp"{}><img{}></picture>',
        _attributes({"srcset": webp_srcset, "sizes": sizes or None}),
        _attributes(img),
    )
