"""The site's languages, read from settings.LANGUAGES and nowhere else."""

from django.conf import settings
from django.utils.translation import get_language


def language_choices() -> list[tuple[str, str]]:
    """Choices for a model field; a callable keeps migrations free of the list."""
    return list(settings.LANGUAGES)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def current_language() -> str:
    """The active language, or the default one where none is active (commands, shells)."""
    code = get_language() or settings.LANGUAGE_CODE
    return code if code in language_codes() else settings.LANGUAGE_CODE
