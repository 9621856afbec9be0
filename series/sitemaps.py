from datetime import datetime

from django.db.models import Max, Prefetch

from articles.sitemaps import newest_change_by_language
from core.sitemaps import ListPage, VersionsSitemap

from .models import Series, SeriesTranslation


def newest_series_change() -> datetime | None:
    return Series.objects.public().aggregate(latest=Max("updated_at"))["latest"]


# The front page shows the newest articles first.
HOME = ListPage("home", newest_change_by_language)
SERIES_LIST = ListPage("series:list", newest_series_change)


class SeriesSitemap(VersionsSitemap):
    """Every public series page, in each language the series is public in."""

    def items(self):
        return (
            SeriesTranslation.objects.public().select_related("series")
            .prefetch_related(Prefetch(
                "series__translations", queryset=SeriesTranslation.objects.public()
            ))
            .order_by("pk")
        )

    def lastmod(self, text: SeriesTranslation) -> datetime:
        return text.series.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return Series.objects.public().aggregate(
            latest=Max("updated_at")
        )["latest"]

    def versions(self, text: SeriesTranslation) -> dict[str, str]:
        return {row.language: row.get_absolute_url() for row in text.series.translations.all()}
