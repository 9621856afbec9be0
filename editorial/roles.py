"""Who may do what with an article: the Author and Editor roles."""

from django.apps import apps as installed_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.db.models import Q
from taggit.models import Tag

from articles.models import Article, ArticleTranslation, Status, TaggedArticleTranslation

AUTHOR, EDITOR = "Author", "Editor"
EVERYTHING = ("add", "change", "delete", "view")


def _each(app_label: str, models: tuple[str, ...], actions: tuple[str, ...]) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


# The group of each role and its permissions: the migration that creates the groups and
# the sync_roles command both apply this, and nothing else grants a role anything.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    # The byline writers: they create articles and edit their own until they are in review.
    AUTHOR: (
        *_each("articles", ("article", "articletranslation"), ("add", "change", "view")),
        *_each("articles", ("articleauthor", "taggedarticletranslation"), EVERYTHING),
        *_each("series", ("series", "seriestranslation"), ("view",)),
        *_each("authors", ("author",), ("view",)),
        *_each("taggit", ("tag",), ("view",)),
        # Images for their texts: uploaded with their texts, or picked from the library.
        *_each("images", ("image", "imagetext"), ("add", "view")),
    ),
    # Everything about content, and the right to put it in front of readers.
    EDITOR: (
        *_each(
            "articles",
            ("article", "articletranslation", "articleauthor", "taggedarticletranslation"),
            EVERYTHING,
        ),
        *_each("series", ("series", "seriestranslation"), EVERYTHING),
        *_each("authors", ("author", "authortranslation", "authorlink"), EVERYTHING),
        *_each("taggit", ("tag", "taggeditem"), EVERYTHING),
        *_each("images", ("image", "imagetext"), EVERYTHING),
        *_each("editorial", ("sharelink",), EVERYTHING),
        "editorial.publish_articles",
        "editorial.view_editorprofile",
        # The outbox of notification e-mails: which were not sent, and why.
        "editorial.view_notice",
    ),
}


def sync_roles(apps=installed_apps, *, missing_ok: bool = False) -> dict[str, int]:
    """Give each role's group exactly the permissions of ROLE_PERMISSIONS; return counts.

    `apps` is a migration's historical registry, or the installed apps. A migration
    passes `missing_ok`: a permission of a model its state does not have yet is granted
    by the later migration that syncs again.
    """
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        # create_permissions() skips an app without a models module, as a migration's
        # stand-in apps are.
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    counts = {}
    for role, names in ROLE_PERMISSIONS.items():
        wanted = {tuple(name.split(".", 1)) for name in names}
        found = [
            permission
            for permission in Permission.objects.filter(
                codename__in={codename for _label, codename in wanted}
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
        if missing and not missing_ok:
            listed = ", ".join(sorted(".".join(name) for name in missing))
            raise LookupError(f"These permissions do not exist: {listed}. Run migrate first.")
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(found)
        counts[role] = len(found)
    return counts


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


def articles_visible_to(user, queryset=None):
    """The articles a staff member may see anywhere in the back office.

    The ones readers can read, and the ones this person may open (articles_for): every
    list of choices of an article (related picks, autocomplete) is drawn from these.
    """
    queryset = Article.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    return queryset.filter(
        Q(pk__in=Article.objects.with_public_version().values("pk"))
        | Q(pk__in=articles_for(user).values("pk"))
    )


def versions_visible_to(user, queryset=None):
    """The language versions a staff member may see: public ones, and those of their articles."""
    queryset = ArticleTranslation.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    return queryset.filter(
        Q(pk__in=ArticleTranslation.objects.published().values("pk"))
        | Q(article__in=articles_for(user).values("pk"))
    )


def tags_visible_to(user, queryset=None):
    """The tags a staff member may see: those on a version they may see, and unused ones.

    A tag only another author's draft carries would tell what that author is writing.
    """
    queryset = Tag.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    on_visible = TaggedArticleTranslation.objects.filter(
        content_object__in=versions_visible_to(user).values("pk")
    )
    used = TaggedArticleTranslation.objects.all()
    return queryset.filter(Q(pk__in=on_visible.values("tag_id")) | ~Q(pk__in=used.values("tag_id")))


def visible_to(user, queryset):
    """`queryset` narrowed to what `user` may see: the choices of any field, any model.

    Series and authors show whatever their state (an author needs them to write); tags
    as tags_visible_to() says.
    """
    if issubclass(queryset.model, Article):
        return articles_visible_to(user, queryset)
    if issubclass(queryset.model, ArticleTranslation):
        return versions_visible_to(user, queryset)
    if issubclass(queryset.model, Tag):
        return tags_visible_to(user, queryset)
    return queryset


def signs(user, article: Article) -> bool:
    author_id = signing_author_id(user)
    return author_id is not None and article.bylines.filter(author_id=author_id).exists()


def editors():
    """The logins `is_editor` says yes to, as a queryset (the active filter is the caller's):
    staff superusers, and staff holding the permission however granted (the Editor group,
    or the login itself)."""
    permission = Permission.objects.filter(
        codename="publish_articles", content_type__app_label="editorial"
    )
    return get_user_model().objects.filter(is_staff=True).filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=permission)
        | Q(groups__permissions__in=permission)
    ).distinct()


def authors_of(article: Article):
    """The logins `signs` says yes to for `article`: whose profile signs as one of its byline."""
    return get_user_model().objects.filter(
        editor_profile__author__bylines__article=article
    ).distinct()


def shared_fields_editable(user, article: Article) -> bool:
    """Shared fields (series, part, image, byline) are the editors' once a version is out."""
    if is_editor(user):
        return True
    return not article.versions.exclude(status__in=AUTHOR_STATUSES).exists()


def can_edit_article(user, article: Article) -> bool:
    if is_editor(user):
        return True
    if not user.has_perm("articles.change_article") or not signs(user, article):
        return False
    return shared_fields_editable(user, article)


def can_edit_version(user, version: ArticleTranslation) -> bool:
    """Editors edit every version; authors those they sign, before review is over, and
    live ones, whose changes then wait for an editor (editorial.services.changes_save)."""
    if is_editor(user):
        return True
    return (
        user.has_perm("articles.change_articletranslation")
        and (version.status in AUTHOR_STATUSES or version.is_published())
        and signs(user, version.article)
    )


def person_name(user) -> str:
    """How colleagues are named to each other (the admin, the e-mails): their full name,
    else their login; "" for nobody (a login deleted since)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
