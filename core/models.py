"""Shared shape of language-neutral objects and their per-language rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import current_language, language_choices
from core.text import clean_text_fields


class CleanText(models.Model):
    """A row whose text fields hold no control characters (core.text).

    The admin's forms validate the cleaned text (a title of control characters only is
    empty, so refused); every save, from any source, writes it cleaned (CoreConfig
    connects core.text.clean_text_before_saving to each subclass).
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        clean_text_fields(self)
        super().clean_fields(exclude=exclude)


class LanguageRow(CleanText):
    """One row of per-language text for a language-neutral parent."""

    language = models.CharField(_("language"), max_length=10, choices=language_choices)

    class Meta:
        abstract = True


class Translatable:
    """Picks the per-language row of a parent; uses prefetched rows when there are.

    The rows are the related manager named by LANGUAGE_ROWS: a series' or an author's
    texts ("translations"), an article's language versions ("versions").
    """

    LANGUAGE_ROWS = "translations"

    def language_rows(self) -> list:
        return list(getattr(self, self.LANGUAGE_ROWS).all())

    def in_language(self, language: str | None = None):
        """The row in `language` (the active one by default), or None."""
        language = language or current_language()
        return next((row for row in self.language_rows() if row.language == language), None)

    def in_language_or_any(self, language: str | None = None):
        """The row in `language`, else the first row there is (for labels in the admin)."""
        rows = self.language_rows()
        return self.in_language(language) or (rows[0] if rows else None)

    def languages(self) -> list[str]:
        return sorted(row.language for row in self.language_rows())
