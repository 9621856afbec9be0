"""Change forms that keep a copy of what the editor types (editorial.autosave)."""

from django.contrib.admin.options import IS_POPUP_VAR

from editorial.autosave import (
    DISCARD_FIELD,
    OBJECT_FIELD,
    autosave_discard,
    autosave_offer,
    autosave_url,
)


class AutosavedAdmin:
    """ModelAdmin mixin: the add and change forms post a copy of their text fields as the
    editor types, offer it back when it is newer than what is stored, and forget it once
    the form is saved."""

    autosaves = True

    def stored_at(self, obj):
        """When what the form shows of `obj` was last saved."""
        return obj.updated_at

    def autosave_context(self, request, obj=None) -> dict | None:
        """What the form's page needs to keep a copy, and the copy it offers back if any
        (the add view's own; a change view calls it with the object it shows)."""
        if IS_POPUP_VAR in request.GET:
            return None
        if not (self.has_change_permission(request, obj) if obj is not None
                else self.has_add_permission(request)):
            return None
        object_id = str(obj.pk) if obj is not None else ""
        return {
            "url": autosave_url(self.model),
            "object_field": OBJECT_FIELD,
            "discard_field": DISCARD_FIELD,
            "object_id": object_id,
            # Once the form is posted, the page shows what was posted.
            "offer": autosave_offer(
                user=request.user, model=self.model, object_id=object_id,
                stored_at=self.stored_at(obj) if obj is not None else None,
            ) if request.method == "GET" else None,
        }

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "autosave": self.autosave_context(request)}
        return super().add_view(request, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        autosave_discard(user=request.user, model=self.model, object_id="")
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        autosave_discard(user=request.user, model=self.model, object_id=str(obj.pk))
        return super().response_change(request, obj)
