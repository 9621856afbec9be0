"""Redirects in the admin: kept here, above the redirects app, so that a change form or a
list action never overwrites a colleague's newer change (NoLostEditsAdmin)."""

from django.contrib import admin

from editorial.admin.base import NoLostEditsAdmin
from redirects.models import Redirect


@admin.register(Redirect)
class RedirectAdmin(NoLostEditsAdmin):
    """Recorded automatically when a public slug changes; editors may remove one."""

    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    readonly_fields = ["created_at"]
