"""The editorial pages: share links outside the admin, and the admin's own pages."""

from django.contrib.admin import AdminSite
from django.urls import URLPattern, path

from editorial import autosave, sharing, views

app_name = "editorial"

urlpatterns = [
    path("share/<str:token>/", sharing.shared_preview, name="shared-preview"),
]


def admin_urls(site: AdminSite) -> list[URLPattern]:
    """The editorial pages that belong to no single model, inside `site` (admin:…)."""
    return [
        path("calendar/", site.admin_view(views.calendar), name="calendar"),
        path(
            "calendar/address/",
            site.admin_view(views.calendar_address_renew),
            name="calendar_address",
        ),
        path(
            "translations/create/",
            site.admin_view(views.version_create_view),
            name="version_create",
        ),
        path("translations/", site.admin_view(views.translation_status), name="translation_status"),
        path(
            "autosave/<str:app_label>/<str:model_name>/",
            site.admin_view(autosave.autosave_view),
            {"site": site},
            name="autosave",
        ),
        path("notes/<int:article_id>/", site.admin_view(views.article_notes),
             name="article_notes"),
        # Django's own "View on site" shortcut, which leads anyone anywhere: replaced.
        path(
            "r/<int:content_type_id>/<path:object_id>/",
            site.admin_view(views.view_on_site),
            name="view_on_site",
        ),
    ]
