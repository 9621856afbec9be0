from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self) -> None:
        from editorial.services import make_due_changes
        from pagecache.invalidation import watch_due_changes

        # A scheduled update or withdrawal is made by the first request at or after its
        # instant, before anything is read (or by the worker, if no request comes).
        watch_due_changes(make_due_changes)
