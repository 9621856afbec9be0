from django.shortcuts import get_object_or_404, render

from powerplay.languages import current_language

from .models import SeriesTranslation


def series_list(request):
    rows = SeriesTranslation.objects.filter(language=current_language()).select_related("series")
    return render(request, "series/series_list.html", {"series_list": rows})


def series_detail(request, slug):
    row = get_object_or_404(
        SeriesTranslation.objects.select_related("series"),
        language=current_language(),
        slug=slug,
    )
    return render(request, "series/series_detail.html", {"series_text": row})
