import math

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.admin.base import ContentAdmin
from editorial.admin.language_rows import LanguageRowInline, languages_column
from editorial.forms import TOKEN_FIELD
from editorial.services import (
    ReorderConflict,
    ReorderRefused,
    series_order_marker,
    series_reorder,
)
from series.models import Series, SeriesTranslation


class SeriesTranslationInline(LanguageRowInline):
    model = SeriesTranslation
    prepopulated_fields = {"slug": ("title",)}
    fields = ["language", "title", "slug", "blurb", "cover_alt"]


@admin.register(Series)
class SeriesAdmin(ContentAdmin):
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

    def get_urls(self):
        return [
            path(
                "<path:object_id>/reorder/",
                self.admin_site.admin_view(self.reorder_view),
                name="series_series_reorder",
            ),
            *super().get_urls(),
        ]

    def reorder_view(self, request, object_id):
        """Put the parts of a series in a new order, planned follow-ups included."""
        series = self.get_object(request, unquote(object_id))
        if series is None or not self.has_change_permission(request, series):
            raise PermissionDenied
        articles = list(
            series.articles.prefetch_related("versions").order_by(
                F("part").asc(nulls_last=True), "pk"
            )
        )
        for index, article in enumerate(articles, start=1):
            article.position_typed = str(index)
            article.position_invalid = False
        # The parts as this page shows them; posted back, so that an order made on parts
        # a colleague has changed since is refused (series_reorder).
        marker = series_order_marker(articles)
        if request.method == "POST":
            # Shown again with the page after a mistake, so the check still holds.
            marker = request.POST.get(TOKEN_FIELD, "")
            positions = []
            for index, article in enumerate(articles):
                # What was typed is shown again as typed, errors included.
                article.position_typed = request.POST.get(f"position-{article.pk}", "")[:20]
                try:
                    position = float(article.position_typed)
                except ValueError:
                    position = math.nan
                article.position_invalid = not math.isfinite(position)
                positions.append((position, index, article.pk))
            invalid = [str(article) for article in articles if article.position_invalid]
            if invalid:
                message = gettext("Give every article a number; missing: %(articles)s.")
                messages.error(request, message % {"articles": "; ".join(invalid)})
            else:
                order = [pk for _position, _index, pk in sorted(positions)]
                try:
                    series_reorder(series=series, order=order, by=request.user, loaded=marker)
                except ReorderConflict as refusal:
                    messages.error(request, str(refusal))
                    # The page now shows the colleague's parts beside the typed positions:
                    # saving again is made on what the person has seen.
                    marker = series_order_marker(articles)
                except ReorderRefused as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(request, gettext("The parts were renumbered."))
                    return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": series,
            "title": gettext("Order of the parts"),
            "articles": articles,
            "token_field": TOKEN_FIELD,
            "marker": marker,
        }
        return TemplateResponse(request, "admin/series/series/reorder.html", context)

    @admin.display(description=_("languages"))
    def languages(self, series):
        return languages_column(series.translations.all())

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, series):
        return series.article_count
