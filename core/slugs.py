"""The one rule that turns a title into a slug, on the server and in the admin's browser.

Words stay words: an apostrophe separates them as a space does ("l'IA" → "l-ia", not
"lia"), accents go ("modèles" → "modeles"), letters Unicode does not decompose are
spelled out ("cœur" → "coeur"). editorial/static/editorial/slugs.js follows the same rule
for the admin's slug fields, which fill themselves in from the title as the editor types.
"""

import re
import unicodedata

from django.utils.text import slugify

# Letters NFKD does not decompose, which slugify would otherwise drop ("cœur" → "cur").
TRANSLITERATION = {
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th",
}
# Apostrophes (typewriter, typographic, modifier letter) and the backtick.
APOSTROPHES = re.compile(r"['’‘ʼ`]")
_TRANSLATE = str.maketrans(TRANSLITERATION)


def slug_of(text: str, max_length: int | None = None) -> str:
    """The slug of `text`: lower-case ASCII letters and digits between hyphens."""
    text = APOSTROPHES.sub(" ", text.translate(_TRANSLATE))
    slug = slugify(unicodedata.normalize("NFKD", text))
    if max_length is not None:
        slug = slug[:max_length]
    return slug.strip("-_")
