from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import queries
from articles.models import ArticleTranslation
from core import metadata
from core.i18n import page_languages, reverse_in, same_page_in_every_language
from core.languages import current_language
from core.pagination import paginate
from series.metadata import series_metadata

from .models import SeriesTranslation

HOME_LATEST = 7
HOME_SERIES = 12


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
            description=_("The series of %(site)s: essays on one theme, part after part.")
            % {"site": settings.SITE_NAME},
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
        queries.for_lists(ArticleTranslation.objects.published().in_language(language))
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
    return reverse_in(language, "series:list")


def home(request):
    """The front page: the newest article, the latest ones, and the series."""
    language = current_language()
    newest = ArticleTranslation.objects.published().in_language(language).newest_first()
    latest = list(queries.for_lists(newest)[: HOME_LATEST + 1])
    # A sample, like the latest articles: the series list page has them all, by pages.
    series = list(
        SeriesTranslation.objects.filter(language=language)
        .select_related("series")
        .order_by("series__created_at", "series__pk")[: HOME_SERIES + 1]
    )
    context = {
        "lead": latest[0] if latest else None,
        "latest": latest[1:HOME_LATEST],
        "more": len(latest) > HOME_LATEST,
        "series_list": series[:HOME_SERIES],
        "more_series": len(series) > HOME_SERIES,
        "metadata": metadata.home_metadata(request),
    }
    return render(request, "series/home.html", context)
