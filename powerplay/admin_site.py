"""The admin site, with the editorial pages that belong to no single model."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path
from django.utils.translation import gettext_lazy as _


class PowerPlayAdminSite(admin.AdminSite):
    site_header = _("Power Play administration")
    site_title = _("Power Play")
    index_title = _("Editorial desk")

    def get_urls(self):
        from editorial import views

        return [
            path("calendar/", self.admin_view(views.calendar), name="calendar"),
            path(
                "calendar/address/",
                self.admin_view(views.calendar_address_renew),
                name="calendar_address",
            ),
            path(
                "translations/create/",
                self.admin_view(views.translation_create_view),
                name="translation_create",
            ),
            path(
                "translations/",
                self.admin_view(views.translation_status),
                name="translation_status",
            ),
            *super().get_urls(),
        ]


class PowerPlayAdminConfig(AdminConfig):
    default_site = "powerplay.admin_site.PowerPlayAdminSite"
