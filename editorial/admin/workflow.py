"""What the article and version pages share: the workflow panel and its buttons."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import admin, messages
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleTranslation, PendingChange, Status
from editorial import services
from editorial.forms import (
    TIMED_TRANSITIONS,
    LanguageVersionForm,
    ScheduleForm,
    WorkflowStep,
    edit_token,
    schedule_prefix,
    share_note_name,
)
from editorial.models import ShareLink
from editorial.roles import person_name

# The admin log's words for a save of a live version whose typing waits for an editor.
KEPT_PENDING = gettext_noop(
    "Changes kept as pending changes: readers see them once an editor publishes them."
)


def with_user(form_class, user, **extra):
    """The admin form class, bound to the person editing, for role-aware fields (and to
    `extra` arguments of the form's)."""

    class UserForm(form_class):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("user", user)
            for name, value in extra.items():
                kwargs.setdefault(name, value)
            super().__init__(*args, **kwargs)

    UserForm.__name__ = form_class.__name__
    return UserForm


def is_restore(request) -> bool:
    """Whether the request restores a revision from the history (or recovers a deleted
    object): an editor's choice of text for readers, never kept as pending changes."""
    match = getattr(request, "resolver_match", None)
    return bool(match) and match.url_name.endswith(("_revision", "_recover"))


TRANSITIONS = {
    "submit": services.version_submit,
    "schedule": services.version_schedule,
    "publish": services.version_publish,
    "withdraw": services.version_withdraw,
    "back_to_draft": services.version_back_to_draft,
    "submit_changes": services.changes_submit,
    "schedule_changes": services.changes_schedule,
    "publish_changes": services.changes_publish,
    "discard_changes": services.changes_discard,
    "changes_back_to_draft": services.changes_back_to_draft,
    "schedule_withdrawal": services.version_schedule_withdrawal,
    "cancel_withdrawal": services.version_cancel_withdrawal,
}

TRANSITION_LABELS = {
    "submit": _("Send to review"),
    "schedule": _("Schedule"),
    "publish": _("Publish now"),
    "withdraw": _("Withdraw"),
    "back_to_draft": _("Back to draft"),
    "submit_changes": _("Send changes to review"),
    "schedule_changes": _("Schedule changes"),
    "publish_changes": _("Publish changes"),
    "discard_changes": _("Discard changes"),
    "changes_back_to_draft": _("Changes back to draft"),
    "schedule_withdrawal": _("Schedule withdrawal"),
    "cancel_withdrawal": _("Cancel withdrawal"),
}


def run_transition(request, version, name, marker: str | None, *, at=None) -> bool:
    """Apply one transition through its service; tell the editor when it is refused.

    `marker` is the version's marker (editorial.forms.edit_token) as the page or list the
    person acted on showed it. Without one, nobody can tell what the person saw: refused
    like a stale one, naming who changed the version last and when.
    """
    service = TRANSITIONS.get(name)
    if service is None:
        messages.error(request, gettext("Unknown action."))
        return False
    expected = parse_datetime(marker or "")
    if expected is None:
        messages.error(request, services.conflict_message(version))
        return False
    kwargs = {"version": version, "by": request.user, "expected_updated_at": expected}
    if name in TIMED_TRANSITIONS:
        kwargs["at"] = at
    try:
        done = service(**kwargs)
    except services.TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return False
    if name in ("publish", "schedule"):
        missing = services.version_missing_texts(done)
        if missing:
            # Not a refusal: the editor may publish first and have the texts follow.
            messages.warning(request, gettext(
                "Readers of “%(title)s” (%(language)s) will miss these texts in their "
                "language: %(missing)s."
            ) % {"title": done.title, "language": done.language.upper(),
                 "missing": "; ".join(missing)})
    return True


def transition_label(name: str, version) -> str:
    """The button's words for `name` on `version`: sending scheduled changes back to
    draft is, for whoever reads the panel, cancelling the update."""
    if name == "changes_back_to_draft" and services.pending_status(version) == Status.SCHEDULED:
        return gettext("Cancel the scheduled update")
    return TRANSITION_LABELS[name]


def transition_done_message(name: str, version) -> str:
    return gettext("“%(title)s” (%(language)s): %(action)s — done.") % {
        "title": version.title,
        "language": version.language.upper(),
        "action": TRANSITION_LABELS[name],
    }


def redirect_back(request, version):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:articles_articletranslation_change", args=[version.pk])
    return HttpResponseRedirect(target)


def share_link_create(request, version, note: str) -> ShareLink:
    """A private link to the version's preview, for a reader outside the team."""
    link = ShareLink.objects.create(version=version, created_by=request.user, note=note[:200])
    messages.success(request, format_html(
        gettext("Share link created, valid until {}: {}"),
        formats.date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT"),
        request.build_absolute_uri(link.get_absolute_url()),
    ))
    return link


def share_link_revoke(request, version, link_id: int) -> None:
    revoked = ShareLink.objects.filter(
        pk=link_id, version=version, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if revoked:
        messages.success(request, gettext("The share link no longer opens the preview."))


def workflow_panel(request, versions, *, saves_form: bool = False) -> list[dict]:
    """For each version: its status, publish time and the buttons this person may use.

    With `saves_form`, the buttons submit the page's change form (SavedBeforeWorkflow);
    otherwise (a page the person may only view) each is a form of its own.
    """
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    versions = sorted(versions, key=lambda version: order.get(version.language, len(order)))
    posted = WorkflowStep.posted(request.POST) if request.method == "POST" else None
    return [
        {
            "version": version,
            "saves_form": saves_form,
            "token": edit_token(version),
            # Each step with its time field, for a timed one.
            "transitions": [
                (name, transition_label(name, version),
                 time_form(request, version, name, posted, saves_form=saves_form)
                 if name in TIMED_TRANSITIONS else None)
                for name in services.allowed_transitions(version, request.user)
            ],
            "action": reverse("admin:articles_articletranslation_workflow", args=[version.pk]),
            **live_state(version),
            "share_note_name": share_note_name(version.pk) if saves_form else "note",
            "share_note": posted.share_note(request.POST)
            if posted and posted.version_pk == version.pk else "",
            "preview_url": reverse("admin:articles_articletranslation_preview",
                                   args=[version.pk]),
            "share_url": reverse("admin:articles_articletranslation_share", args=[version.pk])
            if request.user.has_perm("editorial.add_sharelink") else None,
            "share_links": [
                {
                    "link": link,
                    "url": request.build_absolute_uri(link.get_absolute_url()),
                    "revoke_url": reverse("admin:articles_articletranslation_revoke",
                                          args=[version.pk, link.pk]),
                }
                for link in version.share_links.active()
            ] if request.user.has_perm("editorial.view_sharelink") else [],
        }
        for version in versions
    ]




def time_form(request, version, name: str, posted, *, saves_form: bool) -> ScheduleForm:
    """The time field of the timed step `name` of `version` in the workflow panel."""
    prefix = schedule_prefix(version.pk, name)
    if not saves_form:
        return ScheduleForm(auto_id=f"{prefix}-%s", action=name)
    # The time typed for a refused submission comes back with the reason.
    typed = posted and posted.action == name and posted.version_pk == version.pk
    return ScheduleForm(request.POST if typed else None, prefix=prefix, auto_id="%s",
                        action=name)


def live_state(version) -> dict:
    """What the panel says of a live version: readers keep its text while changes wait
    (their state, who prepared them, since when, and where to compare them)."""
    live = version.is_published()
    pending = PendingChange.of(version) if live else None
    return {
        "live": live,
        "pending": pending,
        "pending_by": (person_name(pending.created_by) or "—") if pending else "",
        "compare_url": reverse("admin:articles_articletranslation_changes",
                               args=[version.pk]) if pending else None,
    }




class KeepsLiveText(admin.ModelAdmin):
    """ModelAdmin base, last before Django's own: saving a live version's form keeps the
    typing as its pending changes (LanguageVersionForm.keeps_pending) instead of writing
    the row readers read; "publish directly" writes the row, and the revision says so
    (RecordsDirectPublication).

    Every step of a save around it (the no-lost-edits check and lock, the workflow
    step that follows, the announcements) runs as for any save.
    """

    def save_model(self, request, obj, form, change):
        if change and getattr(form, "keeps_pending", False):
            if form.has_changed():
                form.keep_pending()
            return
        super().save_model(request, obj, form, change)
        if change and getattr(form, "publishes_directly", False) and form.has_changed():
            request.published_directly = True

    def save_related(self, request, form, formsets, change):
        if change and getattr(form, "keeps_pending", False):
            # The tags typed are the pending change's, not the live row's.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)


class RecordsDirectPublication:
    """ModelAdmin mixin, first of its bases: a save an editor published directly (a
    small fix of a live version, "publish directly") is recorded as such in its revision,
    over the change message reversion puts there."""

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if getattr(request, "published_directly", False):
            services.version_publish_directly(version=obj, by=request.user)
        return entry


@dataclass
class Saving:
    """A change form submitted with a workflow step, as its save goes."""

    step: WorkflowStep
    # Kept from the save, for the step: every form of the page, and the rows written.
    forms: list = field(default_factory=list)
    saved: set = field(default_factory=set)
    skipped: bool = False
    done: bool = False

    def version_form(self) -> LanguageVersionForm | None:
        return next((
            form for form in self.forms
            if isinstance(form, LanguageVersionForm) and form.instance.pk == self.step.version_pk
        ), None)


class SavedBeforeWorkflow:
    """ModelAdmin mixin: the workflow panel's buttons submit the change form, so that what
    the editor typed is saved first and the step applies to it, in one transaction.

    A form that does not validate, or a step that cannot follow (LanguageVersionForm
    checks it with the rest), comes back with its errors and the typing kept, nothing
    saved. A form with nothing changed is not saved at all: the step alone runs, with no
    "no fields changed" entry in the history.
    """

    def change_view(self, request, object_id, form_url="", extra_context=None):
        step = WorkflowStep.posted(request.POST) if request.method == "POST" else None
        if step is None:
            return super().change_view(request, object_id, form_url, extra_context)
        request.workflow_saving = saving = Saving(step)
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().change_view(request, object_id, form_url, extra_context)
            # Once the save's revision is closed (reversion's VersionAdmin.change_view):
            # the step records its own.
            if saving.done:
                self.run_workflow_step(request, saving)
        return response

    def _create_formsets(self, request, obj, change):
        # The one place Django hands over a change form's formsets before save_model(),
        # which must know whether anything on the page changed.
        formsets, inlines = super()._create_formsets(request, obj, change)
        saving = getattr(request, "workflow_saving", None)
        if saving is not None:
            # A new start on each try of the save (NoLostEditsAdmin.SAVE_TRIES).
            saving.forms = [form for formset in formsets for form in formset.forms]
            saving.saved, saving.skipped = set(), False
        return formsets, inlines

    def save_model(self, request, obj, form, change):
        saving = getattr(request, "workflow_saving", None)
        if saving is not None:
            saving.forms.insert(0, form)
            saving.skipped = not any(each.has_changed() for each in saving.forms)
            if saving.skipped:
                return
        super().save_model(request, obj, form, change)
        if saving is not None:
            saving.saved.add((type(obj), obj.pk))

    def save_related(self, request, form, formsets, change):
        saving = getattr(request, "workflow_saving", None)
        if saving is not None and saving.skipped:
            return
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        saving = getattr(request, "workflow_saving", None)
        if saving is not None:
            saving.saved.update((type(obj), obj.pk) for obj, _fields in formset.changed_objects)

    def construct_change_message(self, request, form, formsets, add=False):
        saving = getattr(request, "workflow_saving", None)
        if saving is not None and saving.skipped:
            return []
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        saving = getattr(request, "workflow_saving", None)
        if saving is not None and saving.skipped:
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        saving = getattr(request, "workflow_saving", None)
        if saving is None:
            return super().response_change(request, obj)
        saving.done = True
        if not saving.skipped:
            self.message_user(request, gettext("Your changes to “%(object)s” were saved.")
                              % {"object": obj}, messages.SUCCESS)
        # Back to the same page, whatever the step's outcome.
        return HttpResponseRedirect(request.get_full_path())

    def run_workflow_step(self, request, saving: Saving) -> None:
        step = saving.step
        form = saving.version_form()
        version = (
            ArticleTranslation.objects.filter(pk=step.version_pk).first() if form else None
        )
        if version is None:
            messages.error(request, gettext("Unknown action."))
            return
        if step.action == "share":
            share_link_create(request, version, step.share_note(request.POST))
            return
        if step.action == "revoke":
            share_link_revoke(request, version, step.link_pk)
            return
        # A row saved just now is locked by this transaction since its check
        # (NoLostEditsAdmin): the step acts on what was written. Another acts on the version
        # the form was checked against, and is refused if a colleague changed it since.
        saved = (ArticleTranslation, version.pk) in saving.saved
        marker = edit_token(version) if saved else form.accepted_version
        at = None
        if step.action in TIMED_TRANSITIONS:
            schedule = step.schedule_form(request.POST)
            if not schedule.is_valid():
                messages.error(request, " ".join(
                    error for errors in schedule.errors.values() for error in errors))
                return
            at = schedule.cleaned_data["publish_at"]
        if run_transition(request, version, step.action, marker, at=at):
            messages.success(request, transition_done_message(step.action, version))
