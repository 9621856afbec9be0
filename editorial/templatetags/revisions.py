from django import template

from editorial.revision_comments import comment_text

register = template.Library()


@register.filter
def revision_comment_text(revision) -> str:
    return comment_text(revision.comment)
