from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from core import metadata
from core.i18n import page_languages, reverse_in, same_page_in_every_language
from core.languages import current_language
from core.pagination import PER_PAGE
from pagecache.memo import kept_page, per_content

from . import queries, tags
from .metadata import article_metadata
from .models import Article, ArticleTranslation, Status


def article_detail(request, slug):
    found = queries.public_reading(current_language(), slug)
    if found is None:
        raise Http404("No public article at this address in this language.")
    return article_response(request, found)


@never_cache
def article_preview(request, version_id: int, *, preview):
    """An unpublished version exactly as readers will see it, for staff and share links.

    Callers decide who may see it; the page is never cached nor indexed.
    """
    versions = ArticleTranslation.objects.filter(pk=version_id)
    language = versions.values_list("language", flat=True).first()
    if language is None:
        raise Http404
    version = queries.with_reading_context(versions, language).get()
    with translation.override(language):
        # The banner speaks the page's language, like the rest of the page.
        response = article_response(request, queries.reading(version), preview=str(preview))
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def article_response(request, found: queries.Reading, preview: str | None = None):
    """The article page, in a fixed number of queries whatever it shows (see queries)."""
    version, around = found.version, found.around
    article = version.article
    other_versions = {v.language: v.get_absolute_url() for v in around.versions}
    context = {
        "version": version,
        "article": article,
        "series_text": found.series_text,
        "parts_total": found.parts_total,
        "bylines": found.bylines,
        "tags": found.tags,
        "follow_ups": found.follow_ups,
        "read_more": found.read_more,
        "previous": around.previous,
        "following": around.following,
        "page_languages": page_languages(
            other_versions, missing=lambda code: unavailable_url(article, code)
        ),
        "metadata": article_metadata(
            request, version, public_versions=around.versions, bylines=found.bylines,
            tags=found.tags, series_text=found.series_text,
        ),
        "preview": preview,
    }
    return render(request, "articles/article_detail.html", context)


def unavailable_url(article: Article, language: str) -> str:
    return reverse_in(language, "articles:unavailable", pk=article.pk)


def article_unavailable(request, pk):
    """Where the language switch leads when an article has no version in this language yet."""
    language = current_language()
    article = get_object_or_404(
        Article.objects.with_public_version().prefetch_related("versions"), pk=pk
    )
    versions = [v for v in article.versions.all() if v.is_published()]
    if any(v.language == language for v in versions):
        return redirect(next(v for v in versions if v.language == language))
    context = {
        "withdrawn": any(
            v.language == language and v.status == Status.WITHDRAWN
            for v in article.versions.all()
        ),
        "versions": versions,
        "page_languages": page_languages({v.language: v.get_absolute_url() for v in versions}),
    }
    return render(request, "articles/article_unavailable.html", context)


def article_list(request):
    language = current_language()
    page = kept_page(
        ("articles", language),
        lambda: queries.for_lists(
            ArticleTranslation.objects.published().in_language(language).newest_first()
        ),
        request.GET.get("page"), per_page=PER_PAGE,
    )
    context = {
        "page": page,
        "page_languages": same_page_in_every_language(request.path, page=page),
        "metadata": metadata.list_metadata(
            request, title=_("All articles"), page=page,
            description=_("Every article published by %(site)s, newest first.")
            % {"site": settings.SITE_NAME},
        ),
    }
    return render(request, "articles/article_list.html", context)


@per_content
def tag_named(slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


@per_content
def tag_languages(tag_id: int) -> list[str]:
    return tags.tag_languages(tag_id)


def tag_detail(request, slug):
    language = current_language()
    tag = tag_named(slug)
    if tag is None:
        raise Http404("No tag at this address.")
    page = kept_page(
        ("tag", tag.pk, language),
        lambda: queries.for_lists(ArticleTranslation.objects.published().in_language(language))
        .filter(tagged_items__tag=tag)
        .newest_first(),
        request.GET.get("page"), per_page=PER_PAGE,
    )
    if not page.paginator.count:
        raise Http404("No public article carries this tag in this language.")
    languages = tag_languages(tag.pk)
    context = {
        "tag": tag,
        "page": page,
        # A tag's page exists in the languages its public versions are in; the others
        # are offered a page that says so.
        "page_languages": page_languages(
            {code: reverse_in(code, "articles:tag", slug=tag.slug) for code in languages},
            missing=lambda code: reverse_in(code, "articles:tag-unavailable", slug=tag.slug),
            page=page,
        ),
        "metadata": metadata.list_metadata(
            request, title=_("Articles on “%(tag)s”") % {"tag": tag.name}, page=page,
            description=_("Articles on the topic “%(tag)s”, newest first.") % {"tag": tag.name},
            languages=languages,
        ),
    }
    return render(request, "articles/tag_detail.html", context)


def tag_unavailable(request, slug):
    """Where the language switch leads from a tag page to a language without it."""
    tag = tag_named(slug)
    if tag is None:
        raise Http404("No tag at this address.")
    languages = tag_languages(tag.pk)
    if current_language() in languages:
        return redirect("articles:tag", slug=tag.slug)
    if not languages:
        raise Http404("No public article carries this tag.")
    pages = {code: reverse_in(code, "articles:tag", slug=tag.slug) for code in languages}
    context = {
        "tag": tag,
        "pages": [(code, url) for code, url in pages.items()],
        "page_languages": page_languages(pages),
    }
    return render(request, "articles/tag_unavailable.html", context)
