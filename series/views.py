from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import queries
from core import metadata
from core.i18n import page_languages, same_page_in_every_language
from core.languages import current_language
from core.pagination import paginate
from series.metadata import series_metadata

from .models import SeriesTranslation


def series_list(request):
    rows = (
        SeriesTranslation.objects.filter(language=current_language())
        .select_related("series")
        .order_by("series__created_at", "series__pk")
    )
    page = paginate(request, rows)
    context = {
        "page": page,
        "page_languages": same_page_in_every_language(request.path, page=page),
        "metadata": metadata.list_metadata(
            request, title=pgettext("navigation", "Series"), page=page,
            description=_("The series of Power Play: essays on one theme, part after part."),
        ),
    }
    return render(request, "series/series_list.html", context)


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
    page = paginate(request, parts, per_page=50)
    context = {
        "series": series,
        "series_text": text,
        "page": page,
        "coming_next": queries.coming_next(series.pk, language),
        "page_languages": page_languages(versions, missing=series_list_url, page=page),
        "metadata": series_metadata(request, text, page=page, languages=versions),
    }
    return render(request, "series/series_detail.html", context)


def series_list_url(language: str) -> str:
    with translation.override(language):
        return reverse("series:list")
