import datetime

from django import template
from django.conf import settings
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`path` as an absolute URL on the host the reader asked for."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag
def site_name() -> str:
    """The publication's name (settings.SITE_NAME); needs no request, so error pages use it."""
    return settings.SITE_NAME


@register.simple_tag
def site_description() -> str:
    """What the publication publishes, in one sentence of the active language."""
    return str(settings.SITE_DESCRIPTION)


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """"?…" for page `number` of this list, keeping only the parameters that change the
    page (settings.PAGE_PARAMETERS, such as a search's words): never a tracking one."""
    request = context["request"]
    kept = [
        (name, value)
        for name, values in request.GET.lists()
        if name in settings.PAGE_PARAMETERS and name != "page"
        for value in values
    ]
    return "?" + urlencode([*kept, ("page", number)])


@register.filter(expects_localtime=True)
def machine_datetime(value: datetime.date | None) -> str:
    """The moment for a `<time datetime>`: ISO 8601 to the second, in the current time zone.

    Django's `date:"c"` keeps microseconds, and HTML allows at most three digits of a
    fraction of a second.
    """
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.replace(microsecond=0)
    return value.isoformat()
