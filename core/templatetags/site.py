from django import template
from django.conf import settings

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
