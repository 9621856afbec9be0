from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds, views

app_name = "authors"

urlpatterns = [
    path(_("authors/"), views.author_list, name="list"),
    path(_("authors/<slug:slug>/"), views.author_detail, name="detail"),
    path(_("authors/<slug:slug>/feeds/rss/"), feeds.AuthorFeed(), name="feed-rss"),
    path(_("authors/<slug:slug>/feeds/atom/"), feeds.AuthorAtomFeed(), name="feed-atom"),
]
