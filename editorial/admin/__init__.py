"""The back office's admin pages, one module per subject.

Registered before the VersionAdmins are, so a version's revisions carry its tags.
"""

import reversion

from articles.models import ArticleTranslation, TaggedArticleTranslation

reversion.register(TaggedArticleTranslation)
reversion.register(ArticleTranslation, follow=["tagged_items"])

from editorial.admin import (  # noqa: E402 - the registrations above come first
    accounts,
    articles,
    authors,
    images,
    notices,
    profiles,
    redirects,
    series,
    tags,
    versions,
)

__all__ = [
    "accounts", "articles", "authors", "images", "notices", "profiles", "redirects",
    "series", "tags",
    "versions",
]
