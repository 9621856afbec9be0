"""Admin forms of the editorial workflow: no lost edits, and roles applied to fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import Status
from core.text import clean_text
from editorial.services import conflict_message, schedule_refusal

from .roles import AUTHOR_STATUSES, articles_for, can_edit_version, is_editor

# A new version starts as one of these; later states are reached through transitions only.
STARTING_STATUSES = (Status.PLANNED, Status.DRAFT)


def edit_token(instance) -> str:
    return instance.updated_at.isoformat() if instance.updated_at else ""


def normalised_text(value) -> str:
    """Text as the site stores it (core.text.clean_text), without the whitespace around it
    that a form field strips: what an editor cannot tell apart in a text box."""
    return clean_text(str(value or "")).strip()


class CleanTextForm(forms.ModelForm):
    """A text field that reads the same as it is stored is unchanged.

    A browser sends a text area's lines ended by CRLF, and a form field strips the
    whitespace around a value, while text imported or seeded is stored with bare line
    feeds and often a final one. Compared as sent, saving a form without touching it
    would change every text: a revision date on public pages, translations flagged as
    stale, "Changed body" in the history. So text is compared normalised, and a text
    that did not change keeps its stored value; a changed one is stored cleaned
    (core.text, on save).
    """

    @cached_property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name not in self.same_text]

    @cached_property
    def same_text(self) -> set[str]:
        """The text fields whose typed value reads the same as their initial one."""
        same = set()
        for name, bound in self._bound_items():
            # Plain text fields only: the subclasses (URLs, slugs, tags) read values their way.
            if type(bound.field) is not forms.CharField or bound.field.disabled:
                continue
            if normalised_text(bound.initial) == normalised_text(bound.data):
                same.add(name)
        return same

    def _post_clean(self):
        if self.instance.pk:
            for name in self.same_text & set(self.cleaned_data):
                self.cleaned_data[name] = self[name].initial
        super()._post_clean()


class NoLostEditsForm(CleanTextForm):
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
