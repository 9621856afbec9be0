"""Every language version in one list, with the workflow as list actions."""

import json

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import (
    PENDING_FIELDS,
    PENDING_STATUSES,
    ArticleTranslation,
    PendingChange,
    Status,
    render_body,
)
from articles.views import article_preview
from core.markdown import headings_to_json, reading_minutes
from editorial.admin.articles import AnnouncementReviewed
from editorial.admin.autosaving import AutosavedAdmin
from editorial.admin.base import ContentAdmin, token_name
from editorial.admin.workflow import (
    KEPT_PENDING,
    KeepsLiveText,
    RecordsDirectPublication,
    SavedBeforeWorkflow,
    is_restore,
    redirect_back,
    run_transition,
    share_link_create,
    share_link_revoke,
    transition_done_message,
    with_user,
    workflow_panel,
)
from editorial.desk import MINE_PARAMETER, PENDING_PARAMETER, mine
from editorial.diff import side_by_side
from editorial.forms import (
    CHANGES_TRANSITIONS,
    PUBLISH_DIRECTLY_FIELD,
    TIMED_TRANSITIONS,
    TOKEN_FIELD,
    LanguageVersionForm,
    MarkdownPreviewForm,
    ScheduleForm,
    edit_token,
)
from editorial.revision_comments import revision_comment
from editorial.roles import (
    articles_for,
    can_edit_version,
    is_editor,
    person_name,
)
from editorial.translating import translating_context, with_source


class EffectiveStatusFilter(admin.SimpleListFilter):
    """The status staff see (a scheduled version whose time has come is published)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        return queryset.in_effective_status(self.value()) if self.value() else queryset


class PendingChangesFilter(admin.SimpleListFilter):
    """Live versions by the state of their pending changes: the day's review queue of
    changes leads here."""

    title = _("pending changes")
    parameter_name = PENDING_PARAMETER

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in PENDING_STATUSES]

    def queryset(self, request, queryset):
        if self.value() not in PENDING_STATUSES:
            return queryset
        return queryset.filter(pending_change__status=self.value())


class MineFilter(admin.SimpleListFilter):
    """The versions that are the person's own (editorial.desk.mine): "My drafts" leads here."""

    title = _("owner")
    parameter_name = MINE_PARAMETER

    def lookups(self, request, model_admin):
        return [("1", _("mine"))]

    def queryset(self, request, queryset):
        return mine(request.user, queryset) if self.value() == "1" else queryset


@admin.register(ArticleTranslation)
class LanguageVersionAdmin(
    RecordsDirectPublication, AutosavedAdmin, SavedBeforeWorkflow, AnnouncementReviewed,
    ContentAdmin, KeepsLiveText,
):
    """Every language version in one list, with the workflow as list actions."""

    form = LanguageVersionForm
    change_form_template = "admin/articles/articletranslation/change_form.html"
    list_display = ["title", "language", "shown_status", "publish_at", "updated_at"]
    actions = ["submit_selected", "schedule_selected", "publish_selected",
               "publish_changes_selected", "withdraw_selected", "back_to_draft_selected"]
    list_filter = ["language", EffectiveStatusFilter, PendingChangesFilter, MineFilter,
                   "article__series"]
    search_fields = ["title", "article__authors__name"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ["publish_at"]
    date_hierarchy = "publish_at"

    @admin.display(description=_("status"), ordering="status")
    def shown_status(self, version):
        """What readers see: a scheduled version whose time has come is published."""
        return version.effective_status_label()

    def view_on_site(self, version):
        return version.get_absolute_url() if version.is_published() else None

    def announced_articles(self, version) -> set[int]:
        # A version moved to another article changes the working titles of both.
        return {version.article_id, *ArticleTranslation.objects.filter(pk=version.pk)
                .values_list("article_id", flat=True)} - {None}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_editor(request.user):
            return queryset
        return queryset.filter(article__in=articles_for(request.user))

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj)
                  if name not in ("loaded_version", PUBLISH_DIRECTLY_FIELD)]
        if obj is not None and obj.is_published() and is_editor(request.user):
            # An editor's choice on a live version (LanguageVersionForm).
            fields.append(PUBLISH_DIRECTLY_FIELD)
        return ["loaded_version", *fields]

    def construct_change_message(self, request, form, formsets, add=False):
        if not add and getattr(form, "keeps_pending", False) and form.has_changed():
            return revision_comment(KEPT_PENDING)
        return super().construct_change_message(request, form, formsets, add)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        translating = getattr(request, "translating", None)
        if obj is not None and translating is not None:
            form = with_source(form, translating["source"])
        return with_user(form, request.user, restoring=is_restore(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_edit_version(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return is_editor(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        version = self.get_object(request, object_id)
        if version is not None:
            extra_context["workflow"] = workflow_panel(
                request, [version], saves_form=self.has_change_permission(request, version)
            )
            request.translating = extra_context["translating"] = translating_context(
                version, request.GET.get("source")
            )
            extra_context["autosave"] = self.autosave_context(request, version)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("markdown-preview/", view(self.markdown_preview_view),
                 name="articles_articletranslation_markdown_preview"),
            path("<path:object_id>/workflow/", view(self.workflow_view),
                 name="articles_articletranslation_workflow"),
            path("<path:object_id>/changes/", view(self.changes_view),
                 name="articles_articletranslation_changes"),
            path("<path:object_id>/preview/", view(self.preview_view),
                 name="articles_articletranslation_preview"),
            path("<path:object_id>/share/", view(self.share_view),
                 name="articles_articletranslation_share"),
            path("<path:object_id>/share/<int:link_id>/revoke/", view(self.revoke_view),
                 name="articles_articletranslation_revoke"),
            *super().get_urls(),
        ]

    def markdown_preview_view(self, request):
        """A body being typed as readers will get it, with its length and its outline.

        Posted as JSON (`{"body": …, "language": …}`) with the CSRF token in its header;
        answers JSON, an error included.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return JsonResponse(
                {"error": gettext("You may not write language versions.")}, status=403
            )
        try:
            posted = json.loads(request.body)
        except RequestDataTooBig:
            return JsonResponse({"error": gettext("This text is too long to preview.")},
                                status=400)
        except ValueError:
            posted = None
        texts = isinstance(posted, dict) and "body" in posted and all(
            isinstance(value, str) for value in posted.values()
        )
        form = MarkdownPreviewForm(posted if texts else None)
        if not form.is_bound:
            return JsonResponse({"error": gettext("The preview did not receive a text.")},
                                status=400)
        if not form.is_valid():
            messages_ = [message for errors in form.errors.values() for message in errors]
            return JsonResponse({"error": " ".join(messages_)}, status=400)
        rendered = render_body(
            form.cleaned_data["body"], form.cleaned_data["language"] or settings.LANGUAGE_CODE
        )
        minutes = reading_minutes(rendered.word_count)
        return JsonResponse({
            "html": rendered.html,
            "headings": headings_to_json(rendered.headings),
            "word_count": rendered.word_count,
            "reading_minutes": minutes,
            "words_label": ngettext(
                "%(count)s word", "%(count)s words", rendered.word_count
            ) % {"count": formats.number_format(rendered.word_count, force_grouping=True)},
            # The public page's own words for it.
            "reading_label": ngettext(
                "%(minutes)s minute read", "%(minutes)s minute read", minutes
            ) % {"minutes": minutes},
        })

    def changes_view(self, request, object_id):
        """"Compare with live": a live version's text as readers read it beside its
        pending changes, field by field, with the steps open to this person."""
        version = self.get_object(request, unquote(object_id))
        if version is None or not self.has_view_permission(request, version):
            messages.error(request, gettext(
                "This language version does not exist, or is not yours to see."))
            return HttpResponseRedirect(
                reverse("admin:articles_articletranslation_changelist"))
        pending = PendingChange.of(version) if version.is_published() else None
        if pending is None:
            messages.info(request, gettext(
                "“%(title)s” (%(language)s) has no pending changes: readers see its text "
                "as it is.") % {"title": version.title, "language": version.language.upper()})
            return HttpResponseRedirect(
                reverse("admin:articles_articletranslation_change", args=[version.pk]))
        panel, = workflow_panel(request, [version])
        panel["transitions"] = [step for step in panel["transitions"]
                                if step[0] in CHANGES_TRANSITIONS]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": version,
            "title": gettext("Compare with live"),
            "pending": pending,
            "pending_by": person_name(pending.created_by) or "—",
            "changed_by": person_name(pending.changed_by) or "—",
            "fields": pending_differences(version, pending),
            "tags": tag_differences(version, pending),
            "item": panel,
            "next": reverse("admin:articles_articletranslation_change", args=[version.pk]),
        }
        return TemplateResponse(
            request, "admin/articles/articletranslation/changes.html", context)

    def preview_view(self, request, object_id):
        """The version exactly as readers will see it, for staff who may open it."""
        version = self.get_object(request, unquote(object_id))
        if version is None or not self.has_view_permission(request, version):
            raise PermissionDenied
        return article_preview(request, version.pk, preview=_("Staff preview."))

    def share_view(self, request, object_id):
        """Create a private link to the preview, for a reader outside the team."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = self.get_object(request, unquote(object_id))
        if version is None or not request.user.has_perm("editorial.add_sharelink"):
            raise PermissionDenied
        share_link_create(request, version, request.POST.get("note", ""))
        return redirect_back(request, version)

    def revoke_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = self.get_object(request, unquote(object_id))
        if version is None or not request.user.has_perm("editorial.change_sharelink"):
            raise PermissionDenied
        share_link_revoke(request, version, link_id)
        return redirect_back(request, version)

    def workflow_view(self, request, object_id):
        """One transition of one version, from a button on a change page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = self.get_object(request, object_id)
        if version is None or not self.has_view_permission(request, version):
            raise PermissionDenied
        name = request.POST.get("transition", "")
        marker = request.POST.get(TOKEN_FIELD)
        at = None
        if name in TIMED_TRANSITIONS:
            form = ScheduleForm(request.POST, action=name)
            if not form.is_valid():
                for error in form.errors.get("publish_at", []):
                    messages.error(request, error)
                return redirect_back(request, version)
            at = form.cleaned_data["publish_at"]
        if run_transition(request, version, name, marker, at=at):
            messages.success(request, transition_done_message(name, version))
        return redirect_back(request, version)

    def run_action(self, request, queryset, name, at=None):
        done = 0
        select_across = request.POST.get("select_across") == "1"
        for version in queryset:
            # Checked against the list's marker already (NoLostEditsAdmin), again under
            # lock. "Select all" reaches rows the list did not show: those act on the row
            # as read just now.
            marker = request.POST.get(token_name(version.pk))
            if marker is None and select_across:
                marker = edit_token(version)
            if run_transition(request, version, name, marker, at=at):
                done += 1
        if done:
            messages.success(request, ngettext(
                "%(count)d version updated.", "%(count)d versions updated.", done
            ) % {"count": done})

    @admin.action(description=_("Send to review"), permissions=["change"])
    def submit_selected(self, request, queryset):
        self.run_action(request, queryset, "submit")

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.run_action(request, queryset, "publish")

    @admin.action(description=_("Publish pending changes"), permissions=["publish"])
    def publish_changes_selected(self, request, queryset):
        self.run_action(request, queryset, "publish_changes")

    @admin.action(description=_("Withdraw from the site"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.run_action(request, queryset, "withdraw")

    @admin.action(description=_("Send back to draft"), permissions=["change"])
    def back_to_draft_selected(self, request, queryset):
        self.run_action(request, queryset, "back_to_draft")

    @admin.action(description=_("Schedule…"), permissions=["publish"])
    def schedule_selected(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self.run_action(request, queryset, "schedule", at=form.cleaned_data["publish_at"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Schedule the selected versions"),
            "form": form,
            "versions": queryset,
            "tokens": {v.pk: request.POST.get(token_name(v.pk), "") for v in queryset},
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/articletranslation/schedule.html",
                                context)


def pending_differences(version: ArticleTranslation, pending: PendingChange) -> list[dict]:
    """Each text of the version, live and pending, with the words that differ marked."""
    fields = []
    for name in PENDING_FIELDS:
        live, typed = getattr(version, name) or "", getattr(pending, name) or ""
        left, right = side_by_side(live, typed)
        fields.append({
            "label": ArticleTranslation._meta.get_field(name).verbose_name,
            "live": left, "pending": right, "changed": live != typed,
        })
    return fields


def tag_differences(version: ArticleTranslation, pending: PendingChange) -> dict:
    live = {tag.name for tag in version.tags.all()}
    typed = set(pending.tag_names)
    return {"live": sorted(live), "pending": sorted(typed),
            "removed": sorted(live - typed), "added": sorted(typed - live)}
