"""Who may do what with an article: the Author and Editor roles."""

from articles.models import Article, ArticleTranslation, Status

# Authors edit their versions while these hold; past them, the text is the editors'.
AUTHOR_STATUSES = (Status.PLANNED, Status.DRAFT, Status.IN_REVIEW)


def is_editor(user) -> bool:
    """Editors may do everything about content, publishing included."""
    return bool(
        user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_perm("editorial.publish_articles"))
    )


def signing_author_id(user) -> int | None:
    """The byline person a login writes as, if any."""
    profile = getattr(user, "editor_profile", None) if user.is_authenticated else None
    return profile.author_id if profile else None


def articles_for(user, queryset=None):
    """The articles a staff member may open in the admin."""
    queryset = Article.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    author_id = signing_author_id(user)
    if author_id is None:
        return queryset.none()
    return queryset.filter(bylines__author_id=author_id).distinct()


def signs(user, article: Article) -> bool:
    author_id = signing_author_id(user)
    return author_id is not None and article.bylines.filter(author_id=author_id).exists()


def can_edit_article(user, article: Article) -> bool:
    if is_editor(user):
        return True
    if not user.has_perm("articles.change_article") or not signs(user, article):
        return False
    # Shared fields (series, part, image) belong to the editors once a version is out.
    return not article.translations.exclude(status__in=AUTHOR_STATUSES).exists()


def can_edit_version(user, version: ArticleTranslation) -> bool:
    if is_editor(user):
        return True
    return (
        user.has_perm("articles.change_articletranslation")
        and version.status in AUTHOR_STATUSES
        and signs(user, version.article)
    )
