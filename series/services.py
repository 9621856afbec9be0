"""Planning a series: the order of its parts."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from editorial.revision_comments import revision_comment

from .models import Series


class ReorderRefused(Exception):
    """The new order does not name every article of the series exactly once."""


def series_reorder(*, series: Series, order: list[int], by) -> None:
    """Number the series' articles 1, 2, 3 … in the order given (a list of article ids)."""
    from articles.models import Article

    with transaction.atomic():
        articles = {
            article.pk: article
            for article in Article.objects.select_for_update().filter(series=series)
        }
        if sorted(order) != sorted(articles) or len(set(order)) != len(order):
            raise ReorderRefused(
                _("The new order must list every article of the series exactly once.")
            )
        # Clear the numbers first so no two articles ever share one mid-way.
        Article.objects.filter(series=series).update(part=None)
        with reversion.create_revision():
            for part, pk in enumerate(order, start=1):
                article = articles[pk]
                article.part = part
                article.save(update_fields=["part", "updated_at"])
            reversion.set_user(by)
            reversion.set_comment(revision_comment(gettext_noop("Parts of the series reordered")))
