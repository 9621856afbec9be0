from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowerplayConfig(AppConfig):
    name = "powerplay"
    verbose_name = _("Power Play")
