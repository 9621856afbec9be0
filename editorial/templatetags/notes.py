"""An article's or a version's editorial notes on its change form: the thread beside the
form, and the link to every thread of the article."""

from django import template
from django.urls import reverse

from articles.models import Article, ArticleTranslation
from editorial.models import Note
from editorial.notes import notes_of, takes_part

register = template.Library()


def article_of(original) -> Article | None:
    article = original if isinstance(original, Article) else (
        original.article if isinstance(original, ArticleTranslation) else None)
    return article if article is not None and article.pk is not None else None


@register.inclusion_tag("admin/editorial/includes/notes_link.html", takes_context=True)
def notes_link(context, original):
    """For those who take part in the article: its notes' address and how many are open."""
    article = article_of(original)
    user = context["request"].user
    if article is None or not takes_part(user, article):
        return {"url": ""}
    url = reverse("admin:article_notes", args=[article.pk])
    if isinstance(original, ArticleTranslation):
        url += f"?version={original.pk}"
    return {
        "url": url,
        "open": Note.objects.filter(article=article, resolved_at__isnull=True).count(),
    }


@register.inclusion_tag("admin/editorial/includes/notes_beside.html", takes_context=True)
def notes_beside(context, original):
    """The thread of `original` (a version, or the article as a whole) under its form,
    for those who take part in the article: read, resolve, and write a note there."""
    article = article_of(original)
    request = context["request"]
    if article is None or not takes_part(request.user, article):
        return {"shown": False}
    version = original if isinstance(original, ArticleTranslation) else None
    return {
        "shown": True,
        "csrf_token": context.get("csrf_token"),
        "version": version,
        "notes": list(notes_of(article).filter(version=version)),
        "action": reverse("admin:article_notes", args=[article.pk]),
        "next": request.get_full_path(),
        "note_max_length": Note._meta.get_field("text").max_length,
    }
