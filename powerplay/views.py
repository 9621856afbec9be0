from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers

from articles import queries
from core import metadata
from core.languages import current_language
from series.models import SeriesTranslation

HOME_LATEST = 7
HOME_SERIES = 12


@vary_on_headers("Accept-Language", "Cookie")
def language_redirect(request):
    """Send a reader arriving at / to the home page in the language their browser prefers."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        return redirect(reverse("home"))


@cache_control(max_age=60 * 60 * 24)
def favicon(request):
    """/favicon.ico, which some browsers ask for whatever the page links: the site's icon.

    Temporary, and kept a day only: the icon's address holds a hash of its content in
    production, so it changes with the icon.
    """
    return redirect(static("favicon.svg"))


def home(request):
    language = current_language()
    latest = list(
        queries.for_lists(queries.public_versions(language)).order_by("-publish_at", "-pk")[
            : HOME_LATEST + 1
        ]
    )
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
    return render(request, "home.html", context)
