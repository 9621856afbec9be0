from django.db import models
from django.utils.translation import gettext_lazy as _


class Redirect(models.Model):
    """An old public address that now answers 301 to where its page moved."""

    old_path = models.CharField(
        _("old address"), max_length=600, unique=True,
        help_text=_("A path such as /fr/articles/old-slug/, without the host."),
    )
    new_path = models.CharField(_("new address"), max_length=600, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"
