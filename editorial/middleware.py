import contextlib
import zoneinfo

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from pagecache.state import current_state


class EditorTimeZoneMiddleware:
    """Show and read times in the signed-in editor's own time zone, in the admin.

    Public pages never look at the session, so they stay shareable by caches.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("admin:index")

    def __call__(self, request):
        timezone.deactivate()
        if request.path_info.startswith(self.admin_prefix) and request.user.is_authenticated:
            profile = getattr(request.user, "editor_profile", None)
            if profile is not None:
                with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                    timezone.activate(zoneinfo.ZoneInfo(profile.time_zone))
        return self.get_response(request)


class DueChangesMiddleware:
    """Make the scheduled changes due by now before an admin page is shown.

    Public pages make them as they read the page cache's state (pagecache.state); the
    admin reads the same state, so an editor never sees changes as scheduled after their
    instant, nor edits a live text readers no longer read. Kept by each process like
    the state itself: no query while nothing is due and nothing changed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        return reverse("admin:index")

    def __call__(self, request):
        # A page read, not a form sent: that acts on the stored row under its own lock.
        if request.method in ("GET", "HEAD") and request.path_info.startswith(
            self.admin_prefix
        ):
            current_state(timezone.now())
        return self.get_response(request)
