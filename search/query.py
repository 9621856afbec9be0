"""Full-text search over the documents a page is given, in the page's language.

On PostgreSQL the stored ``search_vector`` is matched with the language's text search
configuration (stemmed, accent-insensitive), ranked, and quoted with highlighted
snippets. Elsewhere (SQLite, for development) every word must appear in the title,
standfirst or body, at the start of a word, whatever its case, accents or apostrophes
(fold_words), and title matches come first.

Whatever a reader types, the page answers: the query is cleaned and bounded, and
``websearch_to_tsquery`` accepts any syntax.
"""

import re
import string
import unicodedata

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat, Left, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from search.configurations import search_configuration

MAX_QUERY_LENGTH = 200
# The SQLite fallback adds three LIKE clauses per word: keep the statement small.
MAX_TERMS = 20
SNIPPET_WORDS = 35
# ts_headline parses all the text it is given, for every result of the page: quote from
# the opening of the body (a few minutes of reading), not from all of a long article.
SNIPPET_SOURCE_CHARS = 3_000

# What the result list needs; the body and its vector stay in the database.
RESULT_FIELDS = ("pk", "language", "slug", "title", "standfirst", "publish_at")

# Control characters cannot be stored or searched (PostgreSQL refuses NUL); lone
# surrogates cannot be encoded.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# ts_headline marks matches with these, then the snippet is escaped and only they
# become markup. Control characters never reach a version's plain text.
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


def ranked_results(versions: QuerySet, query: str, language: str) -> QuerySet:
    """The versions matching `query`, best first."""
    versions = versions.only(*RESULT_FIELDS)
    if uses_postgresql(versions):
        tsquery = SearchQuery(query, search_type="websearch", config=search_configuration(language))
        return (
            versions.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "-publish_at", "-pk")
        )
    # Each term matches the start of a word, whatever its case, accents or apostrophes.
    starts = [" " + folded for term in search_terms(query) if (folded := fold_words(term).strip())]
    if not starts:
        return versions.none()
    versions = versions.alias(**{
        f"folded_{field}": Func(F(field), function=FOLD_FUNCTION, output_field=TextField())
        for field in ("title", "standfirst", "body_text")
    })
    for start in starts:
        versions = versions.filter(
            Q(folded_title__contains=start) | Q(folded_standfirst__contains=start)
            | Q(folded_body_text__contains=start)
        )
    return versions.annotate(
        in_title=_any_term_in("folded_title", starts),
        in_standfirst=_any_term_in("folded_standfirst", starts),
        excerpt=Left("body_text", SNIPPET_WORDS * 12),
    ).order_by("-in_title", "-in_standfirst", "-publish_at", "-pk")


def _any_term_in(field: str, starts: list[str]) -> Case:
    matches = Q()
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
        snippets = _headlines(documents, [version.pk for version in results], query, language)
        for version in results:
            version.snippet = highlighted(snippets.get(version.pk, ""))
        return
    pattern = _terms_pattern(search_terms(query))
    for version in results:
        text = Truncator(version.standfirst or version.excerpt).words(SNIPPET_WORDS)
        version.snippet = highlighted(pattern.sub(rf"{START}\g<0>{STOP}", text))


def _headlines(documents: QuerySet, pks: list[int], query: str, language: str) -> dict[int, str]:
    """ts_headline over the standfirst and plain-text body, for one page's rows at once."""
    config = search_configuration(language)
    text = Concat(
        "standfirst", Value(" "), Left("body_text", SNIPPET_SOURCE_CHARS),
        output_field=TextField(),
    )
    for shown, hidden in _ANGLES_HIDDEN.items():
        text = Replace(text, Value(shown), Value(hidden))
    rows = documents.model._default_manager.filter(pk__in=pks).annotate(
        snippet=SearchHeadline(
            text,
            SearchQuery(query, search_type="websearch", config=config),
            config=config,
            start_sel=START,
            stop_sel=STOP,
            max_words=SNIPPET_WORDS,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )
    return {
        pk: snippet.translate(_ANGLES_SHOWN)
        for pk, snippet in rows.values_list("pk", "snippet")
    }


def _terms_pattern(terms: list[str]) -> re.Pattern:
    if not terms:
        return re.compile(r"(?!)")
    longest_first = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in longest_first), re.IGNORECASE)
