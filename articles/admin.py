from django.conf import settings
from django.contrib import admin
from django.db.models import Exists, Min, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from powerplay.admin import LanguageRowFormSet, LanguageRowInline, languages_column
from series.models import SeriesTranslation

from .models import PUBLIC_STATUSES, Article, ArticleAuthor, ArticleTranslation, Status


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author"]
    verbose_name = _("author")
    verbose_name_plural = _("byline, in order")


class ArticleTranslationFormSet(LanguageRowFormSet):
    def clean(self):
        super().clean()
        article = self.instance
        if not article.hero_image or article.hero_image_decorative:
            return
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if not (form.cleaned_data.get("hero_alt") or "").strip():
                form.add_error(
                    "hero_alt",
                    _("Describe the hero image in this language, or mark it as decorative."),
                )


class ArticleTranslationInline(LanguageRowInline):
    model = ArticleTranslation
    formset = ArticleTranslationFormSet
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = [
        (None, {"fields": ["language", "status", "publish_at", "title", "slug"]}),
        (None, {"fields": ["standfirst", "body", "hero_alt", "tags"]}),
        (
            _("Republication"),
            {"fields": ["source_name", "source_url", "source_licence"], "classes": ["collapse"]},
        ),
    ]

    def get_view_on_site_url(self, obj=None):
        if obj is not None and obj.pk and obj.is_published():
            return obj.get_absolute_url()
        return None


class VersionFilter(admin.SimpleListFilter):
    """Shared base: filters on the language versions, one row at a time."""

    def versions(self, request):
        versions = ArticleTranslation.objects.filter(article=OuterRef("pk"))
        language = request.GET.get(LanguageFilter.parameter_name)
        if language:
            versions = versions.filter(language=language)
        return versions


class LanguageFilter(VersionFilter):
    title = _("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return settings.LANGUAGES

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Exists(self.versions(request)))
        return queryset


class StatusFilter(VersionFilter):
    """A status, in the language picked by the language filter when one is."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Exists(self.versions(request).filter(status=self.value())))
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    inlines = [ArticleAuthorInline, ArticleTranslationInline]
    list_display = ["title", "series_and_part", "versions", "next_publish_at"]
    list_filter = ["series", StatusFilter, LanguageFilter, "announced"]
    search_fields = ["translations__title", "authors__name"]
    autocomplete_fields = ["series", "related_articles"]
    list_select_related = ["series"]
    ordering = ["series", "part", "pk"]
    fieldsets = [
        (None, {"fields": ["series", "part"]}),
        (_("Image"), {"fields": ["hero_image", "hero_image_decorative"]}),
        (_("Planning"), {"fields": ["target_date", "announced"]}),
        (_("Read more"), {"fields": ["related_articles"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "translations",
                Prefetch("series__translations", queryset=SeriesTranslation.objects.all()),
            )
            .annotate(
                next_publish_at=Min(
                    "translations__publish_at",
                    filter=Q(
                        translations__status__in=PUBLIC_STATUSES,
                        translations__publish_at__gt=timezone.now(),
                    ),
                )
            )
        )

    def view_on_site(self, article):
        for version in article.translations.all():
            if version.is_published():
                return version.get_absolute_url()
        return None

    @admin.display(description=_("title"))
    def title(self, article):
        version = article.any_translation()
        return version.title if version else "—"

    @admin.display(description=_("series"), ordering="part")
    def series_and_part(self, article):
        if not article.series_id:
            return "—"
        if article.part:
            return _("%(series)s, part %(part)s") % {
                "series": article.series,
                "part": article.part,
            }
        return str(article.series)

    @admin.display(description=_("languages"))
    def versions(self, article):
        return languages_column(article.translations.all(), show_status=True)

    @admin.display(description=_("next publication"), ordering="next_publish_at")
    def next_publish_at(self, article):
        return article.next_publish_at


@admin.register(ArticleTranslation)
class ArticleTranslationAdmin(admin.ModelAdmin):
    """Every language version in one list, for editors working on one language."""

    list_display = ["title", "language", "status", "publish_at", "updated_at"]
    list_filter = ["language", "status", "article__series"]
    search_fields = ["title", "article__authors__name"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "publish_at"

    def view_on_site(self, version):
        return version.get_absolute_url() if version.is_published() else None
