"""Give a slug to tags created without one (see articles.tags), so their pages exist."""

import hashlib

from django.db import migrations


def fallback_slug(name: str) -> str:
    # Frozen copy of articles.tags.fallback_slug: a migration keeps its own code.
    return "tag-" + hashlib.sha256(name.casefold().encode()).hexdigest()[:10]


def give_every_tag_a_slug(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.filter(slug=""):
        tag.slug = fallback_slug(tag.name)
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_public_list_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(give_every_tag_a_slug, migrations.RunPython.noop)]
