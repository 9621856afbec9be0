from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from powerplay.admin import LanguageRowInline, languages_column

from .models import Author, AuthorLink, AuthorTranslation


class AuthorTranslationInline(LanguageRowInline):
    model = AuthorTranslation
    fields = ["language", "role", "bio"]


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 1
    fields = ["position", "label", "url"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    inlines = [AuthorTranslationInline, AuthorLinkInline]
    list_display = ["name", "honours", "languages", "updated_at"]
    search_fields = ["name", "honours"]
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug", "honours", "portrait", "website"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("translations")

    @admin.display(description=_("biographies"))
    def languages(self, author):
        return languages_column(author.translations.all())
