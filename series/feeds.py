"""The feeds of one series: its public parts in the URL's language (RSS 2.0 and Atom)."""

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.feeds import ArticleFeed, AtomFeedGenerator
from articles.models import ArticleTranslation

from .models import SeriesTranslation


class SeriesFeed(ArticleFeed):
    """The public parts of one series in the URL's language, newest first."""

    def source(self, language: str, slug: str) -> tuple[str, str, str, QuerySet]:
        text = get_object_or_404(SeriesTranslation.objects.public(language), slug=slug)
        description = (
            _("An ongoing series which explores %(blurb)s.") % {"blurb": text.blurb_clause}
            if text.blurb_clause else series_title(text.title)
        )
        parts = ArticleTranslation.objects.published().in_language(language).filter(
            article__series_id=text.series_id
        )
        return series_title(text.title), text.get_absolute_url(), description, parts


class SeriesAtomFeed(SeriesFeed):
    feed_type = AtomFeedGenerator


# The same msgid names the feed in the page heads (templates use blocktranslate).
def series_title(title: str) -> str:
    return _("%(site)s: the “%(series)s” series") % {"site": settings.SITE_NAME, "series": title}
