from django.apps import AppConfig, apps
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base every app builds on: languages, language rows, Markdown, metadata."""

    name = "core"
    verbose_name = _("core")

    def ready(self) -> None:
        from core.models import CleanText
        from core.text import clean_text_before_saving

        for model in apps.get_models():
            if issubclass(model, CleanText):
                pre_save.connect(
                    clean_text_before_saving, sender=model,
                    dispatch_uid=f"core.text.clean:{model._meta.label_lower}",
                )
