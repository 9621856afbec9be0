from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    """Uploaded images: checked, re-encoded without metadata, served in renditions."""

    name = "images"
    verbose_name = _("Images")
