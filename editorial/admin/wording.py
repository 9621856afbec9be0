"""What the admin's titles and buttons say about each model, written whole.

Django words them from a model's verbose name ("Add %s", "Add another %(verbose_name)s"),
which reads well in English only: French needs the noun's gender and elision ("Nouvel
article", "Modifier la série", "Ajouter un auteur"), so each phrase is a msgid of its
own. A model missing here keeps Django's wording, which our catalogue rephrases without
an article (editorial.rephrased_strings).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Titles:
    add: str  # the add page's title, its breadcrumb and the list's add button
    change: str
    view: str  # for someone who may look but not change


# msgids in the admin's English words, for the catalogue to say them whole.
TITLES = {
    "articles.article": Titles(
        pgettext_lazy("admin page title", "Add article"),
        pgettext_lazy("admin page title", "Change article"),
        pgettext_lazy("admin page title", "View article"),
    ),
    "articles.articletranslation": Titles(
        pgettext_lazy("admin page title", "Add language version"),
        pgettext_lazy("admin page title", "Change language version"),
        pgettext_lazy("admin page title", "View language version"),
    ),
    "authors.author": Titles(
        pgettext_lazy("admin page title", "Add author"),
        pgettext_lazy("admin page title", "Change author"),
        pgettext_lazy("admin page title", "View author"),
    ),
    "series.series": Titles(
        pgettext_lazy("admin page title", "Add series"),
        pgettext_lazy("admin page title", "Change series"),
        pgettext_lazy("admin page title", "View series"),
    ),
    "taggit.tag": Titles(
        pgettext_lazy("admin page title", "Add tag"),
        pgettext_lazy("admin page title", "Change tag"),
        pgettext_lazy("admin page title", "View tag"),
    ),
    "images.image": Titles(
        pgettext_lazy("admin page title", "Add image"),
        pgettext_lazy("admin page title", "Change image"),
        pgettext_lazy("admin page title", "View image"),
    ),
    "redirects.redirect": Titles(
        pgettext_lazy("admin page title", "Add redirect"),
        pgettext_lazy("admin page title", "Change redirect"),
        pgettext_lazy("admin page title", "View redirect"),
    ),
    "editorial.editorprofile": Titles(
        pgettext_lazy("admin page title", "Add editor profile"),
        pgettext_lazy("admin page title", "Change editor profile"),
        pgettext_lazy("admin page title", "View editor profile"),
    ),
    "editorial.notice": Titles(
        pgettext_lazy("admin page title", "Add e-mail notification"),
        pgettext_lazy("admin page title", "Change e-mail notification"),
        pgettext_lazy("admin page title", "View e-mail notification"),
    ),
    "auth.user": Titles(
        pgettext_lazy("admin page title", "Add user"),
        pgettext_lazy("admin page title", "Change user"),
        pgettext_lazy("admin page title", "View user"),
    ),
    "auth.group": Titles(
        pgettext_lazy("admin page title", "Add group"),
        pgettext_lazy("admin page title", "Change group"),
        pgettext_lazy("admin page title", "View group"),
    ),
}

# The link under an inline that adds a row of it.
ADD_ROW = {
    "articles.articleauthor": _("Add another author"),
    "articles.articletranslation": _("Add another language version"),
    "authors.authortranslation": _("Add another biography"),
    "authors.authorlink": _("Add another link"),
    "series.seriestranslation": _("Add another series text"),
}


def form_title(model: type[models.Model], *, add: bool, can_change: bool) -> str | None:
    titles = TITLES.get(model._meta.label_lower)
    if titles is None:
        return None
    return str(titles.add if add else titles.change if can_change else titles.view)


def add_title(model: type[models.Model]) -> str | None:
    titles = TITLES.get(model._meta.label_lower)
    return str(titles.add) if titles else None


def list_title(model: type[models.Model]) -> str:
    """A list's title: what it lists ("Articles"), rather than Django's "Select article to
    change", which French cannot say without the noun's gender."""
    return capfirst(model._meta.verbose_name_plural)


def add_row_label(model: type[models.Model]) -> str | None:
    label = ADD_ROW.get(model._meta.label_lower)
    return str(label) if label else None
