"""Recompute the stored search vectors, which now hold the stems of words as written
without their accents besides the stems of words without accents (search.models)."""

from django.db import migrations

from search.models import vector_of_fields

# A snapshot of ArticleTranslation.SEARCHED_FIELDS at the time of this migration.
SEARCHED_FIELDS = {"title": "A", "standfirst": "B", "body_text": "C"}


def recompute_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    versions = apps.get_model("articles", "ArticleTranslation")
    versions.objects.using(schema_editor.connection.alias).update(
        search_vector=vector_of_fields(SEARCHED_FIELDS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_versions_related_name"),
        ("search", "0002_stem_before_dropping_accents"),
    ]

    operations = [migrations.RunPython(recompute_vectors, migrations.RunPython.noop)]
