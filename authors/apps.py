from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = _("Authors")

    def ready(self) -> None:
        from pagecache.invalidation import watch_models

        # Readers see authors in every byline.
        watch_models(self.get_models(include_auto_created=True))
