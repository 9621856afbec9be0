"""Admin forms of the editorial workflow: no lost edits, and roles applied to fields."""

import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import PENDING_FIELDS, ArticleTranslation, PendingChange, Status
from core.languages import language_choices
from core.slugs import slug_of
from core.text import clean_text
from editorial.diff import side_by_side
from editorial.services import (
    changed_by,
    changes_save,
    conflict_message,
    schedule_refusal,
    slug_following_title,
    transition_refusal,
)
from editorial.translating import ShowsSource

from .roles import AUTHOR_STATUSES, articles_for, can_edit_version, is_editor
from .widgets import MarkdownEditor

# A new version starts as one of these; later states are reached through transitions only.
STARTING_STATUSES = (Status.PLANNED, Status.DRAFT)


TOKEN_FIELD = "loaded_version"
# Posted with the value of the colleague's version the editor chose to save over.
OVERWRITE_FIELD = "overwrite_version"
# The workflow panel's buttons submit the change form under this name, so that what was
# typed is saved first: "<action>:<version pk>", "revoke:<version pk>:<share link pk>".
WORKFLOW_FIELD = "_workflow"
SHARE_ACTIONS = ("share", "revoke")
# The steps that take a time, each from a field of its own in the workflow panel, and
# the label of that field.
TIMED_TRANSITIONS = {
    "schedule": _("Publish at"),
    "schedule_changes": _("Update at"),
    "schedule_withdrawal": _("Withdraw at"),
}
# The steps of a live version's pending changes, which a save with typing creates.
CHANGES_TRANSITIONS = (
    "submit_changes", "schedule_changes", "publish_changes", "discard_changes",
    "changes_back_to_draft",
)
PUBLISH_DIRECTLY_FIELD = "publish_directly"


@dataclass(frozen=True)
class WorkflowStep:
    """The workflow step a change form was submitted with, to follow its save."""

    action: str
    version_pk: int
    link_pk: int | None = None

    @classmethod
    def posted(cls, data) -> "WorkflowStep | None":
        """The step named in a submitted form's data, or None (also for a malformed one)."""
        action, *numbers = str(data.get(WORKFLOW_FIELD) or "").split(":")
        if not action or not numbers or len(numbers) > 2 or not all(
            number.isdigit() for number in numbers
        ):
            return None
        if len(numbers) == 2 and action != "revoke":
            return None
        return cls(action, *(int(number) for number in numbers))

    @property
    def schedule_prefix(self) -> str:
        return schedule_prefix(self.version_pk, self.action)

    def schedule_form(self, data) -> "ScheduleForm":
        return ScheduleForm(data, prefix=self.schedule_prefix, action=self.action)

    def share_note(self, data) -> str:
        return str(data.get(share_note_name(self.version_pk)) or "")[:200]


def schedule_prefix(version_pk: int, action: str = "schedule") -> str:
    """The prefix of the time a timed step (TIMED_TRANSITIONS) of a version takes in the
    workflow panel of a change form: each its own, as several may be offered together."""
    return f"{action.replace('_', '-')}-{version_pk}"


def share_note_name(version_pk: int) -> str:
    return f"share-note-{version_pk}"


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
    """The marker of a row as stored when a form or a list showed it; any save changes it.

    A row with a modification time is marked by it; another (a tag, an editor's profile,
    an account) by a digest of its stored values, the rows it is linked to included (an
    account's groups, a group's permissions).
    """
    if instance is None or instance.pk is None:
        return ""
    updated = getattr(instance, "updated_at", None)
    if updated is not None:
        return updated.isoformat()
    values = [field.value_to_string(instance) for field in instance._meta.concrete_fields]
    values += [
        sorted(str(linked.pk) for linked in getattr(instance, field.name).all())
        for field in instance._meta.many_to_many
    ]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:24]


def stored_token(instance) -> str:
    """The marker of the row as the database holds it now, locked until the transaction ends.

    (SQLite ignores the lock: it lets one writer at a time anyway.)
    """
    rows = type(instance)._base_manager.filter(pk=instance.pk).order_by()
    fresh = rows.select_for_update(of=("self",)).first()
    return edit_token(fresh)


def _shown(field, value) -> str:
    """A value of a form field as the editor reads it, whether stored or typed."""
    if value in (None, "") or (isinstance(value, (list, tuple)) and not value):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        values = list(value)
        keys = [item for item in values if not hasattr(item, "pk")]
        found = {str(obj.pk): obj for obj in field.queryset.filter(pk__in=keys)} if keys else {}
        return ", ".join(str(item if hasattr(item, "pk") else found.get(str(item), item))
                         for item in values)
    if isinstance(field, forms.ModelChoiceField):
        if not hasattr(value, "pk"):
            value = field.queryset.filter(pk=value).first() or value
        return str(value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        return str(labels.get(str(value), value))
    if isinstance(field, forms.BooleanField):
        return str(_("yes") if value else _("no"))
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(sorted(str(item) for item in items))
    return str(value)


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

    The refusal names who changed it and when, shows field by field the stored value and
    the typed one, and keeps what was typed. Saving again goes through only when the
    editor ticks "save mine over it", tied to the very version they were shown: a plain
    second click, or a colleague's further change in between, is refused again.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    @cached_property
    def changed_data(self) -> list[str]:
        # The marker is not the editor's change: a row whose marker alone differs (after
        # "save mine over it") is unchanged, and the history never names the marker.
        return [name for name in super().changed_data if name != TOKEN_FIELD]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        # The version of the stored row this form's save may replace (see the admin).
        self.accepted_version = ""
        if self.instance.pk:
            self.fields[TOKEN_FIELD].initial = edit_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.check_version()
        return cleaned

    def check_version(self) -> None:
        current = edit_token(self.instance)
        sent = self.data.get(self.add_prefix(TOKEN_FIELD)) or ""
        chosen = self.data.get(self.add_prefix(OVERWRITE_FIELD)) or ""
        differences = self.differences()
        if sent == current or chosen == current or not differences:
            # Up to date, or the editor saw this very version and chose their text, or
            # the typed values are the stored ones: nothing of anyone's is lost.
            self.accepted_version = current
            return
        raise ValidationError(self.conflict_notice(differences, current), code="edit_conflict")

    def differences(self) -> list[dict]:
        """Each field whose typed value is not the stored one: its stored and typed values."""
        rows = []
        for name in self.changed_data:
            field = self.fields[name]
            bound = self[name]
            stored = _shown(field, bound.initial)
            typed = _shown(field, self.cleaned_data.get(name, bound.data))
            if stored == typed:
                continue
            left, right = side_by_side(stored, typed)
            rows.append({"label": bound.label, "stored": left, "typed": right})
        return rows

    def conflict_message(self) -> str:
        return _(
            "“%(object)s” was changed by %(who_and_when)s, after you opened it. "
            "Nothing was saved."
        ) % {"object": self.instance, "who_and_when": changed_by(self.instance)}

    def conflict_notice(self, differences: list[dict], current: str):
        return render_to_string("admin/editorial/includes/edit_conflict.html", {
            "message": self.conflict_message(),
            "differences": differences,
            "choice_name": self.add_prefix(OVERWRITE_FIELD),
            "choice_id": f"id_{self.add_prefix(OVERWRITE_FIELD)}",
            "current": current,
        })


HERO_ALT_MISSING = _("Describe the hero image in this language, or mark it as decorative.")


def needs_hero_alt(article) -> bool:
    """Whether each language version must describe the article's hero image."""
    return bool(article and article.hero_image and not article.hero_image_decorative)


def mark_text_language(form) -> None:
    """Tell the browser which language a language row's text boxes are written in.

    It checks the spelling in that language, and a screen reader reads the text in it,
    whatever the language of the admin around it.
    """
    language = getattr(form.instance, "language", "") or form.initial.get("language")
    if not language:
        return
    for field in form.fields.values():
        if isinstance(field.widget, forms.TextInput | forms.Textarea):
            field.widget.attrs["lang"] = language


def offer_image_picker(field: forms.Field, user) -> None:
    """Let the body's image button open the image library's picker (editorial.admin.images)."""
    if user is not None and any(
        user.has_perm(permission) for permission in ("images.add_image", "images.view_image")
    ):
        field.widget.attrs["data-image-picker"] = reverse("admin:images_image_picker")
        field.widget.attrs["data-image-picker-label"] = _("Insert an image")


class LanguageVersionForm(ShowsSource, NoLostEditsForm):
    """The admin's form of a language version; the admin supplies model and fields."""

    class Media:
        js = ["editorial/image-picker.js"]

    class Meta:
        # Kept by the admin's modelform_factory, on a version's page and in the article's.
        widgets = {"body": MarkdownEditor}

    publish_directly = forms.BooleanField(
        label=_("Publish directly (small fix)"), required=False,
        help_text=_("Readers see your changes at once, without pending changes. "
                    "For a small fix only; the history records it as such."),
    )

    def __init__(self, *args, restoring=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A live version keeps its text for readers: what is typed waits as its pending
        # changes (editorial.services.changes_save), and the form continues them. An
        # editor's restore of a revision writes the text back as readers will read it.
        self.live = bool(self.instance.pk) and self.instance.is_published() and not restoring
        self.pending = PendingChange.of(self.instance) if self.live else None
        if self.pending is not None:
            self.initial.update(self.pending.values())
            # The tag field reads tags, not names.
            self.initial["tags"] = [Tag(name=name) for name in self.pending.tag_names]
        if self.user is None or not is_editor(self.user):
            self.fields.pop(PUBLISH_DIRECTLY_FIELD)
        elif not self.live:
            # Kept (an article's page lists live and other versions in one set of
            # fields), but a version readers do not see yet is saved directly anyway.
            self.fields[PUBLISH_DIRECTLY_FIELD].widget = forms.HiddenInput()
        if "body" in self.fields:
            offer_image_picker(self.fields["body"], self.user)
        mark_text_language(self)
        if "status" in self.fields:
            if self.instance.pk:
                self.fields["status"].disabled = True
                self.fields["status"].help_text = _(
                    "Change it with the workflow buttons above the form."
                )
                # Shown as readers see it (a scheduled version whose time has come is
                # published); the stored value is kept, being the only choice.
                self.fields["status"].choices = [
                    (self.instance.status, self.instance.effective_status_label())
                ]
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
            # An author's changes to a live version wait for an editor.
            and not self.live
        ):
            raise ValidationError(_("Only editors can schedule or publish."))
        if cleaned.get("title") and cleaned.get("slug") and "slug" not in self.errors:
            cleaned["slug"] = slug_following_title(
                self.instance, title=cleaned["title"], slug=cleaned["slug"]
            )
        # On its own page a version names its article; within the article's page, the
        # formset checks against the image being saved with it (LanguageVersionFormSet).
        if needs_hero_alt(cleaned.get("article")) and not (cleaned.get("hero_alt") or "").strip():
            self.add_error("hero_alt", HERO_ALT_MISSING)
        if self.keeps_pending:
            moved = [name for name in ("article", "language") if name in self.changed_data]
            if moved:
                raise ValidationError(_(
                    "This version is live: it moves to another article or language only "
                    "with “Publish directly”."), code="live_moved")
        step = WorkflowStep.posted(self.data)
        if step is not None and self.instance.pk and step.version_pk == self.instance.pk:
            self.check_workflow_step(step)
        return cleaned

    @cached_property
    def changed_data(self) -> list[str]:
        # A choice of how to save, not a change of the version (nor of its history).
        return [name for name in super().changed_data if name != PUBLISH_DIRECTLY_FIELD]

    @property
    def keeps_pending(self) -> bool:
        """Whether saving keeps the typing as the live version's pending changes rather
        than writing it to the row readers read."""
        return self.live and not self.publishes_directly

    @property
    def publishes_directly(self) -> bool:
        """Whether an editor chose to save the live version straight to readers."""
        return self.live and bool(
            getattr(self, "cleaned_data", {}).get(PUBLISH_DIRECTLY_FIELD))

    def pending_values(self) -> tuple[dict, list[str]]:
        """The typed text and tag names, as the pending changes of the live version."""
        values = {name: self.cleaned_data[name] for name in PENDING_FIELDS
                  if name in self.cleaned_data}
        tags = self.cleaned_data.get("tags")
        if tags is None:
            tags = self.pending.tag_names if self.pending else [
                tag.name for tag in self.instance.tags.all()]
        return values, list(tags)

    def keep_pending(self):
        """Save the typing as the live version's pending changes."""
        values, tag_names = self.pending_values()
        return changes_save(version=self.instance, values=values, tag_names=tag_names,
                            by=self.user)

    def step_refusal(self, step: WorkflowStep) -> str | None:
        """Why `step` cannot follow this form's save, or None. A step of the pending
        changes reads them as the save leaves them: typing with none yet starts them."""
        version = self.instance
        if (step.action in CHANGES_TRANSITIONS and self.keeps_pending
                and self.pending is None and self.has_changed()):
            version = ArticleTranslation.objects.get(pk=self.instance.pk)
            version.pending_change = PendingChange(status=Status.DRAFT)
        return transition_refusal(version=version, name=step.action, by=self.user)

    def check_workflow_step(self, step: WorkflowStep) -> None:
        """Refuse the whole form when the workflow step it was sent with cannot follow its
        save: nothing is saved, and the editor gets the typing back with the reason."""
        if self.user is None:
            raise ValidationError(_("Unknown action."), code="workflow_refused")
        if step.action in SHARE_ACTIONS:
            permission = "add_sharelink" if step.action == "share" else "change_sharelink"
            if not self.user.has_perm(f"editorial.{permission}"):
                raise ValidationError(_("This action is not open to you."),
                                      code="workflow_refused")
            return
        refusal = self.step_refusal(step)
        if refusal:
            raise ValidationError(refusal, code="workflow_refused")
        # A step acts on the version the page showed (or the one the editor chose to save
        # over), even when the typed text happens to equal a colleague's newer one.
        current = edit_token(self.instance)
        posted = {self.data.get(self.add_prefix(name)) for name in (TOKEN_FIELD, OVERWRITE_FIELD)}
        if current not in posted:
            raise ValidationError(conflict_message(self.instance), code="edit_conflict")
        if step.action in TIMED_TRANSITIONS:
            schedule = step.schedule_form(self.data)
            if not schedule.is_valid():
                raise ValidationError(
                    [error for errors in schedule.errors.values() for error in errors],
                    code="workflow_refused",
                )


class ScheduleForm(forms.Form):
    """A time for a timed step (a publication by default), in the editor's time zone."""

    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In your time zone."),
    )

    def __init__(self, *args, action: str = "schedule", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_at"].label = TIMED_TRANSITIONS.get(action, _("Publish at"))

    def clean_publish_at(self):
        at = self.cleaned_data["publish_at"]
        refusal = schedule_refusal(at)
        if refusal:
            raise ValidationError(refusal)
        return at


class MarkdownPreviewForm(forms.Form):
    """A body being typed, checked as saving it would check it, for the live preview."""

    body = forms.CharField(
        required=False, strip=False,
        validators=ArticleTranslation._meta.get_field("body").validators,
    )
    language = forms.ChoiceField(choices=language_choices, required=False)
