from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from authors.models import Author, AuthorLink, AuthorTranslation
from core.languages import language_codes
from editorial.admin.language_rows import LanguageRowInline, languages_column
from editorial.recovery import RecoverableAdmin
from redirects.services import redirect_record_moves


class AuthorTranslationInline(LanguageRowInline):
    model = AuthorTranslation
    fields = ["language", "role", "bio"]


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 1
    fields = ["position", "label", "url"]


@admin.register(Author)
class AuthorAdmin(RecoverableAdmin):
    inlines = [AuthorTranslationInline, AuthorLinkInline]
    list_display = ["name", "honours", "languages", "updated_at"]
    search_fields = ["name", "honours"]
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "honours", "portrait", "website"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    def deleted_with(self, author):
        # Bylines of unpublished articles go with the author; recovery puts them back.
        return list(author.bylines.all())

    def save_model(self, request, obj, form, change):
        # The page's old address keeps answering in every language.
        saved = Author.objects.filter(pk=obj.pk).first()
        before = author_urls(saved) if saved else {}
        super().save_model(request, obj, form, change)
        redirect_record_moves(before=before, after=author_urls(obj))

    @admin.display(description=_("biographies"))
    def languages(self, author):
        return languages_column(author.translations.all())


def author_urls(author: Author) -> dict[str, str]:
    """The author's page in each language, by language code."""
    return {code: author.get_absolute_url(code) for code in language_codes()}
