"""Which PostgreSQL text search configurations read each language: decided here only.

A word is stemmed as written, then its stem loses its accents: "fermé", "fermée",
"fermées" all give "ferm", and "modeles" finds "modèles". PostgreSQL cannot chain a
stemmer before another dictionary, so the ``powerplay_*_stems`` configurations (copies
of PostgreSQL's own, stemming accented words) are read through search.models'
`unaccented()` and search.query's `StemsQuery`, which drop the accents of the stems.
Words typed without their accents stem differently at times ("fermee" → "ferme"), so
documents and queries are also read the older way, accents dropped before stemming, by
the ``powerplay_*`` configurations, and a query's stems of that reading are stemmed once
more ("ferme" → "ferm", search.query.any_reading): a query matches when any reading
matches. Snowball itself stems some forms of a word apart whatever their accents ("publie"
→ "publ", "publiée" → "publi"): those stay apart.

The configurations are created by this app's migrations. A language missing from the
mappings is searched with ``powerplay_simple`` (accents dropped, no stemming, no stop
words) both ways: adding a language to settings.LANGUAGES needs no change here, only
configurations (a migration calling `create_configuration`) and entries to search it
better.
"""

from django.db.models import Case, Value, When

SEARCH_CONFIGURATIONS: dict[str, str] = {
    "fr": "powerplay_french",
    "en": "powerplay_english",
}
# Stem words as written; the stems lose their accents in SQL (see above).
STEM_CONFIGURATIONS: dict[str, str] = {
    "fr": "powerplay_french_stems",
    "en": "powerplay_english_stems",
}
FALLBACK_CONFIGURATION = "powerplay_simple"


def search_configuration(language: str) -> str:
    """The configuration reading text in `language` with its accents dropped first."""
    return SEARCH_CONFIGURATIONS.get(language, FALLBACK_CONFIGURATION)


def stem_configuration(language: str) -> str:
    """The configuration stemming the words of `language` as written."""
    return STEM_CONFIGURATIONS.get(language, FALLBACK_CONFIGURATION)


def configuration_of(language_field: str = "language", *, stems: bool = False) -> Case:
    """An SQL expression naming each row's configuration from its language column: the
    one that drops accents first, or with `stems` the one that stems words as written."""
    configurations = STEM_CONFIGURATIONS if stems else SEARCH_CONFIGURATIONS
    return Case(
        *(
            When(**{language_field: language}, then=Value(config))
            for language, config in configurations.items()
        ),
        default=Value(FALLBACK_CONFIGURATION),
    )


def create_configuration(
    schema_editor, name: str, *, copy_of: str, stemmer: str, unaccent: bool = True
) -> None:
    """Create `name`, a copy of PostgreSQL's `copy_of` that drops accents, then stems
    (without `unaccent`: that stems words as written, a plain copy).

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
    dictionaries = f"unaccent, {stemmer}" if unaccent else stemmer
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {name} "
        f"ALTER MAPPING FOR hword, hword_part, word WITH {dictionaries}",
        params=None,
    )
