"""The record of an image's renditions: written by make_renditions(), read here only.

An image field keeps, in a JSON field beside it, the renditions made from it::

    {"source": name, "width": W, "height": H,
     "renditions": [{"width": w, "height": h, "webp": name, "jpeg": name}, ...]}

Pages, metadata and the API read it through `current_renditions()`; what deletes or
archives the files reads `listed_files()`. A record made from another file (the image
was replaced) or of the wrong shape (edited by hand, restored from an old archive) reads
as no renditions: pages then fall back to the stored file itself.
"""

from dataclasses import dataclass

from django.core.files import File
from django.http import HttpRequest

from core.metadata import OgImage

RENDITION_KEYS = ("webp", "jpeg")
# Social networks show link previews about 1200 pixels wide.
OG_IMAGE_WIDTH = 1200


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    webp: str
    jpeg: str


def renditions_are_current(field_file: File | None, record: dict | None) -> bool:
    """True when `record` was made from the file now in `field_file`.

    Stored names are random and never reused, so the name identifies the file.
    """
    return bool(
        field_file
        and isinstance(record, dict)
        and record.get("renditions")
        and record.get("source") == field_file.name
    )


def current_renditions(field_file: File | None, record: dict | None) -> list[Rendition]:
    """The renditions of the file now in `field_file`, narrowest first; [] when none."""
    if not renditions_are_current(field_file, record):
        return []
    try:
        return sorted(
            (
                Rendition(int(row["width"]), int(row["height"]), str(row["webp"]),
                          str(row["jpeg"]))
                for row in record["renditions"]
            ),
            key=lambda rendition: rendition.width,
        )
    except (KeyError, TypeError, ValueError):
        return []


def listed_files(record: object) -> list[object]:
    """Every file name `record` lists, as stored: not always strings in a hostile record."""
    if not isinstance(record, dict):
        return []
    rows = record.get("renditions")
    names = []
    for row in rows if isinstance(rows, list) else ():
        if isinstance(row, dict):
            names += [row.get(key) for key in RENDITION_KEYS]
    return [name for name in names if name not in (None, "")]


def og_image(
    request: HttpRequest, field_file: File | None, record: dict | None, *, alt: str = "",
    caption: str = "", credit: str = "",
) -> OgImage | None:
    """The JPEG rendition nearest OG_IMAGE_WIDTH without exceeding it, if there is one.

    JPEG rather than WebP: not every social network reads WebP previews.
    """
    renditions = current_renditions(field_file, record)
    if not renditions:
        return None
    fitting = [rendition for rendition in renditions if rendition.width <= OG_IMAGE_WIDTH]
    chosen = fitting[-1] if fitting else renditions[0]
    url = request.build_absolute_uri(field_file.storage.url(chosen.jpeg))
    return OgImage(url, chosen.width, chosen.height, alt, caption=caption, credit=credit)
