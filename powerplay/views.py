from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.vary import vary_on_headers

from articles.models import ArticleTranslation
from powerplay.languages import current_language
from series.models import SeriesTranslation


@vary_on_headers("Accept-Language", "Cookie")
def language_redirect(request):
    """Send a reader arriving at / to the home page in the language their browser prefers."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        return redirect(reverse("home"))


def home(request):
    language = current_language()
    latest = (
        ArticleTranslation.objects.published()
        .in_language(language)
        .select_related("article")
        .order_by("-publish_at")[:10]
    )
    series = SeriesTranslation.objects.filter(language=language).select_related("series")
    return render(request, "home.html", {"latest": latest, "series_list": series})
