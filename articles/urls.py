from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "articles"

urlpatterns = [
    path(_("articles/"), views.article_list, name="list"),
    path(_("articles/<slug:slug>/"), views.article_detail, name="detail"),
    path(_("articles/not-available/<int:pk>/"), views.article_unavailable, name="unavailable"),
    path(_("topics/<str:slug>/"), views.tag_detail, name="tag"),
]
