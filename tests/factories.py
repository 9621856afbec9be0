"""Small helpers that make valid objects; tests override only what they are about."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ArticleAuthor, ArticleTranslation, Status
from authors.models import Author, AuthorTranslation
from series.models import Series, SeriesTranslation

_numbers = itertools.count(1)


def make_series(**texts) -> Series:
    """A series with a text per language given as make_series(fr={...}, en={...})."""
    series = Series.objects.create()
    texts = texts or {"fr": {}, "en": {}}
    for language, overrides in texts.items():
        n = next(_numbers)
        SeriesTranslation.objects.create(
            series=series,
            language=language,
            **{"title": f"Série {n}", "slug": f"serie-{n}", "blurb": "un thème", **overrides},
        )
    return series


def make_author(name: str | None = None, bios: dict | None = None, **overrides) -> Author:
    n = next(_numbers)
    author = Author.objects.create(
        **{"name": name or f"Author {n}", "slug": f"author-{n}", **overrides}
    )
    for language, bio in (bios or {}).items():
        AuthorTranslation.objects.create(author=author, language=language, bio=bio)
    return author


def make_article(*, authors=(), versions=None, **overrides) -> Article:
    """An article; versions maps a language to overrides of make_version()."""
    article = Article.objects.create(**overrides)
    for position, author in enumerate(authors, start=1):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    for language, version_overrides in (versions or {}).items():
        make_version(article, language, **version_overrides)
    return article


def make_version(article: Article, language: str, **overrides) -> ArticleTranslation:
    n = next(_numbers)
    fields = {
        "title": f"Title {n}",
        "slug": f"title-{n}",
        "standfirst": "A standfirst.",
        "body": "Some body.",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(days=1),
    }
    fields.update(overrides)
    return ArticleTranslation.objects.create(article=article, language=language, **fields)


def make_staff(role: str, author: Author | None = None, username: str | None = None, **extra):
    """A staff login in the "Editor" or "Author" group, signing as `author` if given."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from editorial.models import EditorProfile

    n = next(_numbers)
    user = get_user_model().objects.create_user(
        username or f"{role.lower()}-{n}", password="pw", is_staff=True, **extra
    )
    user.groups.add(Group.objects.get(name=role))
    EditorProfile.objects.create(user=user, author=author)
    return user
