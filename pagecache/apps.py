from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """Whole public pages for anonymous readers, never stale (pagecache.middleware)."""

    name = "pagecache"
    verbose_name = _("page cache")
