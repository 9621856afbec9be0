"""Which PostgreSQL text search configuration reads each language: decided here only.

The ``powerplay_*`` configurations are created by a migration (articles 0004): copies of
PostgreSQL's own language configurations that drop accents before stemming, so that
"modeles" finds "modèles". A language missing from the mapping is searched with
``powerplay_simple`` (articles 0008: accents dropped, no stemming, no stop words): adding
a language to settings.LANGUAGES needs no change here, only a configuration and an entry
to search it better.
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
