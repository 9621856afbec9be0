"""Recompute what search reads for every searchable row, for rows saved in bulk.

save() keeps a row's derived text and search vector current; QuerySet.update(),
bulk_create() and raw SQL do not, nor does a change of text search configuration.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from pagecache.invalidation import bump_content_generation
from search.models import Searchable, update_search_vectors

BATCH = 200


def searchable_models() -> list[type[Searchable]]:
    return [
        model for model in apps.get_models()
        if issubclass(model, Searchable) and not model._meta.abstract
    ]


class Command(BaseCommand):
    help = "Recompute the derived text and search vector of every searchable row."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for model in searchable_models():
                rows = model._default_manager.all()
                derived, last_pk = [], 0
                # Batches by primary key: SQLite does not isolate a read from writes to
                # the same table.
                while batch := list(rows.filter(pk__gt=last_pk).order_by("pk")[:BATCH]):
                    for row in batch:
                        derived = row.derive_searched_text()
                    if derived:
                        model._default_manager.bulk_update(batch, derived)
                    last_pk = batch[-1].pk
                vectors = update_search_vectors(rows)
                self.stdout.write(
                    f"Updated {rows.count()} {model._meta.verbose_name_plural} "
                    f"({vectors} search vectors)."
                )
            # Search snippets quote the derived text: cached result pages must go.
            bump_content_generation()
