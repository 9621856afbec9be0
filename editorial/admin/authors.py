from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from authors.models import Author, AuthorLink, AuthorTranslation
from editorial.admin.base import ContentAdmin
from editorial.admin.language_rows import LanguageRowInline, languages_column
from editorial.forms import CleanTextForm


class AuthorTranslationInline(LanguageRowInline):
    model = AuthorTranslation
    fields = ["language", "role", "bio"]


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    form = CleanTextForm
    extra = 1
    fields = ["position", "label", "url"]


@admin.register(Author)
class AuthorAdmin(ContentAdmin):
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

    @admin.display(description=_("biographies"))
    def languages(self, author):
        return languages_column(author.translations.all())
