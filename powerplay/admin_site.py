"""The admin site: its sign-in, its guard against NUL characters, the editorial pages,
the editor's day on its index."""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import BadRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PowerPlayAdminSite(admin.AdminSite):
    index_title = _("Editorial desk")

    @property
    def site_header(self) -> str:
        return gettext("%(site)s administration") % {"site": settings.SITE_NAME}

    @property
    def site_title(self) -> str:
        return settings.SITE_NAME

    @property
    def login_form(self):
        # Imported late: this module loads before the auth models are ready.
        from editorial.login_throttle import ThrottledAdminAuthenticationForm

        return ThrottledAdminAuthenticationForm

    def login(self, request, extra_context=None):
        """The sign-in page; a locked-out sign-in is a 429 saying when to come back."""
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        retry_after = getattr(form, "retry_after", None)
        if retry_after is not None:
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response

    def index(self, request, extra_context=None):
        """The editor's day above the list of models (editorial.desk)."""
        from editorial.desk import the_day

        return super().index(request, {"day": the_day(request.user), **(extra_context or {})})

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def refuse_null_characters(request, *args, **kwargs):
            # List filters, searches and autocomplete compare these values with text
            # columns, and PostgreSQL refuses text holding NUL: a 400, not a 500.
            for name, values in request.GET.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    raise BadRequest("A query parameter holds a NUL character.")
            return guarded(request, *args, **kwargs)

        return refuse_null_characters

    def autocomplete_view(self, request):
        from editorial.admin.autocomplete import LabelledAutocompleteJsonView

        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        from editorial.urls import admin_urls

        return [*admin_urls(self), *super().get_urls()]


class PowerPlayAdminConfig(AdminConfig):
    default_site = "powerplay.admin_site.PowerPlayAdminSite"
