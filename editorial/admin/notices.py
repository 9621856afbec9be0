"""The outbox of notification e-mails, for editors to see what was not sent and why."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial.admin.base import WordedAdmin
from editorial.models import Notice, NoticeStatus
from editorial.notifications import send_again
from editorial.roles import is_editor


@admin.register(Notice)
class NoticeAdmin(WordedAdmin):
    """Read only: the worker writes and sends these; an editor may only have one retried."""

    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts",
                    "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "address", "recipient__username"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = ["kind", "recipient", "address", "language", "subject", "body", "status",
              "attempts", "last_error", "created_at", "sent_at", "instant", "article",
              "version"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_send_permission(self, request):
        return is_editor(request.user)

    @admin.action(description=_("Send again now"), permissions=["send"])
    def send_again(self, request, queryset):
        count = send_again(queryset)
        messages.success(request, ngettext(
            "%(count)d e-mail handed to the worker to be sent again.",
            "%(count)d e-mails handed to the worker to be sent again.",
            count,
        ) % {"count": count})

    def get_list_display(self, request):
        # Why a notice was not sent is the first thing an editor looks for.
        if request.GET.get("status__exact") == NoticeStatus.FAILED:
            return [*self.list_display[:-1], "last_error"]
        return self.list_display
