from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """All content in one file, to move it between sites or keep it (export/import_content)."""

    name = "archive"
    verbose_name = _("content archive")
