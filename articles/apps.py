from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from articles import tags
        from articles.models import ArticleTranslation, PendingChange
        from pagecache.invalidation import watch_models, watch_schedule

        tags.connect()
        # The articles, their versions and their tags are what readers read; a
        # scheduled version changes the pages by itself, at its publication time.
        watch_models(self.get_models(include_auto_created=True))
        watch_models(apps.get_app_config("taggit").get_models(include_auto_created=True))
        watch_schedule(ArticleTranslation.objects.next_publication_after)
        # So do a scheduled update and a scheduled withdrawal, at their instants
        # (editorial makes them happen: pagecache.invalidation.watch_due_changes).
        watch_schedule(PendingChange.objects.next_update_after)
        watch_schedule(ArticleTranslation.objects.next_withdrawal_after)
