"""Admin pieces shared by the apps that keep one row of text per language."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html_join
from django.utils.translation import gettext

from core.languages import language_codes
from editorial.admin.base import NoLostEditsInline, VisibleChoices
from editorial.forms import SLUG_FIELDS, mark_text_language


class LanguageRowFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        mark_text_language(form)

    def get_unique_error_message(self, unique_check):
        if "language" in unique_check:
            return gettext("Each language can have only one version: remove the duplicate.")
        return super().get_unique_error_message(unique_check)


class LanguageRowInline(VisibleChoices, NoLostEditsInline, admin.StackedInline):
    """One form per language of settings.LANGUAGES, the missing ones offered empty."""

    formset = LanguageRowFormSet
    formfield_overrides = SLUG_FIELDS
    min_num = 0

    def get_extra(self, request, obj=None, **kwargs):
        return len(self._missing_languages(obj))

    def get_max_num(self, request, obj=None, **kwargs):
        return len(language_codes())

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        missing = [{"language": code} for code in self._missing_languages(obj)]

        class PrefilledFormSet(formset):
            def __init__(self, *args, **kwargs):
                kwargs.setdefault("initial", missing)
                super().__init__(*args, **kwargs)

        return PrefilledFormSet

    def _missing_languages(self, obj) -> list[str]:
        present = {row.language for row in obj.language_rows()} if obj else set()
        return [code for code in language_codes() if code not in present]


def languages_column(rows, show_status: bool = False):
    """A compact 'FR · EN' cell; with show_status, each language's status too."""
    by_language = {row.language: row for row in rows}
    cells = []
    for code in language_codes():
        row = by_language.get(code)
        if row is None:
            cells.append(("pp-lang pp-lang--missing", code.upper(), "—"))
        elif show_status:
            cells.append((f"pp-lang pp-lang--{row.effective_status()}", code.upper(),
                          row.effective_status_label()))
        else:
            cells.append(("pp-lang", code.upper(), "✓"))
    return format_html_join(
        " ", '<span class="{}"><strong>{}</strong> {}</span>', cells
    )
