from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds, views

app_name = "series"

urlpatterns = [
    path(_("series/"), views.series_list, name="list"),
    path(_("series/<slug:slug>/"), views.series_detail, name="detail"),
    path(_("series/<slug:slug>/feeds/rss/"), feeds.SeriesFeed(), name="feed-rss"),
    path(_("series/<slug:slug>/feeds/atom/"), feeds.SeriesAtomFeed(), name="feed-atom"),
]
