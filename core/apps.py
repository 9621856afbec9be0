from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base every app builds on: languages, language rows, Markdown, metadata."""

    name = "core"
    verbose_name = _("core")
