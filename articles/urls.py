from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "articles"

urlpatterns = [
    path(_("articles/<slug:slug>/"), views.article_detail, name="detail"),
]
