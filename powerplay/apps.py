from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowerplayConfig(AppConfig):
    name = "powerplay"
    verbose_name = _("Power Play")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from powerplay.search import register_fold_function

        connection_created.connect(register_fold_function, dispatch_uid="powerplay.search.fold")
