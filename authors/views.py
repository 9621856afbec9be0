from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import queries
from articles.models import ArticleTranslation
from authors.metadata import author_metadata
from core import metadata
from core.i18n import same_page_in_every_language
from core.languages import current_language
from core.pagination import paginate

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


def author_detail(request, slug):
    language = current_language()
    author = get_object_or_404(Author.objects.with_texts(language), slug=slug)
    versions = (
        queries.for_lists(ArticleTranslation.objects.published().in_language(language))
        .filter(article__bylines__author=author)
        .newest_first()
    )
    text = next(iter(author.texts_here), None)
    page = paginate(request, versions)
    context = {
        "author": author,
        "text": text,
        "page": page,
        "page_languages": same_page_in_every_language(request.path, page=page),
        "metadata": author_metadata(request, author, text, page=page),
    }
    return render(request, "authors/author_detail.html", context)
