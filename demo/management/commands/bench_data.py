"""Fill a dedicated database with a large, realistic data set for `make bench`.

Rows are written with bulk_create in batches, with what save() would derive (rendered
HTML, plain text, headings, word count) computed here and the search vectors set by
one UPDATE per batch. Everything is written in one transaction, so an interrupted run
leaves nothing behind; a repeat run over the same data set notices it and stops at once.

The text is generated from word lists with a fixed seed: each series has its own topic
words, so searching one matches a few percent of the versions, as a real search would.
"""

import argparse
import functools
import itertools
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleTranslation,
    Status,
    TaggedArticleTranslation,
)
from authors.models import Author, AuthorTranslation
from core.languages import language_codes
from core.markdown import headings_to_json, plain_text, render_markdown
from search.models import vector_of_values
from series.models import Series, SeriesTranslation

# Every slug the generator writes starts with this: how a bench database is recognised.
SLUG_PREFIX = "bench"
BATCH = 250
FOLLOW_UPS_PER_SERIES = 3
# Every tenth article stands alone, outside any series.
STANDALONE_EVERY = 10
# Versions of a topic draw their body from this many: rendering every body would take
# minutes, and titles and standfirsts still differ.
BODIES_PER_TOPIC = 40
TAGS_PER_VERSION = 3
HOURS_BETWEEN_ARTICLES = 4

def word_list(text: str) -> list[str]:
    return text.split()


# Common words first: words are drawn with Zipf weights, as in real prose.
WORDS = {
    "fr": word_list(
        "le pouvoir les données un modèle des entreprises la recherche public code "
        "ouvert calcul état marché logiciel licence plateforme réseau société travail "
        "machine apprentissage question règle loi europe monde industrie chercheurs "
        "utilisateurs accès contrôle puissance économie politique concurrence infrastructure "
        "communauté innovation risque sécurité transparence responsabilité gouvernance "
        "technologie production valeur capital coût énergie serveur laboratoire université "
        "étude rapport histoire avenir projet stratégie partenaire financement investissement "
        "régulation autorité citoyens droit liberté vie privée information connaissance "
        "science théorie pratique méthode résultat analyse critique débat discours promesse "
        "ambition dépendance souveraineté frontière influence alliance rivalité géant "
        "startup fondation consortium standard protocole interface architecture système "
        "algorithme paramètre poids entraînement inférence évaluation mesure benchmark "
        "performance efficacité échelle croissance limite seuil tournant rupture continuité "
        "transition crise opportunité enjeu défi solution compromis équilibre tension"
    ),
    "en": word_list(
        "the power data a model companies research public code open computing state "
        "market software licence platform network society work machine learning question "
        "rule law europe world industry researchers users access control capacity economy "
        "politics competition infrastructure community innovation risk security "
        "transparency accountability governance technology production value capital cost "
        "energy server laboratory university study report history future project strategy "
        "partner funding investment regulation authority citizens right freedom privacy "
        "information knowledge science theory practice method result analysis critique "
        "debate discourse promise ambition dependence sovereignty border influence alliance "
        "rivalry giant startup foundation consortium standard protocol interface "
        "architecture system algorithm parameter weight training inference evaluation "
        "measure benchmark performance efficiency scale growth limit threshold turning "
        "break continuity transition crisis opportunity stake challenge solution compromise "
        "balance tension"
    ),
}

# One theme per series, its title and the topic words only its articles use.
TOPICS = {
    "fr": (
        "semi-conducteurs lithographie fonderie gravure tranche puce",
        "nuage hébergement centre virtualisation stockage location",
        "satellites orbite lanceur constellation télémétrie antenne",
        "brevets propriété invention dépôt litige redevance",
        "câbles sous-marins atterrage fibre latence routage",
        "batteries lithium cathode recyclage gigafactory électrolyte",
        "cryptographie chiffrement clé signature quantique certificat",
        "robotique automate préhension capteur actionneur atelier",
        "biotechnologie génome séquençage protéine vaccin cellule",
        "cartographie géolocalisation relief itinéraire cadastre boussole",
        "élections scrutin campagne sondage électeurs urne",
        "médias rédaction audience abonnement journalisme dépêche",
        "santé hôpital diagnostic imagerie patient dossier",
        "éducation école enseignants manuel programme élèves",
        "agriculture semences récolte irrigation tracteur parcelle",
        "finance banque paiement crédit bourse monnaie",
        "climat carbone émissions température glacier océan",
        "transport rail ferroviaire camion logistique entrepôt",
        "défense armée drone doctrine arsenal dissuasion",
        "langues traduction corpus dialecte grammaire lexique",
    ),
    "en": (
        "semiconductors lithography foundry etching wafer chip",
        "cloud hosting datacentre virtualisation storage rental",
        "satellites orbit launcher constellation telemetry antenna",
        "patents property invention filing litigation royalty",
        "subsea cables landing fibre latency routing",
        "batteries lithium cathode recycling gigafactory electrolyte",
        "cryptography encryption key signature quantum certificate",
        "robotics automaton gripper sensor actuator workshop",
        "biotechnology genome sequencing protein vaccine cell",
        "mapping geolocation terrain itinerary cadastre compass",
        "elections ballot campaign poll voters turnout",
        "media newsroom audience subscription journalism wire",
        "health hospital diagnosis imaging patient record",
        "education school teachers textbook curriculum pupils",
        "agriculture seeds harvest irrigation tractor field",
        "finance bank payment credit exchange currency",
        "climate carbon emissions temperature glacier ocean",
        "transport rail railway lorry logistics warehouse",
        "defence army drone doctrine arsenal deterrence",
        "languages translation corpus dialect grammar lexicon",
    ),
}

FIRST_NAMES = word_list(
    "Alice Bruno Camille David Elena Farid Gabrielle Hugo Inès Jonas Karim Léa Marc Nadia "
    "Olivier Paula Quentin Rosa Samir Tina Ugo Valérie William Xavier Yasmine Zoé"
)
LAST_NAMES = word_list(
    "Martin Bernard Dubois Laurent Moreau Lefebvre Garcia Roux Fournier Mercier Blanc "
    "Guerin Muller Henry Perrin Morin Clément Gauthier Robin Masson"
)
ROLES = {"fr": "Chercheuse et chercheur invités", "en": "Visiting researcher"}


@functools.cache
def zipf_weights(size: int) -> list[float]:
    """Cumulative weights for drawing the rank-th word with probability ∝ 1 / rank."""
    return list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))


@dataclass(frozen=True)
class Body:
    """A Markdown body with what save() derives from it."""

    source: str
    html: str
    headings: list
    word_count: int
    text: str


class Progress:
    """A one-line progress bar on stderr: the data set takes a minute or two to write."""

    WIDTH = 30

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = time.monotonic()
        self.show()

    def advance(self, count: int) -> None:
        self.done = min(self.total, self.done + count)
        self.show()

    def show(self) -> None:
        filled = self.WIDTH * self.done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.started
        sys.stderr.write(
            f"\r{self.label:<22} [{bar}] {self.done:>6}/{self.total} {elapsed:5.1f} s"
        )
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


class Writer:
    """Draws the generated text from one seeded random source, so reruns match."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.bodies: dict[tuple[str, tuple[str, ...]], list[Body]] = {}

    def words(self, language: str, count: int, topic: Sequence[str] = ()) -> list[str]:
        vocabulary = WORDS.get(language, WORDS["en"])
        chosen = self.random.choices(vocabulary, cum_weights=zipf_weights(len(vocabulary)),
                                     k=count)
        for index in range(0, count, 9):
            if topic:
                chosen[index] = self.random.choice(topic)
        return chosen

    def sentence(self, language: str, topic: Sequence[str], length: int) -> str:
        words = self.words(language, length, topic)
        return " ".join(words).capitalize() + "."

    def paragraph(self, language: str, topic: Sequence[str]) -> str:
        return " ".join(
            self.sentence(language, topic, self.random.randint(10, 22))
            for _ in range(self.random.randint(3, 6))
        )

    def title(self, language: str, topic: Sequence[str]) -> str:
        return " ".join(self.words(language, self.random.randint(4, 8), topic)).capitalize()

    def rendered_body(self, language: str, topic: Sequence[str]) -> "Body":
        """One of BODIES_PER_TOPIC bodies of a topic: Markdown is the slow part to write."""
        pool = self.bodies.setdefault((language, tuple(topic)), [])
        if len(pool) < BODIES_PER_TOPIC:
            source = self.body(language, topic)
            rendered = render_markdown(source)
            # plain_text() reuses the parse render_markdown() just made.
            pool.append(Body(
                source, rendered.html, headings_to_json(rendered.headings),
                rendered.word_count, plain_text(source),
            ))
            return pool[-1]
        return self.random.choice(pool)

    def body(self, language: str, topic: Sequence[str]) -> str:
        """About 600 words of Markdown in sections, with emphasis and a link or two."""
        blocks = []
        for section in range(4):
            if section:
                blocks.append("## " + self.title(language, topic))
            for _ in range(self.random.randint(2, 3)):
                paragraph = self.paragraph(language, topic)
                if self.random.random() < 0.3:
                    word = self.random.choice(topic) if topic else "power"
                    paragraph += f" *{word}* [{word}](https://example.org/{slugify(word)})."
                blocks.append(paragraph)
        return "\n\n".join(blocks)


def topic_words(language: str, index: int) -> list[str]:
    topics = TOPICS.get(language, TOPICS["en"])
    return topics[index % len(topics)].split()


def search_vector(language: str, **texts: str):
    """The vector save() would store, as a value to insert: updating the rows afterwards
    would write each of them twice."""
    if connection.vendor != "postgresql":
        return None
    return vector_of_values(ArticleTranslation, language, texts)


def count(text: str) -> int:
    """A number of rows to generate: at least one of each is needed to build the others."""
    value = int(text)  # argparse reports a ValueError as "invalid count value".
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


class Command(BaseCommand):
    help = (
        "Fill the database with a large generated data set for benchmarks "
        "(a dedicated, migrated database: it refuses one holding other content)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--series", type=count, default=20)
        parser.add_argument("--articles", type=count, default=10_000)
        parser.add_argument("--authors", type=count, default=50)
        parser.add_argument("--tags", type=count, default=500)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, **options) -> None:
        sizes = {key: options[key] for key in ("series", "articles", "authors", "tags")}
        if sizes["articles"] < sizes["series"] * (FOLLOW_UPS_PER_SERIES + 1):
            raise CommandError("Give each series more articles than its follow-ups.")
        languages = language_codes()
        present = self.present()
        wanted = {**sizes, "versions": sizes["articles"] * len(languages)}
        if present == wanted and self.is_bench_data():
            self.stdout.write(f"The bench data set is already there: {self.describe(present)}.")
            return
        if any(present.values()):
            raise CommandError(
                f"The database already holds content ({self.describe(present)}); "
                "fill an empty, migrated database (drop and create it again)."
            )
        started = time.monotonic()
        writer = Writer(options["seed"])
        with transaction.atomic():
            series = self.create_series(writer, sizes["series"], languages)
            authors = self.create_authors(writer, sizes["authors"], languages)
            tags = self.create_tags(writer, sizes["tags"], languages)
            self.create_articles(writer, sizes["articles"], series, authors, tags, languages)
        if connection.vendor == "postgresql":
            # What autovacuum would do to a live site before long: planner statistics,
            # the visibility map (index-only counts) and the GIN pending list merged.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"Wrote {self.describe(self.present())} in {time.monotonic() - started:.0f} s."
        )

    def present(self) -> dict[str, int]:
        return {
            "series": Series.objects.count(),
            "articles": Article.objects.count(),
            "authors": Author.objects.count(),
            "tags": Tag.objects.count(),
            "versions": ArticleTranslation.objects.count(),
        }

    def is_bench_data(self) -> bool:
        return not ArticleTranslation.objects.exclude(slug__startswith=SLUG_PREFIX).exists()

    def describe(self, counts: dict[str, int]) -> str:
        return ", ".join(f"{count} {name}" for name, count in counts.items())

    def create_series(self, writer: Writer, count: int, languages: list[str]) -> list[Series]:
        series = Series.objects.bulk_create([Series() for _ in range(count)])
        SeriesTranslation.objects.bulk_create(
            SeriesTranslation(
                series=item, language=language,
                title=" ".join(topic_words(language, index)[:2]).capitalize(),
                slug=f"{SLUG_PREFIX}-{slugify(topic_words(language, index)[0])}-{index}",
                blurb=" ".join(writer.words(language, 12, topic_words(language, index))),
            )
            for index, item in enumerate(series)
            for language in languages
        )
        return series

    def create_authors(self, writer: Writer, count: int, languages: list[str]) -> list[Author]:
        authors = Author.objects.bulk_create(
            Author(
                name=f"{FIRST_NAMES[index % len(FIRST_NAMES)]} "
                     f"{LAST_NAMES[index // len(FIRST_NAMES) % len(LAST_NAMES)]}",
                slug=f"{SLUG_PREFIX}-author-{index}",
                honours="FBA" if index % 7 == 0 else "",
            )
            for index in range(count)
        )
        texts = []
        for author in authors:
            for language in languages:
                bio = writer.paragraph(language, ())
                texts.append(AuthorTranslation(
                    author=author, language=language, role=ROLES.get(language, ROLES["en"]),
                    bio=bio, bio_html=render_markdown(bio).html,
                ))
        AuthorTranslation.objects.bulk_create(texts)
        return authors

    def create_tags(
        self, writer: Writer, count: int, languages: list[str]
    ) -> dict[str, list[Tag]]:
        """`count` tags shared out between the languages: a tag belongs to one language."""
        tags = []
        per_language = {language: [] for language in languages}
        for index in range(count):
            language = languages[index % len(languages)]
            name = f"{' '.join(writer.words(language, 2, topic_words(language, index)))} {index}"
            tag = Tag(name=name, slug=f"{SLUG_PREFIX}-{slugify(name)}")
            tags.append(tag)
            per_language[language].append(tag)
        Tag.objects.bulk_create(tags)
        return per_language

    def create_articles(
        self, writer: Writer, count: int, series: list[Series], authors: list[Author],
        tags: dict[str, list[Tag]], languages: list[str],
    ) -> None:
        """Articles oldest first; each series ends with follow-ups announced, not written."""
        now = timezone.now()
        plan = list(self.article_plan(count, len(series)))
        progress = Progress("articles", count)
        for start in range(0, count, BATCH):
            batch = plan[start:start + BATCH]
            articles = Article.objects.bulk_create(
                Article(
                    series=series[series_index] if series_index is not None else None,
                    part=part, announced=follow_up,
                )
                for _, series_index, part, follow_up in batch
            )
            bylines, versions, topics = [], [], []
            for article, (index, series_index, _, follow_up) in zip(
                articles, batch, strict=True
            ):
                signers = writer.random.sample(authors, writer.random.choice((1, 1, 2, 3)))
                bylines += [
                    ArticleAuthor(article=article, author=author, position=position)
                    for position, author in enumerate(signers, start=1)
                ]
                published = now - timedelta(hours=HOURS_BETWEEN_ARTICLES * (count - index))
                for offset, language in enumerate(languages):
                    topic = topic_words(language, series_index if series_index is not None
                                        else index)
                    versions.append(self.version(
                        writer, article, index, language, topic, follow_up,
                        published + timedelta(minutes=30 * offset),
                    ))
                    topics.append(language)
            ArticleAuthor.objects.bulk_create(bylines)
            ArticleTranslation.objects.bulk_create(versions)
            TaggedArticleTranslation.objects.bulk_create(
                TaggedArticleTranslation(content_object=version, tag=tag)
                for version, language in zip(versions, topics, strict=True)
                if version.status != Status.PLANNED and tags[language]
                for tag in writer.random.sample(
                    tags[language], min(TAGS_PER_VERSION, len(tags[language]))
                )
            )
            progress.advance(len(batch))

    def article_plan(
        self, count: int, series_count: int
    ) -> Iterable[tuple[int, int | None, int | None, bool]]:
        """(index, series index or None, part, announced follow-up) for each article."""
        in_series = [index for index in range(count) if index % STANDALONE_EVERY]
        parts_per_series = {}
        for position, index in enumerate(in_series):
            parts_per_series.setdefault(position % series_count, []).append(index)
        placed = {}
        for series_index, indexes in parts_per_series.items():
            for part, index in enumerate(indexes, start=1):
                follow_up = part > len(indexes) - FOLLOW_UPS_PER_SERIES
                placed[index] = (series_index, part, follow_up)
        for index in range(count):
            series_index, part, follow_up = placed.get(index, (None, None, False))
            yield index, series_index, part, follow_up

    def version(
        self, writer: Writer, article: Article, index: int, language: str,
        topic: Sequence[str], follow_up: bool, published,
    ) -> ArticleTranslation:
        """A language version with everything save() would derive, ready for bulk_create."""
        title = writer.title(language, topic)
        body = Body("", "", [], 0, "") if follow_up else writer.rendered_body(language, topic)
        standfirst = "" if follow_up else writer.sentence(language, topic, 24)
        return ArticleTranslation(
            article=article, language=language, title=title,
            slug=f"{SLUG_PREFIX}-{slugify(title)[:80].strip('-')}-{index}",
            standfirst=standfirst, body=body.source, body_html=body.html, headings=body.headings,
            word_count=body.word_count, body_text=body.text,
            search_vector=search_vector(
                language, title=title, standfirst=standfirst, body_text=body.text
            ),
            status=Status.PLANNED if follow_up else Status.PUBLISHED,
            publish_at=None if follow_up else published,
            text_changed_at=published,
        )
