"""Configurations of the libraries' apps, where the site needs its own."""

from django.utils.translation import gettext_lazy as _
from taggit.apps import TaggitAppConfig


class TagsConfig(TaggitAppConfig):
    # The admin names a section after its app: "Tags", not the library's name.
    verbose_name = _("Tags")
