"""Which PostgreSQL text search configuration reads each language: decided here only.

The ``powerplay_*`` configurations are created by this app's migrations: copies of
PostgreSQL's own language configurations that drop accents before stemming, so that
"modeles" finds "modèles". A language missing from the mapping is searched with
``powerplay_simple`` (accents dropped, no stemming, no stop words): adding a language to
settings.LANGUAGES needs no change here, only a configuration (a migration calling
`create_configuration`) and an entry to search it better.
"""

from django.db.models import Case, Value, When

SEARCH_CONFIGURATIONS: dict[str, str] = {
    "fr": "powerplay_french",
    "en": "powerplay_english",
}
FALLBACK_CONFIGURATION = "powerplay_simple"


def search_configuration(language: str) -> str:
    """The text search configuration for text written in `language`."""
    return SEARCH_CONFIGURATIONS.get(language, FALLBACK_CONFIGURATION)


def configuration_of(language_field: str = "language") -> Case:
    """An SQL expression naming each row's configuration from its language column."""
    return Case(
        *(
            When(**{language_field: language}, then=Value(config))
            for language, config in SEARCH_CONFIGURATIONS.items()
        ),
        default=Value(FALLBACK_CONFIGURATION),
    )


def create_configuration(schema_editor, name: str, *, copy_of: str, stemmer: str) -> None:
    """Create `name`, a copy of PostgreSQL's `copy_of` that drops accents, then stems.

    Nothing happens outside PostgreSQL, nor when the configuration exists already (a
    database that had it from the migrations of an older release).
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent", params=None)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_ts_config WHERE cfgname = %s AND pg_ts_config_is_visible(oid)",
            [name],
        )
        if cursor.fetchone():
            return
    schema_editor.execute(
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{copy_of})", params=None
    )
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {name} "
        f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}",
        params=None,
    )
