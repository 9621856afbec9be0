from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from powerplay.admin import LanguageRowInline, languages_column

from .models import Series, SeriesTranslation


class SeriesTranslationInline(LanguageRowInline):
    model = SeriesTranslation
    prepopulated_fields = {"slug": ("title",)}
    fields = ["language", "title", "slug", "blurb", "cover_alt"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    inlines = [SeriesTranslationInline]
    list_display = ["__str__", "languages", "article_count", "updated_at"]
    search_fields = ["translations__title", "translations__slug"]
    fields = ["cover_image"]
    ordering = ["created_at", "pk"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("translations")
            .annotate(article_count=Count("articles", distinct=True))
        )

    @admin.display(description=_("languages"))
    def languages(self, series):
        return languages_column(series.translations.all())

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, series):
        return series.article_count
