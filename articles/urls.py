from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path(_("articles/"), views.article_list, name="list"),
    path(_("articles/<slug:slug>/"), views.article_detail, name="detail"),
    path(_("articles/not-available/<int:pk>/"), views.article_unavailable, name="unavailable"),
    path(_("topics/<str:slug>/"), views.tag_detail, name="tag"),
    path(_("topics/not-available/<str:slug>/"), views.tag_unavailable, name="tag-unavailable"),
    path(_("feeds/rss/"), feeds.ArticleFeed(), name="feed-rss"),
    path(_("feeds/atom/"), feeds.ArticleAtomFeed(), name="feed-atom"),
    path(_("topics/<str:slug>/feeds/rss/"), feeds.TagFeed(), name="tag-feed-rss"),
    path(_("topics/<str:slug>/feeds/atom/"), feeds.TagAtomFeed(), name="tag-feed-atom"),
]
