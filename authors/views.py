from django.shortcuts import get_object_or_404, render

from articles import queries
from powerplay.languages import current_language
from powerplay.pagination import paginate


def author_list(request):
    authors = queries.authors_with_texts(current_language()).order_by("name", "pk")
    return render(request, "authors/author_list.html", {"page": paginate(request, authors)})


def author_detail(request, slug):
    language = current_language()
    author = get_object_or_404(queries.authors_with_texts(language), slug=slug)
    versions = (
        queries.for_lists(queries.public_versions(language))
        .filter(article__bylines__author=author)
        .order_by("-publish_at", "-pk")
    )
    context = {
        "author": author,
        "text": next(iter(author.texts_here), None),
        "page": paginate(request, versions),
    }
    return render(request, "authors/author_detail.html", context)
