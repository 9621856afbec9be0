"""Configurations that stem words as written, for stems that then lose their accents.

Dropping accents before the French stemmer gives "fermée" → "ferme" but "fermé" → "ferm":
a search for one form missed the others. search.configurations reads text both ways
now; these are the configurations of the new way. Databases that have them already are
left as they are; unapplying keeps them, as the stored search vectors are made with them.
The articles app recomputes its stored vectors in its own migration.
"""

from django.db import migrations

from search.configurations import create_configuration

# A snapshot of search.configurations.STEM_CONFIGURATIONS at the time of this migration.
CONFIGURATIONS = {
    "powerplay_french_stems": ("french", "french_stem"),
    "powerplay_english_stems": ("english", "english_stem"),
}


def create_configurations(apps, schema_editor):
    for name, (copy_of, stemmer) in CONFIGURATIONS.items():
        create_configuration(
            schema_editor, name, copy_of=copy_of, stemmer=stemmer, unaccent=False
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_text_search_configurations")]

    operations = [migrations.RunPython(create_configurations, migrations.RunPython.noop)]
