"""The accent-insensitive text search configurations search.configurations names.

Databases that ran the migrations of an older release (articles 0004 and 0008 created
these) already have them: nothing is created twice. Unapplying keeps them, as the
search vectors of the articles are made with them.
"""

from django.db import migrations

from search.configurations import create_configuration

# A snapshot of search.configurations at the time of this migration: a later language
# brings its configuration in its own migration.
CONFIGURATIONS = {
    "powerplay_french": ("french", "french_stem"),
    "powerplay_english": ("english", "english_stem"),
    "powerplay_simple": ("simple", "simple"),
}


def create_configurations(apps, schema_editor):
    for name, (copy_of, stemmer) in CONFIGURATIONS.items():
        create_configuration(schema_editor, name, copy_of=copy_of, stemmer=stemmer)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_configurations, migrations.RunPython.noop)]
