from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import queries
from articles.models import ArticleTranslation
from core import metadata
from core.i18n import page_languages, reverse_in, same_page_in_every_language
from core.languages import current_language
from core.pagination import paginate
from pagecache.memo import kept_page, per_content
from series.metadata import series_metadata

from .models import SeriesTranslation

HOME_LATEST = 7
HOME_SERIES = 12


def series_list(request):
    rows = (
        SeriesTranslation.objects.public(current_language())
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


@per_content
def public_series(
    language: str, slug: str
) -> tuple[SeriesTranslation, dict, list, int] | None:
    """The series text at `slug`, the URL of each of its texts by language, what is
    coming next in `language` and how many parts readers know of: kept until content
    changes."""
    text = (
        SeriesTranslation.objects.public(language).select_related("series")
        .filter(slug=slug).first()
    )
    if text is None:
        return None
    texts = SeriesTranslation.objects.public().filter(series=text.series_id).exclude(pk=text.pk)
    urls = {row.language: row.get_absolute_url() for row in [text, *texts]}
    return (
        text, urls, queries.coming_next(text.series_id, language),
        queries.series_parts_total(text.series_id, language),
    )


def series_detail(request, slug):
    language = current_language()
    found = public_series(language, slug)
    if found is None:
        raise Http404("No series at this address in this language.")
    text, urls, coming_next, parts_total = found
    page = kept_page(
        ("series-parts", text.series_id, language),
        lambda: queries.for_lists(ArticleTranslation.objects.published().in_language(language))
        .filter(article__series=text.series_id)
        .order_by("article__part", "publish_at"),
        request.GET.get("page"), per_page=50,
    )
    context = {
        "series": text.series,
        "series_text": text,
        "page": page,
        "coming_next": coming_next,
        "parts_total": parts_total,
        "page_languages": page_languages(urls, missing=series_list_url, page=page),
        "metadata": series_metadata(request, text, page=page, languages=urls),
    }
    return render(request, "series/series_detail.html", context)


def series_list_url(language: str) -> str:
    return reverse_in(language, "series:list")


@per_content
def home_content(language: str) -> dict:
    """What the front page shows in `language`: kept until content changes."""
    newest = ArticleTranslation.objects.published().in_language(language).newest_first()
    latest = list(queries.for_lists(newest)[: HOME_LATEST + 1])
    # A sample, like the latest articles: the series list page has them all, by pages.
    series = list(
        SeriesTranslation.objects.public(language)
        .select_related("series")
        .order_by("series__created_at", "series__pk")[: HOME_SERIES + 1]
    )
    return {
        "lead": latest[0] if latest else None,
        "latest": latest[1:HOME_LATEST],
        "more": len(latest) > HOME_LATEST,
        "series_list": series[:HOME_SERIES],
        "more_series": len(series) > HOME_SERIES,
    }


def home(request):
    """The front page: the newest article, the latest ones, and the series."""
    context = {**home_content(current_language()), "metadata": metadata.home_metadata(request)}
    return render(request, "series/home.html", context)
