from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import queries
from articles.models import ArticleTranslation
from authors.metadata import author_metadata
from core import metadata
from core.i18n import page_languages, reverse_in, same_page_in_every_language
from core.languages import current_language
from core.pagination import PER_PAGE, paginate
from pagecache.memo import kept_page, per_content

from .models import Author


def author_list(request):
    language = current_language()
    authors = Author.objects.public(language).with_texts(language).order_by("name", "pk")
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
def public_author(language: str, slug: str) -> tuple[Author, dict[str, str]] | None:
    """The author at `slug` if public in `language`, with their text there and their
    links, and their page in each language they are public in."""
    author = Author.objects.public(language).with_texts(language).filter(slug=slug).first()
    if author is None:
        return None
    languages = Author.objects.filter(pk=author.pk).public_languages().get(author.pk, [])
    return author, {code: author.get_absolute_url(code) for code in languages}


def author_detail(request, slug):
    language = current_language()
    found = public_author(language, slug)
    if found is None:
        raise Http404("No author at this address in this language.")
    author, urls = found
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
        "page_languages": page_languages(urls, missing=author_list_url, page=page),
        "metadata": author_metadata(request, author, text, page=page, languages=urls),
    }
    return render(request, "authors/author_detail.html", context)


def author_list_url(language: str) -> str:
    return reverse_in(language, "authors:list")
