"""Who works in the admin, and the private links they hand out."""

import secrets
from datetime import timedelta
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SHARE_LINK_LIFETIME = timedelta(days=7)
SHARE_LINK_SALT = "editorial.share-link"


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones())]


class EditorProfile(models.Model):
    """What the admin needs to know about a staff member beyond their login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_profile",
        verbose_name=_("user"),
    )
    author = models.OneToOneField(
        "authors.Author", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="editor_profile", verbose_name=_("signs as"),
        help_text=_("The byline this login writes under: authors edit only these articles."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Europe/Paris",
        help_text=_("Publication times are entered and shown in this time zone."),
    )
    calendar_token = models.CharField(
        _("calendar address key"), max_length=64, unique=True, null=True, blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("editor profile")
        verbose_name_plural = _("editor profiles")
        permissions = [
            ("publish_articles", _("Can schedule, publish and withdraw language versions")),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def renew_calendar_token(self) -> str:
        """A new secret calendar address; the old one stops working."""
        self.calendar_token = secrets.token_urlsafe(32)
        self.save(update_fields=["calendar_token"])
        return self.calendar_token


def default_share_link_expiry():
    return timezone.now() + SHARE_LINK_LIFETIME


class ShareLinkQuerySet(models.QuerySet):
    def active(self, at=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class ShareLink(models.Model):
    """A private, expiring preview of one unpublished language version, for outside readers."""

    version = models.ForeignKey(
        "articles.ArticleTranslation", on_delete=models.CASCADE, related_name="share_links",
        verbose_name=_("language version"),
    )
    note = models.CharField(
        _("for"), max_length=200, blank=True,
        help_text=_("Who the link was given to, for your own records."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=default_share_link_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.version)

    def get_absolute_url(self) -> str:
        # No timestamp in the signature: the link's address stays the same on every page.
        token = signing.Signer(salt=SHARE_LINK_SALT).sign_object(
            {"link": self.pk, "version": self.version_id}
        )
        return reverse("editorial:shared-preview", kwargs={"token": token})

    def is_active(self, at=None) -> bool:
        return self.revoked_at is None and self.expires_at > (at or timezone.now())


AUTOSAVE_LIFETIME = timedelta(days=30)


class AutosaveQuerySet(models.QuerySet):
    def current(self, at=None):
        """The copies young enough to be offered back; older ones are deleted on writes."""
        return self.filter(saved_at__gt=(at or timezone.now()) - AUTOSAVE_LIFETIME)

    def expired(self, at=None):
        return self.filter(saved_at__lte=(at or timezone.now()) - AUTOSAVE_LIFETIME)


class Autosave(models.Model):
    """What one person typed in one admin form and has not saved: their copy alone.

    Never applied to the object and never shown to readers: the same person, opening the
    same form, is offered to put it back in the form, and still saves it as any typing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("user"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind"),
    )
    object_id = models.CharField(
        _("object"), max_length=64, blank=True,
        help_text=_("Empty for the form that adds a new one."),
    )
    fields = models.JSONField(_("typed fields"), default=dict)
    saved_at = models.DateTimeField(_("typed at"), auto_now=True, db_index=True)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("autosaved text")
        verbose_name_plural = _("autosaved texts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"],
                name="editorial_autosave_one_per_person_and_form",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.content_type.model} {self.object_id or '+'}"
