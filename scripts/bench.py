"""`make bench` and `make load`: the site's speed on PostgreSQL, measured on loopback.

    python scripts/bench.py bench   # the table of docs/benchmarks.md, targets checked
    python scripts/bench.py load    # 60 s at 64 connections over many public pages

Both fill their databases once (`manage.py bench_data`, skipped when the data is there),
serve them with `make serve` (gunicorn, production settings, DEBUG off) on 127.0.0.1
and load them with wrk. Nothing listens beyond loopback and every run is bounded.

Environment: DATABASE_URL (default: powerplay_bench on 127.0.0.1, created if missing),
SMALL_DATABASE_URL (powerplay_bench_small, 100 articles), BENCH_PORT (8765),
BENCH_SECONDS (10 per wrk run), LOAD_SECONDS (60), LOAD_CONNECTIONS (64), REDIS_URL
(the page cache's store: Redis database 14 on 127.0.0.1 unless given).
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
OUTPUT = ROOT / "var" / "bench"

LARGE_URL = "postgres://postgres@127.0.0.1:5432/powerplay_bench"
SMALL_URL = "postgres://postgres@127.0.0.1:5432/powerplay_bench_small"
LARGE = {"series": 20, "articles": 10_000, "authors": 50, "tags": 500}
# The same shape per page (byline, tags, follow-ups, read-more), a hundredth of the site.
SMALL = {"series": 5, "articles": 100, "authors": 50, "tags": 20}

HOST = "127.0.0.1"
# Apart from the test suite's database (15), whose tests may empty theirs.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/14"
THREADS = 2
CONNECTIONS = 16
ALONE_SECONDS = 5
SERVER_START_SECONDS = 120

# The targets of docs/benchmarks.md, as shares of the hello-world floor's throughput.
SHARE_TARGETS = {
    ("uncached", "article"): 0.06,
    ("uncached", "series"): 0.10,
    ("uncached", "home"): 0.10,
    ("uncached", "tag"): 0.08,
    ("uncached", "feed"): 0.08,
    ("cached", "article"): 0.80,
}
ARTICLE_QUERIES = 8
SCALE_SLOWDOWN = 1.2
SEARCH_P50_MS = 30.0
# Random cookies and query strings must still be answered from the cache.
HOSTILE_SHARE_OF_CACHED = 0.80
HOSTILE_CONNECTIONS = 64
HOSTILE_MAX_MS = 1000.0
WORKERS = 2
# Interleaved rounds: each row's figure is the median of its rounds.
ROUNDS = 3
# The hot page after an editor action: how many times it is rendered meanwhile.
HOT_SECONDS = 10
HOT_ACTION_AFTER = 3

PAGES = ("bare", "article", "series", "home", "tag", "search", "feed")
HELLO = ROOT / "scripts" / "hello"


# Data and pages ------------------------------------------------------------------------


def database_env(url: str, **extra: str) -> dict[str, str]:
    """The production settings against `url`, as `make serve` runs them."""
    secret = ROOT / "var" / "secret_key"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY")
        or (secret.read_text().strip() if secret.exists() else "bench-only-not-a-secret"),
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver"),
        "SECURE_SSL_REDIRECT": "0",
        **extra,
    }


def ensure_database(url: str) -> None:
    """Create the database `url` names when it does not exist yet."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            print(f"Creating database {name}", file=sys.stderr)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def fill(url: str, sizes: dict[str, int]) -> None:
    ensure_database(url)
    env = database_env(url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "--verbosity", "0"], env=env, check=True)
    options = [f"--{name}={count}" for name, count in sizes.items()]
    subprocess.run([*manage, "bench_data", *options], env=env, check=True)
    # The pages are measured before `make serve` collects them too.
    subprocess.run([*manage, "collectstatic", "--no-input", "--verbosity", "0"], env=env,
                   check=True)


def describe(url: str, load_paths: bool = False) -> dict:
    """The pages to load on `url`'s data, with their queries and size (`describe` below)."""
    command = [PYTHON, __file__, "describe", *(["--load-paths"] if load_paths else [])]
    result = subprocess.run(
        command, env=database_env(url), check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(result.stdout)


def describe_pages(load_paths: bool) -> dict:
    """Run inside Django: pick one page of each kind, count its queries, measure it.

    Queries are counted twice: rendering the page (cache off), and answering it from the
    page cache once it is there.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "powerplay.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse
    from django.utils import timezone
    from taggit.models import Tag

    from articles.models import ArticleTranslation
    from core.i18n import reverse_in
    from core.languages import language_codes
    from pagecache.state import current_state

    language = settings.LANGUAGE_CODE
    # The same kind of article on both data sets: in a series, two authors (and the
    # generator gives every public version three tags), halfway through the site.
    in_series = (
        ArticleTranslation.objects.published().in_language(language)
        .filter(article__series__isnull=False)
        .annotate(lines=Count("article__bylines")).filter(lines=2)
        .order_by("publish_at", "pk")
    )
    article = in_series[in_series.count() // 2]
    series_text = article.article.series.translations.get(language=language)
    tag = Tag.objects.filter(
        pk__in=article.tags.values("pk")
    ).order_by("name").first()
    # A word of the series title: what a reader interested in its theme would type.
    word = series_text.title.split()[0]
    paths = {
        "bare": reverse("healthz"),
        "article": article.get_absolute_url(),
        "series": series_text.get_absolute_url(),
        "home": reverse_in(language, "home"),
        "tag": reverse_in(language, "articles:tag", slug=tag.slug),
        "search": f"{reverse_in(language, 'search')}?{urlencode({'q': word})}",
        "feed": reverse_in(language, "articles:feed-rss"),
    }

    def measure(path: str) -> tuple[int, int, int]:
        client = Client(HTTP_HOST=HOST)
        # The content state (the generation, the next scheduled change, what became due)
        # is read once per change for every page, not by this one: known before counting,
        # as in tests/articles/test_query_budget.py.
        current_state(timezone.now())
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        return response.status_code, len(captured), len(response.content)

    def render_time(path: str) -> float:
        """Milliseconds of a render that finds nothing kept (the first after a change),
        in-process: the median of five."""
        client = Client(HTTP_HOST=HOST)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        return sorted(timings)[2]

    pages = {}
    for name, path in paths.items():
        with override_settings(PAGE_CACHE_SECONDS=0, CONTENT_MEMO=False):
            status, rendered, size = measure(path)
            first_render_ms = render_time(path)
        with override_settings(PAGE_CACHE_SECONDS=300):
            measure(path)
            _, hit, _ = measure(path)
        pages[name] = {"path": path, "status": status, "queries": rendered,
                       "queries_cached": hit, "bytes": size, "first_render_ms": first_render_ms}
    result = {"pages": pages, "versions": ArticleTranslation.objects.count()}
    if load_paths:
        result["load_paths"] = public_paths(language_codes())
    return result


def public_paths(languages: list[str]) -> list[str]:
    """Several hundred public addresses of every kind, for the load run."""
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import ArticleTranslation, TaggedArticleTranslation
    from authors.models import Author
    from core.i18n import reverse_in
    from series.models import SeriesTranslation

    paths = ["/", reverse("sitemap"), reverse("robots"), "/api/v1/articles/?page=2"]
    for language in languages:
        versions = ArticleTranslation.objects.published().in_language(language).order_by("pk")
        count = versions.count()
        step = max(1, count // 150)
        paths += [version.get_absolute_url() for version in versions[::step]]
        paths += [text.get_absolute_url() for text in
                  SeriesTranslation.objects.filter(language=language)]
        paths += [author.get_absolute_url(language) for author in Author.objects.all()[:20]]
        tagged = TaggedArticleTranslation.objects.filter(
            content_object__in=ArticleTranslation.objects.published().in_language(language)
        )
        tags = Tag.objects.filter(pk__in=tagged.values("tag_id")).order_by("pk")[:20]
        paths += [reverse_in(language, "articles:tag", slug=tag.slug) for tag in tags]
        articles = reverse_in(language, "articles:list")
        paths += [
            reverse_in(language, "home"), articles, f"{articles}?page=2", f"{articles}?page=40",
            reverse_in(language, "series:list"), reverse_in(language, "authors:list"),
            reverse_in(language, "articles:feed-rss"), reverse_in(language, "articles:feed-atom"),
        ]
        search = reverse_in(language, "search")
        titles = [text.title.split()[0] for text in
                  SeriesTranslation.objects.filter(language=language)[:10]]
        paths += [f"{search}?{urlencode({'q': word})}" for word in titles]
    return paths


# Serving and loading ------------------------------------------------------------------


class Server:
    """`make serve` in its own process group on loopback, stopped with that group."""

    def __init__(self, url: str, port: int, label: str, **settings: str):
        self.url, self.port, self.label, self.settings = url, port, label, settings
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        OUTPUT.mkdir(parents=True, exist_ok=True)
        # Closed in __exit__, with the server.
        self.log = open(OUTPUT / f"server-{self.label}.log", "w")
        env = database_env(
            self.url, HOST=HOST, PORT=str(self.port), WEB_CONCURRENCY="2",
            # An access log line per request would be part of what is measured.
            GUNICORN_ACCESS_LOG="",
            # The page cache is shared by the workers, as in production.
            REDIS_URL=os.environ.get("REDIS_URL") or BENCH_REDIS_URL,
            CACHE_KEY_PREFIX="powerplay-bench",
            **self.settings,
        )
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "-s", "serve", f"PORT={self.port}",
             f"HOST={HOST}"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self.answering("/healthz", "make serve")

    def answering(self, path: str, name: str) -> "Server":
        """This server, once `path` answers; stopped, and an error, if it never does."""
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} stopped; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.address(path), timeout=2):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"{name} did not answer within {SERVER_START_SECONDS} s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def address(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def warm(self, path: str) -> None:
        for _ in range(3):
            with urllib.request.urlopen(self.address(path), timeout=30) as response:
                response.read()


class HelloServer(Server):
    """The floor: Django's startproject settings and one view (scripts/hello/), under the
    same gunicorn settings as `make serve` (gunicorn.conf.py: workers, keep-alive, no
    access log), in its own process group."""

    def __init__(self, port: int):
        super().__init__("", port, "hello")

    def __enter__(self) -> "HelloServer":
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.log = open(OUTPUT / "server-hello.log", "w")
        env = {
            **os.environ, "HOST": HOST, "PORT": str(self.port), "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_ACCESS_LOG": "", "DJANGO_SETTINGS_MODULE": "hello.settings",
        }
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"),
             "--chdir", str(HELLO), "hello.wsgi:application"],
            cwd=HELLO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self.answering("/", "the hello-world server")


@dataclass
class Run:
    """What one wrk run measured."""

    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    requests: int = 0
    non_2xx_3xx: int = 0
    socket_errors: int = 0
    extra: dict[str, int] = field(default_factory=dict)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> Run:
    def latency(percent: str) -> float:
        found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        return float(found.group(1)) * _UNITS_MS[found.group(2)] if found else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    slowest = re.search(
        r"^\s*Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)\s", output, re.MULTILINE
    )
    total = re.search(r"(\d+) requests in", output)
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    extra = {
        name: int(count)
        for name, count in re.findall(
            r"^(5xx responses|4xx responses|Paths rotated|Renders|Cache hits): (\d+)$",
            output, re.MULTILINE,
        )
    }
    return Run(
        requests_per_second=float(rate.group(1)) if rate else 0.0,
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        max_ms=float(slowest.group(1)) * _UNITS_MS[slowest.group(2)] if slowest else float("nan"),
        requests=int(total.group(1)) if total else 0,
        non_2xx_3xx=int(non_ok.group(1)) if non_ok else 0,
        socket_errors=sum(int(count) for count in sockets.groups()) if sockets else 0,
        extra=extra,
    )


def wrk(address: str, seconds: int, connections: int, threads: int,
        script: Path | None = None, env: dict | None = None,
        timeout: int = 10) -> tuple[Run, str]:
    """wrk's figures for `address`; a response slower than `timeout` s counts as an error."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "--timeout", f"{timeout}s"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(
        [*command, address], check=True, capture_output=True, text=True,
        timeout=seconds + timeout + 60, env={**os.environ, **(env or {})},
    )
    return parse_wrk(result.stdout), result.stdout


# The two commands ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table: a page served by one of the servers, loaded one way."""

    mode: str  # hello, uncached, cached, small, hostile
    name: str
    server: str
    path: str
    connections: int = CONNECTIONS
    script: Path | None = None


def median_run(runs: list[Run]) -> Run:
    """The run of median throughput (its latencies with it)."""
    return sorted(runs, key=lambda run: run.requests_per_second)[len(runs) // 2]


def bench(port: int, seconds: int) -> int:
    large_url = os.environ.get("DATABASE_URL") or LARGE_URL
    small_url = os.environ.get("SMALL_DATABASE_URL") or SMALL_URL
    print(f"Data: {large_url} and {small_url}", file=sys.stderr)
    fill(large_url, LARGE)
    fill(small_url, SMALL)
    large = describe(large_url)
    small = describe(small_url)
    article = large["pages"]["article"]["path"]
    rows = [Row("hello", "hello world", "hello", "/")]
    rows += [Row("uncached", name, "uncached", large["pages"][name]["path"]) for name in PAGES]
    rows += [Row("cached", name, "cached", large["pages"][name]["path"]) for name in PAGES]
    rows += [
        Row("small", "article", "small", small["pages"]["article"]["path"]),
        Row("hostile", "article", "cached", article, HOSTILE_CONNECTIONS,
            ROOT / "scripts" / "wrk_hostile.lua"),
    ]
    runs: dict[Row, list[Run]] = {row: [] for row in rows}
    alone: dict[str, Run] = {}
    with (
        HelloServer(port + 1) as hello,
        Server(large_url, port, "uncached", PAGE_CACHE_SECONDS="0") as uncached,
        Server(large_url, port + 2, "cached", PAGE_CACHE_SECONDS="300") as cached,
        Server(small_url, port + 3, "small", PAGE_CACHE_SECONDS="0") as small_server,
    ):
        servers = {"hello": hello, "uncached": uncached, "cached": cached,
                   "small": small_server}
        for row in rows:
            servers[row.server].warm(row.path)
        # Every row once per round, the rounds one after the other: a slower minute of
        # the machine weighs on every row alike.
        for round_number in range(1, ROUNDS + 1):
            print(f"Round {round_number} of {ROUNDS}", file=sys.stderr)
            for row in rows:
                run, _ = wrk(servers[row.server].address(row.path), seconds, row.connections,
                             THREADS, script=row.script)
                runs[row].append(run)
                print(f"  {row.mode:<9} {row.name:<12} {run.requests_per_second:9.1f} req/s",
                      file=sys.stderr)
        for name in PAGES:
            alone[name], _ = wrk(uncached.address(large["pages"][name]["path"]),
                                 ALONE_SECONDS, connections=1, threads=1)
        alone["article small"], _ = wrk(small_server.address(small["pages"]["article"]["path"]),
                                        ALONE_SECONDS, connections=1, threads=1)
        print("The hot page after an editor action", file=sys.stderr)
        hot = hot_page_renders(cached, article, large_url)
    results = {row: median_run(row_runs) for row, row_runs in runs.items()}
    report = render_report(large, small, results, alone, hot, seconds)
    print(report)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "latest.md").write_text(report)
    return 0


def hot_page_renders(server: Server, path: str, url: str) -> Run:
    """The article loaded at 64 connections while an editor saves something: how many
    times it is rendered (X-Page-Cache: miss) in the seconds that follow."""
    server.warm(path)
    env = database_env(
        url, REDIS_URL=os.environ.get("REDIS_URL") or BENCH_REDIS_URL,
        CACHE_KEY_PREFIX="powerplay-bench",
    )
    command = ["wrk", f"-t{THREADS}", f"-c{HOSTILE_CONNECTIONS}", f"-d{HOT_SECONDS}s",
               "--latency", "--timeout", "10s", "-s", str(ROOT / "scripts" / "wrk_renders.lua"),
               server.address(path)]
    loading = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    time.sleep(HOT_ACTION_AFTER)
    # An editor saves an author: every cached page, the article's included, is over.
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "shell", "--no-imports", "-c",
         "from authors.models import Author; Author.objects.order_by('pk').first().save()"],
        env=env, check=True, capture_output=True,
    )
    output, _ = loading.communicate(timeout=HOT_SECONDS + 60)
    return parse_wrk(output)


def render_report(large: dict, small: dict, results: dict, alone: dict, hot: Run,
                  seconds: int) -> str:
    by_key = {(row.mode, row.name): (row, run) for row, run in results.items()}
    floor = by_key[("hello", "hello world")][1].requests_per_second or 1
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on {os.cpu_count()} cores; "
        f"{large['versions']} versions (large), {small['versions']} (small); gunicorn "
        f"{WORKERS} sync workers; wrk {THREADS} threads, {CONNECTIONS} connections "
        f"({HOSTILE_CONNECTIONS} for the hostile row), {seconds} s per row, median of "
        f"{ROUNDS} interleaved rounds; alone: 1 connection, {ALONE_SECONDS} s.",
        "",
        "| page | cache | req/s | share of hello world | p50 | p99 | max | p50 alone | queries "
        "| first render | size |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (mode, name), (_row, run) in by_key.items():
        pages = small["pages"] if mode == "small" else large["pages"]
        page = pages.get(name, {"queries": 0, "queries_cached": 0, "bytes": 2,
                                "first_render_ms": None})
        queries = page["queries_cached"] if mode in ("cached", "hostile") else page["queries"]
        solo = ""
        if mode == "uncached":
            solo = f"{alone[name].p50_ms:.1f} ms"
        elif mode == "small":
            solo = f"{alone['article small'].p50_ms:.1f} ms"
        label = {
            "small": f"{name} (100 articles)",
            "hostile": f"{name}, random cookies and queries",
        }.get(mode, name)
        cache = {"hello": "", "uncached": "off", "small": "off"}.get(mode, "on")
        first_render = (
            f"{page['first_render_ms']:.1f} ms"
            if mode in ("uncached", "small") and page["first_render_ms"] else ""
        )
        lines.append(
            f"| {label} | {cache} | {run.requests_per_second:.0f} | "
            f"{run.requests_per_second / floor:.1%} | {run.p50_ms:.1f} ms | "
            f"{run.p99_ms:.1f} ms | {run.max_ms:.0f} ms | {solo} | {queries} | "
            f"{first_render} | {page['bytes'] / 1024:.1f} kB |"
        )
    errors = sum(run.non_2xx_3xx + run.socket_errors for run in results.values())
    lines += ["", f"Non-2xx/3xx responses and socket errors over all runs: {errors}.", ""]
    checks = [
        (f"{mode} {name} ≥ {share:.0%} of hello world",
         f"{by_key[(mode, name)][1].requests_per_second / floor:.1%}",
         by_key[(mode, name)][1].requests_per_second / floor >= share)
        for (mode, name), share in SHARE_TARGETS.items()
    ]
    cached = by_key[("cached", "article")][1]
    hostile = by_key[("hostile", "article")][1]
    slowdown = alone["article"].p50_ms / alone["article small"].p50_ms
    search = alone["search"].p50_ms
    renders = hot.extra.get("Renders", -1)
    queries = large["pages"]["article"]["queries"]
    checks += [
        (f"article queries ≤ {ARTICLE_QUERIES}", str(queries), queries <= ARTICLE_QUERIES),
        (f"article p50 alone at 10,000 ≤ {SCALE_SLOWDOWN}× at 100", f"{slowdown:.2f}×",
         slowdown <= SCALE_SLOWDOWN),
        (f"search p50 alone ≤ {SEARCH_P50_MS:.0f} ms", f"{search:.1f} ms",
         search <= SEARCH_P50_MS),
        (f"hostile ≥ {HOSTILE_SHARE_OF_CACHED:.0%} of the cached article",
         f"{hostile.requests_per_second / (cached.requests_per_second or 1):.1%}",
         hostile.requests_per_second >= HOSTILE_SHARE_OF_CACHED * cached.requests_per_second),
        (f"hostile: no request over {HOSTILE_MAX_MS:.0f} ms", f"{hostile.max_ms:.0f} ms",
         hostile.max_ms <= HOSTILE_MAX_MS),
        (f"renders of the hot page in the {HOT_SECONDS - HOT_ACTION_AFTER} s after an editor "
         f"action, at {HOSTILE_CONNECTIONS} connections ≤ {WORKERS} (one per worker)",
         str(renders), 0 <= renders <= WORKERS),
    ]
    lines += ["| target | measured | met |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {'yes' if met else 'NO'} |" for name, value, met in checks]
    return "\n".join(lines) + "\n"


def load_run(port: int, seconds: int, connections: int) -> int:
    """A bounded load over several hundred public pages; fails on any error or 5xx."""
    url = os.environ.get("DATABASE_URL") or LARGE_URL
    fill(url, LARGE)
    paths = describe(url, load_paths=True)["load_paths"]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=OUTPUT, suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        with Server(url, port, "load", PAGE_CACHE_SECONDS="300") as server:
            run, output = wrk(server.address("/"), seconds, connections, THREADS,
                              script=ROOT / "scripts" / "wrk_rotate.lua",
                              env={"WRK_PATHS": listing.name}, timeout=30)
    finally:
        os.unlink(listing.name)
    fives = run.extra.get("5xx responses", -1)
    summary = (
        f"Load: {seconds} s, {connections} connections, {THREADS} threads over "
        f"{len(paths)} public paths (page cache on): {run.requests} requests, "
        f"{run.requests_per_second:.0f} req/s, p50 {run.p50_ms:.1f} ms, "
        f"p99 {run.p99_ms:.1f} ms; non-2xx/3xx {run.non_2xx_3xx}, 5xx {fives}, "
        f"socket errors {run.socket_errors}."
    )
    print(output)
    print(summary)
    (OUTPUT / "load.txt").write_text(output + "\n" + summary + "\n")
    return 0 if run.non_2xx_3xx == 0 and run.socket_errors == 0 and fives == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["bench", "load", "describe"])
    parser.add_argument("--load-paths", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    port = int(os.environ.get("BENCH_PORT", "8765"))
    if args.command == "describe":
        print(json.dumps(describe_pages(args.load_paths)))
        return 0
    if args.command == "bench":
        return bench(port, int(os.environ.get("BENCH_SECONDS", "10")))
    return load_run(port, int(os.environ.get("LOAD_SECONDS", "60")),
                    int(os.environ.get("LOAD_CONNECTIONS", "64")))


if __name__ == "__main__":
    sys.exit(main())
