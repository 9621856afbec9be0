"""Editorial workflows that span several rows: creating a missing language version."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from articles.models import Article, ArticleTranslation, Status
from core.languages import language_codes
from editorial.revision_comments import revision_comment
from editorial.roles import articles_for

# Copied from the source version into a new one; status, slug and publish time are not.
COPIED_FIELDS = (
    "title", "standfirst", "body", "hero_alt", "source_name", "source_url", "source_licence",
)


class TranslationRefused(ValueError):
    """The version cannot be created; the message says why, for the person asking."""


def unique_slug(base: str, language: str) -> str:
    """`base`, or `base-2`, `base-3`… : the first one no version in `language` uses."""
    max_length = ArticleTranslation._meta.get_field("slug").max_length
    taken = set(
        ArticleTranslation.objects.filter(language=language, slug__startswith=base[:max_length])
        .values_list("slug", flat=True)
    )
    candidate, number = base[:max_length], 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)] + suffix
        number += 1
    return candidate


def translation_create(
    *, article: Article, language: str, source: ArticleTranslation, by
) -> ArticleTranslation:
    """A draft of `article` in `language`, pre-filled from the `source` version.

    The translator starts from the other language's text, tags and republication
    details; the new version gets its own slug and stays a draft.
    """
    if language not in language_codes():
        raise TranslationRefused(
            _("“%(language)s” is not one of the site’s languages.") % {"language": language}
        )
    if source.article_id != article.pk:
        raise TranslationRefused(_("The version to copy belongs to another article."))
    if not (
        by.has_perm("articles.add_articletranslation")
        and articles_for(by).filter(pk=article.pk).exists()
    ):
        raise TranslationRefused(
            _("You can only add versions to the articles you sign.")
        )
    with transaction.atomic():
        # Lock the article so two clicks cannot both pass the check below.
        list(
            Article.objects.select_for_update().filter(pk=article.pk).order_by()
            .values_list("pk", flat=True)
        )
        if article.translations.filter(language=language).exists():
            raise TranslationRefused(
                _("This article already has a version in %(language)s.")
                % {"language": language.upper()}
            )
        with reversion.create_revision():
            version = ArticleTranslation(
                article=article,
                language=language,
                slug=unique_slug(source.slug, language),
                status=Status.DRAFT,
                publish_at=None,
                **{name: getattr(source, name) for name in COPIED_FIELDS},
            )
            version.save()
            version.tags.set(list(source.tags.all()))
            reversion.set_user(by)
            reversion.set_comment(revision_comment(
                gettext_noop("Created from the %(language)s version, to be translated."),
                language=source.language.upper(),
            ))
    return version
