"""Deleting in the admin leaves a revision behind; only editors recover or restore.

django-reversion's VersionAdmin records saves made through the admin and lists deleted
objects for recovery from their last revision. Two gaps are closed here:

- A deletion itself saves a revision, just before the rows go, so an object created
  outside the admin (the demo content, an import, a service) or changed since its last
  admin save comes back exactly as it was deleted.
- Recovering and restoring replay a whole revision, which may carry other rows (all the
  language versions of an article): editors only, as for publishing.
"""

from collections.abc import Iterable
from contextlib import contextmanager

import reversion
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop
from reversion.admin import VersionAdmin
from reversion.models import Version

from core.models import Translatable
from editorial.revision_comments import MARK, revision_comment
from editorial.roles import is_editor


def record_deletion(objects: Iterable[models.Model], *, by) -> None:
    """Save one revision of ``objects`` (and what each follows) as they stand now.

    Call it right before deleting them, outside any revision block: reversion writes a
    revision when its outermost block closes, and keeps only rows that still exist then.
    """
    objects = list(objects)
    if not objects:
        return
    if reversion.is_active():
        raise RuntimeError("record_deletion() must run outside any reversion block.")
    with reversion.create_revision():
        for obj in objects:
            reversion.add_to_revision(obj)
        reversion.set_user(by)
        reversion.set_comment(revision_comment(gettext_noop("Deleted in the admin")))


class RecoverableAdmin(VersionAdmin):
    """A VersionAdmin whose deletions are recorded and whose history is editors' work."""

    @contextmanager
    def create_revision(self, request):
        with super().create_revision(request):
            yield
            # reversion words a restore's comment in the restorer's language, for good:
            # kept in none, so that each reader reads it in theirs (revision_comments).
            restored = getattr(request, "restored_revision", None)
            comment = reversion.get_comment()
            if restored is not None and comment and not comment.startswith(MARK):
                reversion.set_comment(revision_comment(
                    gettext_noop("Reverted to previous version, saved on %(datetime)s"),
                    datetime=restored.date_created,
                ))

    def deleted_with(self, obj) -> list[models.Model]:
        """Rows the database deletes along with ``obj`` that its revision does not follow.

        They go into its deletion revision, so recovering ``obj`` brings them back too.
        """
        return []

    def delete_model(self, request, obj):
        record_deletion([obj, *self.deleted_with(obj)], by=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One revision per object: recovering one must not bring back the others.
        for obj in queryset:
            record_deletion([obj, *self.deleted_with(obj)], by=request.user)
        super().delete_queryset(request, queryset)

    # reversion keeps the change message as read by whoever saved; the history shows it in
    # the reader's language from what the admin's log stores (revision_comments).
    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if isinstance(form.instance, Translatable):
            # The object's name comes from its language rows, prefetched before the
            # inlines saved them: the success message and the history must not show
            # the title it had before.
            form.instance.refresh_from_db(fields=[form.instance.LANGUAGE_ROWS])

    def changelist_view(self, request, extra_context=None):
        context = {
            # reversion's list template offers "Recover deleted …" on this flag.
            "has_change_permission": (
                is_editor(request.user) and self.has_change_permission(request)
            ),
            **(extra_context or {}),
        }
        # VersionAdmin holds one revision open around the whole list view, for
        # list_editable. These lists edit nothing in place, and inside that block the
        # deletion revisions above would be dropped: each action records its own.
        return admin.ModelAdmin.changelist_view(self, request, context)

    def recoverlist_view(self, request, extra_context=None):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not is_editor(request.user):
            raise PermissionDenied
        request.restored_revision = get_object_or_404(Version, pk=version_id).revision
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring replays the whole revision, published text of other versions included.
        if not is_editor(request.user):
            raise PermissionDenied
        request.restored_revision = get_object_or_404(Version, pk=version_id).revision
        return super().revision_view(request, object_id, version_id, extra_context)
