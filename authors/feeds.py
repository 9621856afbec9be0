"""The feeds of one author: the public versions they sign, in the URL's language."""

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from articles.feeds import ArticleFeed, AtomFeedGenerator
from articles.models import ArticleTranslation

from .models import Author


class AuthorFeed(ArticleFeed):
    """The public versions an author signs, in the URL's language."""

    def source(self, language: str, slug: str) -> tuple[str, str, str, QuerySet]:
        author = get_object_or_404(Author.objects.public(language), slug=slug)
        title = author_title(author.name)
        signed = ArticleTranslation.objects.published().in_language(language).filter(
            article__bylines__author=author
        )
        return title, author.get_absolute_url(language), title, signed


class AuthorAtomFeed(AuthorFeed):
    feed_type = AtomFeedGenerator


# The same msgid names the feed in the page heads (templates use blocktranslate).
def author_title(name: str) -> str:
    return _("%(site)s: articles by %(name)s") % {"site": settings.SITE_NAME, "name": name}
