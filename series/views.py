from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation

from articles import queries
from powerplay.i18n import page_languages
from powerplay.languages import current_language
from powerplay.pagination import paginate

from .models import SeriesTranslation


def series_list(request):
    rows = (
        SeriesTranslation.objects.filter(language=current_language())
        .select_related("series")
        .order_by("series__created_at", "series__pk")
    )
    return render(request, "series/series_list.html", {"page": paginate(request, rows)})


def series_detail(request, slug):
    language = current_language()
    text = get_object_or_404(
        SeriesTranslation.objects.select_related("series"), language=language, slug=slug
    )
    series = text.series
    parts = (
        queries.for_lists(queries.public_versions(language))
        .filter(article__series=series)
        .order_by("article__part", "publish_at")
    )
    other_texts = SeriesTranslation.objects.filter(series=series).exclude(pk=text.pk)
    versions = {row.language: row.get_absolute_url() for row in [text, *other_texts]}
    context = {
        "series": series,
        "series_text": text,
        "page": paginate(request, parts, per_page=50),
        "coming_next": queries.coming_next(series.pk, language),
        "page_languages": page_languages(versions, missing=series_list_url),
    }
    return render(request, "series/series_detail.html", context)


def series_list_url(language: str) -> str:
    with translation.override(language):
        return reverse("series:list")
