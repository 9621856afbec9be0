"""What every page of the back office shares: no lost edits, and no error page on a race.

Two people work on the same things at the same moment. Whatever they save:

- a change form or a list action never replaces a change made after it was loaded; the
  refusal says who changed what and when (editorial.forms.NoLostEditsForm);
- a unique value taken by a colleague in the same instant (a slug, a part number) ends as
  the form's error on that field, with what was typed kept, never as a server error.
"""

import json
from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext

from editorial.admin.wording import add_row_label, add_title, form_title, list_title
from editorial.forms import SLUG_FIELDS, TOKEN_FIELD, NoLostEditsForm, edit_token, stored_token
from editorial.recovery import RecoverableAdmin
from editorial.revision_comments import with_field_msgids
from editorial.roles import visible_to
from editorial.services import changed_by, old_addresses_kept, public_urls


class SaveRace(Exception):
    """The row changed between the form's checks and its save (a colleague saved first)."""


def token_name(pk) -> str:
    """The name under which a list row posts its version marker."""
    return f"token-{pk}"


def with_token_field(form_class, fieldsets):
    """The fieldsets, the form's version marker first when the form carries one."""
    if not issubclass(form_class, NoLostEditsForm) or TOKEN_FIELD in flatten_fieldsets(
        fieldsets
    ):
        return fieldsets
    (name, options), *rest = fieldsets
    return [(name, {**options, "fields": [TOKEN_FIELD, *options["fields"]]}), *rest]


class NoLostEditsInline(admin.options.InlineModelAdmin):
    """An inline whose rows each refuse to overwrite a newer change (NoLostEditsForm)."""

    form = NoLostEditsForm

    def get_fieldsets(self, request, obj=None):
        return with_token_field(self.form, super().get_fieldsets(request, obj))


class WordedAdmin(admin.ModelAdmin):
    """Titles and buttons said whole in each language (editorial.admin.wording)."""

    def changelist_view(self, request, extra_context=None):
        context = {"title": list_title(self.model), "add_label": add_title(self.model)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        can_change = add or self.has_change_permission(request, obj)
        if title := form_title(self.model, add=add, can_change=can_change):
            context["title"] = title
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            if label := add_row_label(inline_formset.opts.model):
                data = json.loads(inline_formset.inline_formset_data())
                data["options"]["addText"] = label
                # The inline templates read it as an attribute.
                inline_formset.inline_formset_data = partial(json.dumps, data)
        return inline_formsets


class NoLostEditsAdmin(WordedAdmin):
    """A ModelAdmin whose change forms and list actions never overwrite a newer change."""

    form = NoLostEditsForm
    delete_selected_confirmation_template = "admin/editorial/delete_selected_confirmation.html"
    # Tries of one save: the last one only shows the form again with the colleague's
    # value in place, when the database refused a save that the checks let through twice.
    SAVE_TRIES = 3

    # Change forms ------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        return with_token_field(self.form, super().get_fieldsets(request, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        # `change` by name: Django's UserAdmin takes it only so.
        form = super().get_form(request, obj, change=change, **kwargs)
        if not getattr(request, "save_refused", False):
            return form

        class RefusedForm(form):
            def clean(self):
                cleaned = super().clean()
                raise ValidationError(
                    gettext("A colleague saved a conflicting change at the same moment. "
                            "Nothing was saved: check the values, then save again."),
                    code="save_race",
                )
                return cleaned

        RefusedForm.__name__ = form.__name__
        return RefusedForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        for attempt in range(1, self.SAVE_TRIES + 1):
            try:
                # A savepoint: the refused save leaves nothing behind, even inside a
                # request's own transaction.
                with transaction.atomic(using=router.db_for_write(self.model)):
                    return super().changeform_view(request, object_id, form_url, extra_context)
            except (IntegrityError, SaveRace):
                if request.method != "POST" or attempt == self.SAVE_TRIES:
                    raise
                # The colleague's row is committed by now (the database waits for it
                # before refusing ours): checked again, the form names the taken value,
                # or the newer version, on the field concerned.
                request.save_refused = attempt + 1 == self.SAVE_TRIES
        raise AssertionError("unreachable")

    def save_model(self, request, obj, form, change):
        if change:
            self.check_still_current(form)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            if row.instance.pk and not formset._should_delete_form(row):
                self.check_still_current(row)
        super().save_formset(request, form, formset, change)

    def check_still_current(self, form) -> None:
        """Lock the row, and refuse to save when it is no longer the version the form checked."""
        if not isinstance(form, NoLostEditsForm) or not form.instance.pk:
            return
        if stored_token(form.instance) != form.accepted_version:
            raise SaveRace

    def construct_change_message(self, request, form, formsets, add=False):
        # Read in each reader's language, field names included.
        return with_field_msgids(
            super().construct_change_message(request, form, formsets, add), form, formsets, add
        )

    # List actions ------------------------------------------------------------------------

    def action_checkbox(self, obj):
        # The marker travels with the list, so an action never overrides a newer change.
        return format_html(
            '{}<input type="hidden" name="{}" value="{}">',
            super().action_checkbox(obj), token_name(obj.pk), edit_token(obj),
        )

    def response_action(self, request, queryset):
        select_across = request.POST.get("select_across") == "1"
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        tokens, stale = {}, []
        for obj in queryset.filter(pk__in=selected):
            sent = request.POST.get(token_name(obj.pk))
            if sent is None and select_across:
                # "Select all" reaches rows the list did not show: none was seen stale.
                continue
            if sent != edit_token(obj):
                stale.append(obj)
            else:
                tokens[obj.pk] = sent
        for obj in stale:
            messages.error(request, gettext(
                "“%(object)s” was changed by %(who_and_when)s, after the list was shown: "
                "the action left it as it is. Check it, then try again."
            ) % {"object": obj, "who_and_when": changed_by(obj)})
        if stale:
            if not select_across and len(stale) == len(selected):
                return HttpResponseRedirect(request.get_full_path())
            queryset = queryset.exclude(pk__in=[obj.pk for obj in stale])
        response = super().response_action(request, queryset)
        if isinstance(response, TemplateResponse) and not response.is_rendered:
            # An action's confirmation page posts the markers back with its answer.
            response.context_data["edit_tokens"] = tokens
        return response


class VisibleChoices:
    """ModelAdmin and inline mixin: every relation offers only what the person may see.

    The same list is what a posted value is checked against, so an id typed by hand
    that the person may not see is refused like any other invalid choice.
    """

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return visible_to(request.user, queryset)


class ContentAdmin(VisibleChoices, NoLostEditsAdmin, RecoverableAdmin):
    """The admin of what readers see: recoverable, and renaming never breaks a link.

    A save that changes an address readers know (a slug, a version's or a series text's
    language), whether typed or restored from the history, leaves a 301 from the old one
    (editorial.services), committed with the change itself. Slugs follow the site's one
    rule (core.slugs).
    """

    formfield_overrides = SLUG_FIELDS

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # reversion writes the revision's rows back before the form is even shown: the
        # addresses readers know now must be read first.
        obj = self.get_object(request, unquote(object_id))
        request.addresses_before = public_urls(obj) if obj is not None else {}
        return super().revision_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if change and not hasattr(request, "addresses_before"):
            request.addresses_before = public_urls(obj)
        super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        # The last step of a change, inside its transaction, once every inline is saved
        # (and, for an article, its versions' workflow state is put back after a restore).
        old_addresses_kept(obj, getattr(request, "addresses_before", {}))
        return super().log_change(request, obj, message)


def autocomplete_source(request) -> tuple[str, str, str] | None:
    """The field an admin autocomplete request fills in, or None for any other request."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    return tuple(request.GET.get(name, "") for name in ("app_label", "model_name", "field_name"))
