from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from editorial.admin.base import NoLostEditsAdmin
from editorial.calendar import feed_address
from editorial.models import EditorProfile, NoticeKind

RENEW_BUTTON = "_renew_calendar"


@admin.register(EditorProfile)
class EditorProfileAdmin(NoLostEditsAdmin):
    """Each staff member opens and changes their own profile; superusers manage them all."""

    change_form_template = "admin/editorial/editorprofile/change_form.html"
    list_display = ["user", "author", "time_zone"]
    list_select_related = ["user", "author"]
    autocomplete_fields = ["user", "author"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "author__name"]
    fieldsets = [
        (None, {"fields": ["user", "author", "time_zone"]}),
        (_("E-mail notifications"), {
            "fields": ["language", *(EditorProfile.switch(kind) for kind in NoticeKind)],
            "description": _("Which e-mails you receive about the articles, and in which "
                             "language. Untick a kind to stop receiving it."),
        }),
    ]
    actions = ["renew_calendar_addresses", "revoke_calendar_addresses"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        # Who signs as whom decides which articles an author may edit: not theirs to pick.
        if request.user.is_superuser:
            return []
        return ["user", "author"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self._own_or_superuser(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._own_or_superuser(request, obj)

    def _own_or_superuser(self, request, obj) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.is_superuser or obj is None or obj.user_id == user.pk

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        profile = self.get_object(request, object_id)
        if profile is not None:
            extra_context["calendar"] = {
                "exists": bool(profile.calendar_token),
                "own": profile.user_id == request.user.pk,
                "address": feed_address(request, profile)
                if profile.user_id == request.user.pk else "",
                "button": RENEW_BUTTON,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if RENEW_BUTTON in request.POST and self.has_change_permission(request, obj):
            obj.renew_calendar_token()
            messages.success(request, gettext(
                "The calendar address is new; the old one no longer works."
            ))
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.action(description=_("Create or renew the calendar address"), permissions=["change"])
    def renew_calendar_addresses(self, request, queryset):
        for profile in queryset:
            profile.renew_calendar_token()
            self.log_change(request, profile, [{"changed": {"fields": ["calendar_token"]}}])
        count = len(queryset)
        messages.success(request, ngettext(
            "%(count)d calendar address created or renewed; old addresses no longer work.",
            "%(count)d calendar addresses created or renewed; old addresses no longer work.",
            count,
        ) % {"count": count})

    @admin.action(description=_("Revoke the calendar address"), permissions=["change"])
    def revoke_calendar_addresses(self, request, queryset):
        revoked = list(queryset.exclude(calendar_token=None))
        for profile in revoked:
            profile.calendar_token = None
            profile.save(update_fields=["calendar_token"])
            self.log_change(request, profile, [{"changed": {"fields": ["calendar_token"]}}])
        count = len(revoked)
        messages.success(request, ngettext(
            "%(count)d calendar address revoked.",
            "%(count)d calendar addresses revoked.",
            count,
        ) % {"count": count})
