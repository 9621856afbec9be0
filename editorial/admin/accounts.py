"""Accounts and groups in the admin: Django's own pages, with no lost edits.

A change form or a list action never overwrites a colleague's newer change
(NoLostEditsAdmin); adding an account and changing a password are Django's forms as
they are (nothing stored to overwrite, or a single field set on purpose).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group

from editorial.admin.base import NoLostEditsAdmin
from editorial.forms import NoLostEditsForm

User = get_user_model()

admin.site.unregister(User)
admin.site.unregister(Group)


class AccountChangeForm(NoLostEditsForm, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        pass


@admin.register(User)
class AccountAdmin(NoLostEditsAdmin, UserAdmin):
    form = AccountChangeForm

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            # The add form: nothing stored yet, so no version marker.
            return UserAdmin.get_fieldsets(self, request, obj)
        return super().get_fieldsets(request, obj)

    def get_queryset(self, request):
        # Groups and permissions are part of an account's version marker (edit_token).
        return super().get_queryset(request).prefetch_related("groups", "user_permissions")


@admin.register(Group)
class AccountGroupAdmin(NoLostEditsAdmin, GroupAdmin):
    def get_queryset(self, request):
        # Permissions are part of a group's version marker (edit_token).
        return super().get_queryset(request).prefetch_related("permissions")
