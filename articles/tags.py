"""Every tag has a slug, so every tag has a page.

taggit derives a tag's slug from its name; a name of symbols only ("—", "!!!") gives an
empty slug, and no address can be built for it. The admin refuses such names, but a tag
can also come from an import, a restored revision or the shell.
"""

import hashlib

from django.db.models.signals import pre_save
from taggit.models import Tag

from core.i18n import reverse_in
from core.languages import language_codes
from core.text import clean_text_before_saving


def fallback_slug(name: str) -> str:
    """A stable slug for a name that slugifies to nothing."""
    return "tag-" + hashlib.sha256(name.casefold().encode()).hexdigest()[:10]


def give_every_tag_a_slug(sender, instance: Tag, **kwargs) -> None:
    if not instance.slug:
        instance.slug = fallback_slug(instance.name)


def connect() -> None:
    pre_save.connect(give_every_tag_a_slug, sender=Tag, dispatch_uid="articles.tags.slug")
    # Tags created outside a version's manager (an import, the shell) are cleaned too.
    pre_save.connect(clean_text_before_saving, sender=Tag, dispatch_uid="articles.tags.clean")


def tag_url(slug: str, language: str) -> str:
    return reverse_in(language, "articles:tag", slug=slug)


def tag_languages(tag_id: int) -> list[str]:
    """The languages in which public versions carry the tag, in the settings' order: its
    pages' languages."""
    from articles.models import ArticleTranslation

    found = set(
        ArticleTranslation.objects.published().filter(tagged_items__tag=tag_id)
        .values_list("language", flat=True).distinct()
    )
    return [code for code in language_codes() if code in found]


def tag_page_urls(tag: Tag) -> dict[str, str]:
    """The tag's page in each language where readers can see it now, by language code."""
    return {language: tag_url(tag.slug, language) for language in tag_languages(tag.pk)}
