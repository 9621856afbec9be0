"""Admin forms of the editorial workflow: no lost edits, and roles applied to fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Status
from core.slugs import slug_of
from editorial.services import conflict_message, schedule_refusal

from .roles import AUTHOR_STATUSES, articles_for, can_edit_version, is_editor

# A new version starts as one of these; later states are reached through transitions only.
STARTING_STATUSES = (Status.PLANNED, Status.DRAFT)


class RuleSlugField(forms.SlugField):
    """A slug field that writes what the editor typed with the site's one slug rule
    (core.slugs), as the admin's script does while the title is typed: "De l’IA" is
    saved as "de-l-ia"."""

    def to_python(self, value):
        value = super().to_python(value)
        # Unicode slugs (taggit's tags) keep the rule of the app that makes them.
        return slug_of(value) if value and not self.allow_unicode else value


SLUG_FIELDS = {models.SlugField: {"form_class": RuleSlugField}}


def edit_token(instance) -> str:
    return instance.updated_at.isoformat() if instance.updated_at else ""


class NoLostEditsForm(forms.ModelForm):
    """Refuses to save over a change made by someone else after this form was loaded.

    What the person typed stays in the form, so they can merge it and save again.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = edit_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            key = self.add_prefix("loaded_version")
            sent = self.data.get(key)
            current = edit_token(self.instance)
            if sent and sent != current:
                # The next deliberate save, after merging, goes through.
                self.data = self.data.copy()
                self.data[key] = current
                raise ValidationError(self.conflict_message(), code="edit_conflict")
        return cleaned

    def conflict_message(self) -> str:
        when = formats.date_format(timezone.localtime(self.instance.updated_at), "DATETIME_FORMAT")
        return _(
            "Someone else saved this article on %(when)s, after you opened it. "
            "Nothing was saved: check the current version, then save again."
        ) % {"when": when}


HERO_ALT_MISSING = _("Describe the hero image in this language, or mark it as decorative.")


def needs_hero_alt(article) -> bool:
    """Whether each language version must describe the article's hero image."""
    return bool(article and article.hero_image and not article.hero_image_decorative)


class LanguageVersionForm(NoLostEditsForm):
    """The admin's form of a language version; the admin supplies model and fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            if self.instance.pk:
                self.fields["status"].disabled = True
                self.fields["status"].help_text = _(
                    "Change it with the workflow buttons above the form."
                )
            else:
                self.fields["status"].choices = [
                    (value, label) for value, label in Status.choices
                    if value in STARTING_STATUSES
                ]
        if "publish_at" in self.fields:
            self.fields["publish_at"].disabled = True
            self.fields["publish_at"].help_text = _(
                "Set by “Schedule” or “Publish now”; shown in your time zone."
            )
        if "article" in self.fields and self.user is not None and not is_editor(self.user):
            # An author adds versions to the articles they sign, and never moves one: the
            # list of choices is also what the posted value is checked against.
            self.fields["article"].queryset = articles_for(
                self.user, self.fields["article"].queryset
            )
            if self.instance.pk:
                self.fields["article"].disabled = True
        if (
            self.user is not None
            and self.instance.pk
            and not can_edit_version(self.user, self.instance)
        ):
            for field in self.fields.values():
                field.disabled = True

    def conflict_message(self) -> str:
        return conflict_message(self.instance)

    def clean_tags(self):
        # A name without a letter or digit ("]]>", "—") is most likely a slip, and its
        # page would have a made-up address (articles.tags): ask for a word instead.
        tags = self.cleaned_data.get("tags") or []
        longest = Tag._meta.get_field("name").max_length
        errors = [
            ValidationError(
                _("“%(tag)s” cannot be a tag: a tag needs at least one letter or digit."),
                code="tag_without_slug", params={"tag": name},
            )
            for name in tags if not Tag().slugify(name)
        ] + [
            ValidationError(
                _("A tag is at most %(limit)d characters long: shorten “%(tag)s…”."),
                code="tag_too_long", params={"tag": name[:30], "limit": longest},
            )
            for name in tags if len(name) > longest
        ]
        if errors:
            raise ValidationError(errors)
        return tags

    def clean(self):
        cleaned = super().clean()
        if (
            self.user is not None
            and not is_editor(self.user)
            and cleaned.get("status") not in (None, *AUTHOR_STATUSES)
        ):
            raise ValidationError(_("Only editors can schedule or publish."))
        # On its own page a version names its article; within the article's page, the
        # formset checks against the image being saved with it (LanguageVersionFormSet).
        if needs_hero_alt(cleaned.get("article")) and not (cleaned.get("hero_alt") or "").strip():
            self.add_error("hero_alt", HERO_ALT_MISSING)
        return cleaned


class ScheduleForm(forms.Form):
    """A publication time, entered in the editor's time zone."""

    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In your time zone."),
    )

    def clean_publish_at(self):
        at = self.cleaned_data["publish_at"]
        refusal = schedule_refusal(at)
        if refusal:
            raise ValidationError(refusal)
        return at
