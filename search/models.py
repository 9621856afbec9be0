"""What a searchable row carries: its search vector, kept current by save()."""

from collections.abc import Iterable

from django.contrib.postgres.search import (
    SearchVector,
    SearchVectorCombinable,
    SearchVectorField,
)
from django.db import connections, models
from django.db.models import Func, Value

from search.configurations import configuration_of, search_configuration, stem_configuration


class Searchable(models.Model):
    """A row readers find by its words, read with its language's configuration.

    A subclass has a `language` field and the fields of `SEARCHED_FIELDS`, names its
    words' weights there and what a result shows, and calls `update_search_vector()` once
    it is saved. It may derive some of those fields from others (`derive_searched_text()`),
    which the update_search_vectors command calls for rows written in bulk. Its results
    are shown by a template of its own app (search.views.SearchView's result_template).
    """

    # Kept current by save() and update_search_vectors(); NULL outside PostgreSQL.
    search_vector = SearchVectorField(null=True, editable=False)

    # Field → weight, from the most telling words (A) to the least (D).
    SEARCHED_FIELDS: dict[str, str] = {}
    # What a result shows (the result template's fields): nothing else is read.
    SEARCH_RESULT_FIELDS: tuple[str, ...] = ()
    # The order of matches of the same rank.
    SEARCH_TIE_ORDER: tuple[str, ...] = ("-pk",)

    class Meta:
        abstract = True

    def derive_searched_text(self) -> list[str]:
        """Recompute the searched fields derived from others; return their names."""
        return []

    def update_search_vector(self) -> None:
        update_search_vectors(type(self)._default_manager.using(self._state.db).filter(pk=self.pk))


class Unaccented(SearchVectorCombinable, Func):
    """A search vector whose lexemes lose their accents: the stems of words as written
    become the stems a query finds whatever its accents (search.configurations)."""

    template = "unaccent((%(expressions)s)::text)::tsvector"
    output_field = SearchVectorField()
    config = None


def vector(model: type[Searchable], language_field: str = "language"):
    """The search vector of a row of `model`, as an SQL expression over its columns."""
    return vector_of_fields(model.SEARCHED_FIELDS, language_field)


def vector_of_fields(fields: dict[str, str], language_field: str = "language"):
    """The search vector of a row whose `fields` (name → weight) are searched: the stems
    of its words as written, without accents, and the stems of its words without
    accents (search.configurations)."""
    return _both_readings({
        stems: [
            SearchVector(field, weight=weight, config=configuration_of(language_field,
                                                                       stems=stems))
            for field, weight in fields.items()
        ]
        for stems in (True, False)
    })


def vector_of_values(model: type[Searchable], language: str, texts: dict[str, str]):
    """The vector `vector()` would store for a row holding `texts`, as a value to insert
    (rows written in bulk then need no second write)."""
    configs = {True: stem_configuration(language), False: search_configuration(language)}
    return _both_readings({
        stems: [
            SearchVector(Value(texts[field]), weight=weight, config=Value(configs[stems]))
            for field, weight in model.SEARCHED_FIELDS.items()
        ]
        for stems in (True, False)
    })


def _both_readings(parts: dict[bool, list[SearchVector]]):
    return Unaccented(_weighted(parts[True])) + _weighted(parts[False])


def _weighted(parts: Iterable[SearchVector]) -> SearchVector:
    parts = iter(parts)
    combined = next(parts)
    for part in parts:
        combined += part
    return combined


def update_search_vectors(queryset: models.QuerySet) -> int:
    """Recompute the stored search vectors of these rows; PostgreSQL only."""
    if connections[queryset.db].vendor != "postgresql":
        return 0
    return queryset.update(search_vector=vector(queryset.model))
