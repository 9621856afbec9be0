from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag

from powerplay.i18n import home_url, page_languages
from powerplay.languages import current_language
from powerplay.pagination import paginate

from . import queries
from .models import Article


def article_detail(request, slug):
    language = current_language()
    version = get_object_or_404(
        queries.with_reading_context(queries.public_versions(language), language), slug=slug
    )
    article = version.article
    series_text = None
    if article.series_id:
        series_text = next(iter(article.series.texts_here), None)
    bylines = list(article.bylines.all())
    previous, following = queries.neighbours(version)
    other_versions = {v.language: v.get_absolute_url() for v in article.public_versions}
    context = {
        "version": version,
        "article": article,
        "series_text": series_text,
        "bylines": bylines,
        "tags": list(version.tags.all()),
        "follow_ups": queries.follow_ups(article, language),
        "read_more": queries.read_more(version),
        "previous": previous,
        "following": following,
        "page_languages": page_languages(
            other_versions, missing=lambda code: unavailable_url(article, code)
        ),
    }
    return render(request, "articles/article_detail.html", context)


def unavailable_url(article: Article, language: str) -> str:
    with translation.override(language):
        return reverse("articles:unavailable", kwargs={"pk": article.pk})


def article_unavailable(request, pk):
    """Where the language switch leads when an article has no version in this language yet."""
    language = current_language()
    article = get_object_or_404(
        Article.objects.with_public_version().prefetch_related("translations"), pk=pk
    )
    versions = [v for v in article.translations.all() if v.is_published()]
    if any(v.language == language for v in versions):
        return redirect(next(v for v in versions if v.language == language))
    context = {
        "versions": versions,
        "page_languages": page_languages({v.language: v.get_absolute_url() for v in versions}),
    }
    return render(request, "articles/article_unavailable.html", context)


def article_list(request):
    versions = queries.for_lists(queries.public_versions(current_language())).order_by(
        "-publish_at", "-pk"
    )
    return render(request, "articles/article_list.html", {"page": paginate(request, versions)})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    versions = (
        queries.for_lists(queries.public_versions(current_language()))
        .filter(tagged_items__tag=tag)
        .order_by("-publish_at", "-pk")
    )
    page = paginate(request, versions)
    if not page.paginator.count:
        raise Http404("No public article carries this tag in this language.")
    context = {
        "tag": tag,
        "page": page,
        # Tags belong to one language: the other languages are offered their home page.
        "page_languages": page_languages({current_language(): request.path}, missing=home_url),
    }
    return render(request, "articles/tag_detail.html", context)
