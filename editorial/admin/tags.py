"""Tags in the admin: a list that counts their versions, recoverable deletions."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.models import (
    TaggedArticleTranslation,
)
from editorial.admin.base import ContentAdmin
from editorial.roles import tags_visible_to, versions_visible_to

# taggit's own Tag admin edits its generic TaggedItem rows, which these tags do not use
# (its merge action would move nothing), and deletes without a trace.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(ContentAdmin):
    list_display = ["name", "slug", "version_count"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]

    def get_queryset(self, request):
        # An author sees the tags, and counts the versions, they may see (roles).
        seen = Q(articles_taggedarticletranslation_items__content_object__in=(
            versions_visible_to(request.user).values("pk")
        ))
        return tags_visible_to(request.user, super().get_queryset(request)).annotate(
            version_count=Count("articles_taggedarticletranslation_items", filter=seen)
        )

    @admin.display(description=_("language versions"), ordering="version_count")
    def version_count(self, tag):
        return tag.version_count

    def deleted_with(self, tag):
        # Recovering the tag puts it back on every version that carried it.
        return list(TaggedArticleTranslation.objects.filter(tag=tag))
