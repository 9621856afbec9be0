"""The image library: pictures placed inside article bodies, with their texts per language.

An image is uploaded once (through the same checks and renditions as a hero image) and
may be placed in any number of bodies. What readers are told about it (its text
alternative, caption and credit) is written once per language, in ImageText rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import CleanText, LanguageRow, Translatable
from images.fields import RandomFileName, ResponsiveImageField, refresh_renditions


class Image(Translatable, CleanText):
    """A picture of the library, shown inside article bodies as a figure."""

    file = ResponsiveImageField(
        _("image"), upload_to=RandomFileName("images"),
        help_text=_("A JPEG, PNG or WebP picture, at least 800 pixels wide for sharp pages."),
    )
    renditions = models.JSONField(editable=False, default=dict, blank=True)
    decorative = models.BooleanField(
        _("decorative"), default=False,
        help_text=_("Tick when the image adds nothing a text alternative would say."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        text = self.in_language_or_any()
        label = (text.caption or text.alt) if text else ""
        return label or _("Image #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        refresh_renditions(self, "file", "renditions")
        super().save(*args, **kwargs)

    def markdown(self, language: str | None = None) -> str:
        """How a body places this image: a paragraph of its own (core.markdown)."""
        text = self.in_language_or_any(language)
        label = (text.alt or text.caption) if text else ""
        # Markdown reads a backslash as escaping what follows ("C:\]" would not close the
        # label) and brackets as nesting: neither may reach the label as typed.
        label = " ".join(label.replace("\\", "/").replace("[", "(").replace("]", ")").split())
        return f"![{label}](image:{self.pk})"


class ImageText(LanguageRow):
    """What readers of one language are told about an image."""

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="translations", verbose_name=_("image")
    )
    alt = models.CharField(
        _("text alternative"), max_length=300, blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.CharField(
        _("caption"), max_length=500, blank=True,
        help_text=_("Shown under the image."),
    )
    credit = models.CharField(
        _("credit"), max_length=200, blank=True,
        help_text=_("Who made the image or holds its rights, e.g. “Photo: Jane Doe / Agency”."),
    )

    class Meta:
        verbose_name = _("image text")
        verbose_name_plural = _("image texts")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "language"],
                name="image_text_one_per_language",
                violation_error_message=_("This image already has texts in this language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alt or self.caption} ({self.language})"
