"""Shared shape of language-neutral objects and their per-language rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import current_language, language_choices


class LanguageRow(models.Model):
    """One row of per-language text for a language-neutral parent."""

    language = models.CharField(_("language"), max_length=10, choices=language_choices)

    class Meta:
        abstract = True


class Translatable:
    """Picks the per-language row of a parent; uses prefetched rows when there are."""

    def translation(self, language: str | None = None):
        language = language or current_language()
        for row in self.translations.all():
            if row.language == language:
                return row
        return None

    def any_translation(self, language: str | None = None):
        """The row in `language`, else the first row there is (for labels in the admin)."""
        rows = list(self.translations.all())
        language = language or current_language()
        for row in rows:
            if row.language == language:
                return row
        return rows[0] if rows else None

    def languages(self) -> list[str]:
        return sorted(row.language for row in self.translations.all())
