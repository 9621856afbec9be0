from datetime import datetime

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleTranslation
from core.i18n import reverse_in
from core.languages import language_codes
from core.markdown import render_markdown
from core.models import CleanText, LanguageRow, Translatable
from images.fields import RandomFileName, ResponsiveImageField, refresh_renditions


class AuthorQuerySet(models.QuerySet):
    def public(self, language: str | None = None, at: datetime | None = None):
        """Authors readers find in `language` (in any language when None) at `at`.

        The one rule for every public surface: an author is public in a language once
        they sign a version public there; their page, the lists, sitemaps, feeds and the
        API all start from here.
        """
        signed = ArticleTranslation.objects.published(at=at).filter(
            article__bylines__author=OuterRef("pk")
        )
        if language:
            signed = signed.in_language(language)
        return self.filter(Exists(signed))

    def public_languages(self, at: datetime | None = None) -> dict[int, list[str]]:
        """The languages each of these authors is public in: {author id: [codes]}."""
        rows = (
            ArticleTranslation.objects.published(at=at)
            .filter(article__bylines__author__in=self.values("pk"))
            .values_list("article__bylines__author", "language").distinct().order_by()
        )
        found: dict[int, set[str]] = {}
        for author_id, language in rows:
            found.setdefault(author_id, set()).add(language)
        return {pk: [code for code in language_codes() if code in codes]
                for pk, codes in found.items()}

    def with_texts(self, language: str):
        """Authors with their text in `language` (as `texts_here`) and their links."""
        return self.prefetch_related(
            models.Prefetch(
                "translations",
                queryset=AuthorTranslation.objects.filter(language=language),
                to_attr="texts_here",
            ),
            "links",
        )


class Author(Translatable, CleanText):
    """A person who signs articles; not a login."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    honours = models.CharField(
        _("honours"), max_length=100, blank=True,
        help_text=_("Post-nominal letters as the author writes them, for example FBA FFASL."),
    )
    portrait = ResponsiveImageField(
        _("portrait"), upload_to=RandomFileName("authors"), blank=True
    )
    portrait_renditions = models.JSONField(editable=False, default=dict, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        refresh_renditions(self, "portrait", "portrait_renditions")
        super().save(*args, **kwargs)

    def get_absolute_url(self, language: str | None = None) -> str:
        """The author's page in `language`, by default in the active one."""
        return reverse_in(language or translation.get_language(), "authors:detail", slug=self.slug)

    def public_urls(self) -> dict[str, str]:
        """Where readers find this author: their page, in every language."""
        return {code: self.get_absolute_url(code) for code in language_codes()}

    @property
    def display_name(self) -> str:
        return f"{self.name} {self.honours}".strip()


class AuthorTranslation(LanguageRow):
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="translations", verbose_name=_("author")
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True,
        help_text=_("One line, for example “Professor at Imperial College Business School”."),
    )
    bio = models.TextField(_("biography"), blank=True, help_text=_("Markdown."))
    bio_html = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("author biography")
        verbose_name_plural = _("author biographies")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "language"],
                name="author_translation_one_per_language",
                violation_error_message=_("This author already has a biography in this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author.name} ({self.language})"

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio).html
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "bio_html"}
        super().save(*args, **kwargs)


class AuthorLink(CleanText):
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="links", verbose_name=_("author")
    )
    label = models.CharField(_("label"), max_length=100)
    url = models.URLField(_("address"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label
