"""The link from an article's or a version's change form to its editorial notes."""

from django import template
from django.urls import reverse

from articles.models import Article, ArticleTranslation
from editorial.models import Note
from editorial.notes import takes_part

register = template.Library()


@register.inclusion_tag("admin/editorial/includes/notes_link.html", takes_context=True)
def notes_link(context, original):
    """For those who take part in the article: its notes' address and how many are open."""
    article = original if isinstance(original, Article) else (
        original.article if isinstance(original, ArticleTranslation) else None)
    user = context["request"].user
    if article is None or article.pk is None or not takes_part(user, article):
        return {"url": ""}
    url = reverse("admin:article_notes", args=[article.pk])
    if isinstance(original, ArticleTranslation):
        url += f"?version={original.pk}"
    return {
        "url": url,
        "open": Note.objects.filter(article=article, resolved_at__isnull=True).count(),
    }
