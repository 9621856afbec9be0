from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = _("series")

    def ready(self) -> None:
        from pagecache.invalidation import watch_models

        # Readers see series on every page that names one.
        watch_models(self.get_models(include_auto_created=True))
