"""Tags in the admin: a list that counts their versions, recoverable deletions."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import (
    TaggedArticleTranslation,
)
from articles.tags import tag_page_urls, tag_url
from editorial.recovery import RecoverableAdmin
from redirects.services import redirect_record_moves

# taggit's own Tag admin edits its generic TaggedItem rows, which these tags do not use
# (its merge action would move nothing), and deletes without a trace.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(RecoverableAdmin):
    list_display = ["name", "slug", "version_count"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            version_count=Count("articles_taggedarticletranslation_items")
        )

    @admin.display(description=_("language versions"), ordering="version_count")
    def version_count(self, tag):
        return tag.version_count

    def deleted_with(self, tag):
        # Recovering the tag puts it back on every version that carried it.
        return list(TaggedArticleTranslation.objects.filter(tag=tag))

    def save_model(self, request, obj, form, change):
        # The tag's pages keep answering at their old address in every language.
        saved = Tag.objects.filter(pk=obj.pk).first() if change else None
        before = tag_page_urls(saved) if saved else {}
        super().save_model(request, obj, form, change)
        after = {language: tag_url(obj.slug, language) for language in before}
        redirect_record_moves(before=before, after=after)


