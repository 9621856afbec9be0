"""Full-text search over the documents a page is given, in the page's language.

Documents are rows of a `search.models.Searchable` model, which names the fields searched
and their weights, what a result shows and how ties are ordered. On PostgreSQL the
stored ``search_vector`` is matched with the language's text search configuration
(stemmed, accent-insensitive), ranked, and quoted with highlighted snippets. Elsewhere
(SQLite, for development) every word must appear in a searched field, at the start of a
word, whatever its case, accents or apostrophes (fold_words), and matches in the more
telling fields come first. Snippets quote the searched fields but the most telling ones
(a title is shown already).

Whatever a reader types, the page answers: the query is cleaned and bounded, and
``websearch_to_tsquery`` accepts any syntax.
"""

import re
import string
import unicodedata

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
)
from django.db import connections
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast, Concat, Left, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from search.configurations import search_configuration, stem_configuration

MAX_QUERY_LENGTH = 200
# The SQLite fallback adds three LIKE clauses per word: keep the statement small.
MAX_TERMS = 20
SNIPPET_WORDS = 35
# ts_headline parses all the text it is given, for every result of the page: quote from
# the opening of the body (a few minutes of reading), not from all of a long article.
SNIPPET_SOURCE_CHARS = 3_000


# Control characters cannot be stored or searched (PostgreSQL refuses NUL); lone
# surrogates cannot be encoded.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# ts_headline marks matches with these, then the snippet is escaped and only they
# become markup. Control characters never reach a document's plain text.
START, STOP = "\x02", "\x03"
_MARKED = re.compile(f"{START}([^{START}{STOP}]+){STOP}")
# ts_headline drops anything shaped like an HTML tag; hide angle brackets from it so
# that "<script>" in a text is quoted as the text it is.
_ANGLES_HIDDEN = {"<": "\ue000", ">": "\ue001"}
_ANGLES_SHOWN = str.maketrans({hidden: shown for shown, hidden in _ANGLES_HIDDEN.items()})

_EDGE_PUNCTUATION = string.punctuation + "«»“”‘’„…–—"


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched, and whether it had to be shortened."""
    query = " ".join(_UNPRINTABLE.sub(" ", raw).split())
    if len(query) <= MAX_QUERY_LENGTH:
        return query, False
    shortened = query[:MAX_QUERY_LENGTH]
    if not query[MAX_QUERY_LENGTH].isspace() and " " in shortened:
        # A word cut in half would have to match too: leave it out.
        shortened = shortened.rsplit(" ", 1)[0]
    return shortened.rstrip(), True


def highlighted(snippet: str) -> SafeString:
    """The snippet escaped, with the marked matches (and nothing else) as <mark>."""
    html = _MARKED.sub(r"<mark>\1</mark>", escape(snippet))
    return mark_safe(html.replace(START, "").replace(STOP, ""))


def search_terms(query: str) -> list[str]:
    """The words of a query without surrounding punctuation, each once."""
    terms: dict[str, str] = {}
    for word in query.split():
        term = word.strip(_EDGE_PUNCTUATION)
        if term:
            terms.setdefault(term.casefold(), term)
    return list(terms.values())[:MAX_TERMS]


def uses_postgresql(documents: QuerySet) -> bool:
    return connections[documents.db].vendor == "postgresql"


def quoted_fields(model) -> list[str]:
    """The searched fields a snippet quotes: all but those of the best weight."""
    best = min(model.SEARCHED_FIELDS.values())
    return [field for field, weight in model.SEARCHED_FIELDS.items() if weight != best]


def ranked_results(documents: QuerySet, query: str, language: str) -> QuerySet:
    """The documents matching `query`, best first; only what a result shows is read."""
    model = documents.model
    documents = documents.only("pk", *model.SEARCH_RESULT_FIELDS)
    if uses_postgresql(documents):
        tsquery = any_reading(query, language)
        return (
            documents.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", *model.SEARCH_TIE_ORDER)
        )
    # Each term matches the start of a word, whatever its case, accents or apostrophes.
    starts = [" " + folded for term in search_terms(query) if (folded := fold_words(term).strip())]
    if not starts:
        return documents.none()
    searched = list(model.SEARCHED_FIELDS)
    documents = documents.alias(**{
        f"folded_{field}": Func(F(field), function=FOLD_FUNCTION, output_field=TextField())
        for field in searched
    })
    for start in starts:
        anywhere = Q()
        for field in searched:
            anywhere |= Q(**{f"folded_{field}__contains": start})
        documents = documents.filter(anywhere)
    # A match in a field of a better weight ranks first; the last weight is matched anyway.
    weights = sorted(set(model.SEARCHED_FIELDS.values()))[:-1]
    ranks = {
        f"in_{weight}": _any_term_in(
            [f"folded_{field}" for field, w in model.SEARCHED_FIELDS.items() if w == weight],
            starts,
        )
        for weight in weights
    }
    excerpts = {
        f"excerpt_{field}": Left(field, SNIPPET_WORDS * 12) for field in quoted_fields(model)
    }
    return documents.annotate(**ranks, **excerpts).order_by(
        *(f"-{name}" for name in ranks), *model.SEARCH_TIE_ORDER
    )


class StemsQuery(SearchQuery):
    """A query whose lexemes lose their accents: the stems of its words as written, as
    search.models.Unaccented stores a document's (search.configurations)."""

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return f"unaccent(({sql})::text)::tsquery", params


class EvaluatedOnce(SearchQuery):
    """`readings`, computed once per statement rather than once per row ranked."""

    template = "(SELECT %(expressions)s)"

    def __init__(self, readings):
        Func.__init__(self, readings, output_field=SearchQueryField())
        self.config = None
        self.invert = False


def restemmed(query: SearchQuery, config: str) -> SearchQuery:
    """The lexemes of `query` stemmed once more: a stem of a word typed without its
    accents may still carry an ending the accented word lost ("fermee" → "ferme")."""
    return SearchQuery(Cast(query, TextField()), search_type="raw", config=config)


def any_reading(query: str, language: str) -> SearchQuery:
    """`query` read every way a document is (search.models.vector): stemmed as typed then
    without accents; without accents then stemmed; and that stem stemmed again, which
    finds "fermé" from "fermee". A document matching any reading is found."""
    folded = SearchQuery(query, search_type="websearch", config=search_configuration(language))
    return EvaluatedOnce(
        StemsQuery(query, search_type="websearch", config=stem_configuration(language))
        | folded
        | restemmed(folded, search_configuration(language))
    )


def _any_term_in(fields: list[str], starts: list[str]) -> Case:
    matches = Q()
    for field in fields:
        for start in starts:
            matches |= Q(**{f"{field}__contains": start})
    return Case(When(matches, then=Value(1)), default=Value(0), output_field=IntegerField())


# Outside PostgreSQL: a function of the database connection (register_fold_function).
FOLD_FUNCTION = "powerplay_fold"
_NOT_WORD = re.compile(r"[\W_]+")


def fold_words(text: str | None) -> str:
    """The words of `text` without case or accents, each after a space: " l ia change "."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return f" {_NOT_WORD.sub(' ', bare).strip()} "


def register_fold_function(sender, connection, **kwargs) -> None:
    """Receiver of connection_created: SQLite compares case only for ASCII letters."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold_words, deterministic=True)


def add_snippets(documents: QuerySet, results: list, query: str, language: str) -> None:
    """Give each result of a page its `snippet`: escaped HTML quoting where it matched."""
    if not results:
        return
    if uses_postgresql(documents):
        snippets = _headlines(documents, [result.pk for result in results], query, language)
        for result in results:
            result.snippet = highlighted(snippets.get(result.pk, ""))
        return
    pattern = _terms_pattern(search_terms(query))
    quoted = quoted_fields(documents.model)
    for result in results:
        text = next(
            (excerpt for field in quoted if (excerpt := getattr(result, f"excerpt_{field}"))), ""
        )
        text = Truncator(text).words(SNIPPET_WORDS)
        result.snippet = highlighted(pattern.sub(rf"{START}\g<0>{STOP}", text))


def _headlines(documents: QuerySet, pks: list[int], query: str, language: str) -> dict[int, str]:
    """ts_headline over the quoted fields, for one page's rows at once.

    ts_headline reads the text one way only: first without accents then stemmed, which
    marks the words of most queries ("eleve" marks "élève"); the rows where that marked
    nothing are read again stemmed as written ("ferme" marks "fermée"), in a second
    statement that most pages never need.
    """
    pieces = []
    for field in quoted_fields(documents.model):
        pieces += [Left(field, SNIPPET_SOURCE_CHARS), Value(" ")]
    pieces.pop()
    text = Concat(*pieces, output_field=TextField()) if len(pieces) > 1 else pieces[0]
    for shown, hidden in _ANGLES_HIDDEN.items():
        text = Replace(text, Value(shown), Value(hidden))
    folded, stems = search_configuration(language), stem_configuration(language)
    as_written = SearchQuery(query, search_type="websearch", config=stems)
    readings = [
        (folded, any_reading(query, language)),
        (stems, EvaluatedOnce(as_written | restemmed(as_written, stems))),
    ]
    snippets: dict[int, str] = {}
    for config, tsquery in readings:
        unmarked = [pk for pk in pks if START not in snippets.get(pk, "")]
        if not unmarked:
            break
        rows = documents.model._default_manager.filter(pk__in=unmarked).annotate(
            snippet=SearchHeadline(
                text,
                tsquery,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        for pk, snippet in rows.values_list("pk", "snippet"):
            if START in snippet or pk not in snippets:
                snippets[pk] = snippet
    return {pk: snippet.translate(_ANGLES_SHOWN) for pk, snippet in snippets.items()}


def _terms_pattern(terms: list[str]) -> re.Pattern:
    if not terms:
        return re.compile(r"(?!)")
    longest_first = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in longest_first), re.IGNORECASE)
