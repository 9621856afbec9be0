from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content for `make run`, its editor login, and the benchmark's data set."""

    name = "demo"
    verbose_name = _("demo content")
