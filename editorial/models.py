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

from core.languages import language_choices

SHARE_LINK_LIFETIME = timedelta(days=7)
SHARE_LINK_SALT = "editorial.share-link"


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones())]


def site_language() -> str:
    return settings.LANGUAGE_CODE


class NoticeKind(models.TextChoices):
    """What an e-mail notification is about; each login can turn each kind off."""

    IN_REVIEW = "in_review", _("a version is sent to review")
    BACK_TO_DRAFT = "back_to_draft", _("a version of mine is sent back to draft")
    SCHEDULED = "scheduled", _("a version of mine is scheduled")
    PUBLISHED = "published", _("a version of mine is published")
    WITHDRAWN = "withdrawn", _("a version of mine is withdrawn")
    OVERDUE = "overdue", _("a planned article is past its target date")
    NOTE = "note", _("a note is left on an article I sign or edit")


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
    language = models.CharField(
        _("language of e-mails"), max_length=16, choices=language_choices,
        default=site_language,
    )
    # One switch per NoticeKind, named notify_<kind> (wants()).
    notify_in_review = models.BooleanField(NoticeKind.IN_REVIEW.label, default=True)
    notify_back_to_draft = models.BooleanField(NoticeKind.BACK_TO_DRAFT.label, default=True)
    notify_scheduled = models.BooleanField(NoticeKind.SCHEDULED.label, default=True)
    notify_published = models.BooleanField(NoticeKind.PUBLISHED.label, default=True)
    notify_withdrawn = models.BooleanField(NoticeKind.WITHDRAWN.label, default=True)
    notify_overdue = models.BooleanField(NoticeKind.OVERDUE.label, default=True)
    notify_note = models.BooleanField(NoticeKind.NOTE.label, default=True)

    class Meta:
        verbose_name = _("editor profile")
        verbose_name_plural = _("editor profiles")
        permissions = [
            ("publish_articles", _("Can schedule, publish and withdraw language versions")),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def switch(kind: str) -> str:
        """The field that turns notices of `kind` on or off."""
        return f"notify_{kind}"

    def wants(self, kind: str) -> bool:
        return getattr(self, self.switch(kind))

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
class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("not sent")


class Notice(models.Model):
    """One notification e-mail to one person: the outbox, and its record once sent.

    Written in the recipient's language when it is due; the worker sends it, again
    after a failure (editorial.notifications). A notice is due once: one row per kind,
    subject (the version, else the article), instant and recipient, however many
    workers find it due at the same moment.
    """

    kind = models.CharField(_("about"), max_length=32, choices=NoticeKind.choices)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("article"),
    )
    version = models.ForeignKey(
        "articles.ArticleTranslation", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("language version"),
    )
    instant = models.DateTimeField(_("due"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("recipient"),
    )
    address = models.EmailField(_("address"))
    language = models.CharField(_("language"), max_length=16)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail notification")
        verbose_name_plural = _("e-mail notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "version", "instant", "recipient"],
                condition=models.Q(version__isnull=False),
                name="notice_once_per_version",
            ),
            models.UniqueConstraint(
                fields=["kind", "article", "instant", "recipient"],
                condition=models.Q(version__isnull=True),
                name="notice_once_per_article",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="notice_status")]

    def __str__(self) -> str:
        return self.subject


class Note(models.Model):
    """A comment in the editorial thread of a language version, or of the article itself
    (version empty): for the byline's authors and the editors, never for readers."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("article"),
    )
    version = models.ForeignKey(
        "articles.ArticleTranslation", on_delete=models.CASCADE, null=True, blank=True,
        related_name="+", verbose_name=_("language version"),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("written by"),
    )
    text = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("editorial note")
        verbose_name_plural = _("editorial notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
