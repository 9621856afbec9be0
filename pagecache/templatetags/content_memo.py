"""`{% per_content "name" arg … %}…{% end_per_content %}`: a part of a template rendered
once per content state (pagecache.memo), by its name, arguments and the active language.

The part must show nothing but content and the language: nothing of the request (its
host, its query, the user), which is the same for every reader only by chance.
"""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from pagecache.memo import memo

register = template.Library()


class PerContentNode(template.Node):
    def __init__(self, nodelist, name, arguments):
        self.nodelist, self.name, self.arguments = nodelist, name, arguments

    def render(self, context):
        key = (
            "fragment", self.name, translation.get_language(),
            tuple(argument.resolve(context) for argument in self.arguments),
        )
        return mark_safe(memo.get(key, lambda: self.nodelist.render(context)))


@register.tag
def per_content(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' needs a name, then what the part depends on."
        )
    name = bits[1].strip("\"'")
    if not name or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a quoted name first.")
    nodelist = parser.parse(("end_per_content",))
    parser.delete_first_token()
    return PerContentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
