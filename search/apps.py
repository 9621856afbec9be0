from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search of the public language versions (search.query, search.views)."""

    name = "search"
    verbose_name = _("search")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from search.query import register_fold_function

        connection_created.connect(register_fold_function, dispatch_uid="search.fold")
