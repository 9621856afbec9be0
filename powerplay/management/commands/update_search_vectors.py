"""Recompute what search reads for every language version, for rows saved in bulk.

save() keeps a version's plain-text body and search vector current; QuerySet.update(),
bulk_create() and raw SQL do not, nor does a change of text search configuration.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import ArticleTranslation
from core.markdown import plain_text
from pagecache.invalidation import bump_content_generation

BATCH = 200


class Command(BaseCommand):
    help = "Recompute the plain-text body and search vector of every language version."

    def handle(self, *args, **options) -> None:
        versions = ArticleTranslation.objects.all()
        last_pk = 0
        with transaction.atomic():
            # Batches by primary key: SQLite does not isolate a read from writes to its table.
            while batch := list(
                versions.filter(pk__gt=last_pk).order_by("pk").only("pk", "body")[:BATCH]
            ):
                for version in batch:
                    version.body_text = plain_text(version.body)
                ArticleTranslation.objects.bulk_update(batch, ["body_text"])
                last_pk = batch[-1].pk
            vectors = versions.update_search_vectors()
            # Search snippets quote body_text: cached result pages must go.
            bump_content_generation()
        self.stdout.write(
            f"Updated {versions.count()} language versions ({vectors} search vectors)."
        )
