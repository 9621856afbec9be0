from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import queries
from articles.models import ArticleTranslation
from authors.metadata import author_metadata
from core import metadata
from core.i18n import same_page_in_every_language
from core.languages import current_language
from core.pagination import PER_PAGE, paginate
from pagecache.memo import kept_page, per_content

from .models import Author


def author_list(request):
    authors = Author.objects.with_texts(current_language()).order_by("name", "pk")
    page = paginate(request, authors)
    context = {
        "page": page,
        "page_languages": same_page_in_every_language(request.path, page=page),
        "metadata": metadata.list_metadata(
            request, title=pgettext("navigation", "Authors"), page=page,
            description=_("The authors who write for %(site)s.") % {"site": settings.SITE_NAME},
        ),
    }
    return render(request, "authors/author_list.html", context)


@per_content
def public_author(language: str, slug: str) -> Author | None:
    """The author at `slug`, with their text in `language` and their links."""
    return Author.objects.with_texts(language).filter(slug=slug).first()


def author_detail(request, slug):
    language = current_language()
    author = public_author(language, slug)
    if author is None:
        raise Http404("No author at this address.")
    text = next(iter(author.texts_here), None)
    page = kept_page(
        ("author", author.pk, language),
        lambda: queries.for_lists(ArticleTranslation.objects.published().in_language(language))
        .filter(article__bylines__author=author)
        .newest_first(),
        request.GET.get("page"), per_page=PER_PAGE,
    )
    context = {
        "author": author,
        "text": text,
        "page": page,
        "page_languages": same_page_in_every_language(request.path, page=page),
        "metadata": author_metadata(request, author, text, page=page),
    }
    return render(request, "authors/author_detail.html", context)
