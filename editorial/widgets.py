"""The body's Markdown editor: the textarea itself, with a toolbar, preview and outline.

Everything is built around the textarea the form posts, so without JavaScript the page
shows the plain textarea and saving works the same; with it, the toolbar edits the
textarea's own text (native undo, input events for the other scripts of the page).
"""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.forms import Media, Script
from django.urls import reverse


class MarkdownEditor(AdminTextareaWidget):
    template_name = "editorial/widgets/markdown_editor.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 24, "data-markdown-editor": "", **(attrs or {})})

    @property
    def media(self):
        return Media(
            css={"all": ["editorial/markdown-editor.css"]},
            js=[
                Script("editorial/vendor/markdown-toolbar-element/index.js", type="module"),
                Script("editorial/markdown-editor.js", type="module"),
            ],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Resolved when shown, not when the form class is built (before the URLs load).
        context["preview_url"] = reverse("admin:articles_articletranslation_markdown_preview")
        return context
