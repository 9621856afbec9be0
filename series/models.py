from datetime import datetime

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import ArticleTranslation
from core.i18n import reverse_in
from core.models import CleanText, LanguageRow, Translatable
from images.fields import RandomFileName, ResponsiveImageField, refresh_renditions


class SeriesQuerySet(models.QuerySet):
    def public(self, language: str | None = None, at: datetime | None = None):
        """Series readers find in `language` (in any language when None) at `at`.

        The one rule for every public surface: a series is public in a language once it
        has a text there and one of its parts is public there (see
        SeriesTranslationQuerySet.public()).
        """
        texts = SeriesTranslation.objects.public(language, at=at)
        return self.filter(Exists(texts.filter(series=OuterRef("pk"))))


class SeriesTranslationQuerySet(models.QuerySet):
    def public(self, language: str | None = None, at: datetime | None = None):
        """The series texts readers find at `at`: those whose series has a part public in
        the text's language. Only in `language`, when given."""
        parts = ArticleTranslation.objects.published(at=at).filter(
            article__series=OuterRef("series"), language=OuterRef("language")
        )
        texts = self.filter(Exists(parts))
        return texts.filter(language=language) if language else texts


class Series(Translatable, CleanText):
    """An ongoing set of articles on one theme; its text lives in SeriesTranslation rows."""

    cover_image = ResponsiveImageField(
        _("cover image"), upload_to=RandomFileName("series"), blank=True
    )
    cover_renditions = models.JSONField(editable=False, default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("series")
        # One English word, two French ones ("séries").
        verbose_name_plural = pgettext_lazy("plural", "series")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        row = self.in_language_or_any()
        return row.title if row else _("Series #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        refresh_renditions(self, "cover_image", "cover_renditions")
        super().save(*args, **kwargs)

    def public_urls(self) -> dict[int, str]:
        """Where readers find this series: its page in each of its texts, by text."""
        return {text.pk: text.get_absolute_url() for text in self.translations.all()}


class SeriesTranslation(LanguageRow):
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="translations", verbose_name=_("series")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    blurb = models.TextField(
        _("blurb"),
        blank=True,
        help_text=_(
            "Shown at the top of each article of the series: "
            "“This article is part of an ongoing series – title – which explores …”. "
            "Write what follows “which explores”."
        ),
    )
    cover_alt = models.CharField(
        _("cover image text alternative"), max_length=300, blank=True,
        help_text=_("Describe the cover image for readers who cannot see it."),
    )

    objects = SeriesTranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("series text")
        verbose_name_plural = _("series texts")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "language"],
                name="series_translation_one_per_language",
                violation_error_message=_("This series already has a text in this language."),
            ),
            models.UniqueConstraint(
                fields=["language", "slug"],
                name="series_translation_unique_slug_per_language",
                violation_error_message=_(
                    "Another series already uses this slug in this language."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse_in(self.language, "series:detail", slug=self.slug)

    @property
    def blurb_clause(self) -> str:
        """The blurb as the end of "… which explores ….": without its own full stop, which
        the sentence around it brings."""
        return self.blurb.strip().rstrip(".").rstrip()
