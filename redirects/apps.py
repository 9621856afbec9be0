from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "redirects"
    verbose_name = _("Redirects")

    def ready(self) -> None:
        from pagecache.invalidation import watch_models

        # A recorded redirect changes what an old address answers.
        watch_models(self.get_models())
