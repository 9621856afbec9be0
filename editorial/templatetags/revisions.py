from datetime import datetime

from django import template
from django.utils import formats
from django.utils.translation import gettext

from editorial.revision_comments import comment_text

register = template.Library()


@register.filter
def revision_comment_text(revision) -> str:
    return comment_text(revision.comment)


@register.filter(expects_localtime=True)
def to_the_second(value: datetime) -> str:
    """A revision's date and time with seconds: two saves in the same minute differ."""
    return gettext("%(date)s at %(time)s") % {
        "date": formats.date_format(value, "DATE_FORMAT"),
        "time": formats.time_format(value, "H:i:s"),
    }
