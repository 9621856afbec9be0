"""Every tag has a slug: made on save, repaired by a migration for older rows."""

import importlib

import pytest
from django.apps import apps
from taggit.models import Tag

repair = importlib.import_module("articles.migrations.0007_every_tag_has_a_slug")


@pytest.mark.django_db
def test_a_name_of_symbols_gets_a_stable_slug_and_a_normal_name_keeps_its_own():
    symbols = Tag.objects.create(name="—")
    words = Tag.objects.create(name="Éducation")

    assert symbols.slug.startswith("tag-")
    assert Tag.objects.create(name="!!!").slug not in ("", symbols.slug)
    assert words.slug == "éducation"


@pytest.mark.django_db
def test_the_migration_repairs_tags_saved_without_a_slug():
    broken = Tag.objects.create(name="***")
    Tag.objects.filter(pk=broken.pk).update(slug="")

    repair.give_every_tag_a_slug(apps, schema_editor=None)

    broken.refresh_from_db()
    assert broken.slug == repair.fallback_slug("***")
    assert broken.slug.startswith("tag-")
