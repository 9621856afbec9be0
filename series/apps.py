from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SeriesConfig(AppConfig):
    name = "series"
    verbose_name = pgettext_lazy("plural", "Series")

    def ready(self) -> None:
        from pagecache.invalidation import watch_models

        # Readers see series on every page that names one.
        watch_models(self.get_models(include_auto_created=True))
