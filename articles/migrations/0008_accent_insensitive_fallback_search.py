"""An accent-insensitive configuration for languages without one of their own.

PostgreSQL's ``simple`` configuration keeps accents: a language added to
settings.LANGUAGES without a stemmer of its own (powerplay.textsearch) would find
"Verkäufer" only when typed with its accent, while every other language ignores accents.
"""

from django.db import migrations

NAME = "powerplay_simple"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_ts_config WHERE cfgname = %s AND pg_ts_config_is_visible(oid)",
            [NAME],
        )
        if cursor.fetchone():
            return
    schema_editor.execute(
        f"CREATE TEXT SEARCH CONFIGURATION {NAME} (COPY = pg_catalog.simple)", params=None
    )
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {NAME} "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
        params=None,
    )


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {NAME}", params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_every_tag_has_a_slug")]

    operations = [migrations.RunPython(create_configuration, drop_configuration)]
