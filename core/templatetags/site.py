from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`path` as an absolute URL on the host the reader asked for."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path
