"""Real-browser tests: Debian's Chromium, driven by Playwright, against a live test server.

Chromium is launched once per test module. A missing Chromium fails these tests with a
message saying how to install it: `make test` installs it first where it may.
"""

import io
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
# What Debian's Chromium needs on the project's machines, which have no GPU, run as root and
# reach no update or sync service.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
OUTPUT = Path(settings.BASE_DIR) / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
FAILURES = SCREENSHOTS / "failures"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Read by the page fixture's teardown, to keep a picture of the page that failed.
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session", autouse=True)
def _fresh_failure_screenshots() -> None:
    """Pictures of failures are of this run only; the others are overwritten anyway."""
    shutil.rmtree(FAILURES, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One headless Chromium for the module, with a fresh profile folder."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need it. Run `make test`, "
            "which installs it when it may, or install it yourself with "
            "`sudo apt-get update && sudo apt-get install -y chromium`.",
            pytrace=False,
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    thread_connections = {alias: connections[alias] for alias in connections}
    # Playwright's sync API leaves an event loop marked as running in this thread while it
    # lives, and Django then refuses ORM calls unless told it is safe. It is: the calls
    # come from the test's own code between browser steps, never from a coroutine.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # Next to a running loop Django would also open a second set of connections for
            # this thread, without the test database's saved state (serialized_rollback):
            # keep using the thread's own.
            for alias, connection in thread_connections.items():
                connections[alias] = connection
            # launch() gives the browser a fresh temporary profile folder, removed when it
            # closes; unlike launch_persistent_context it lets each test open contexts with
            # their own locale and window size.
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield browser
            finally:
                browser.close()


@pytest.fixture(autouse=True)
def _site_with_media(settings) -> None:
    settings.ROOT_URLCONF = "tests.browser.urls"


# The database as seed_demo left it, and the images it stored, kept for the next tests.
_demo: dict = {}


@pytest.fixture
def demo_site(transactional_db) -> None:
    """The demo series, its authors and articles, as `make run` shows them.

    seed_demo draws and encodes every image, which takes seconds: it runs once, and later
    tests get its rows back from a copy while its images are still in the test storage.
    """
    from django.core.files.storage import default_storage
    from django.db import connection

    from articles.models import Article, ArticleTranslation
    from authors.models import Author
    from images.models import Image
    from search.models import update_search_vectors

    if _demo and all(default_storage.exists(name) for name in _demo["images"]):
        connection.creation.deserialize_db_from_string(_demo["rows"])
        update_search_vectors(ArticleTranslation.objects.all())
        return
    call_command("seed_demo", stdout=io.StringIO())
    _demo["rows"] = connection.creation.serialize_db_to_string()
    _demo["images"] = [
        *(article.hero_image.name for article in Article.objects.exclude(hero_image="")),
        *(author.portrait.name for author in Author.objects.exclude(portrait="")),
        *(image.file.name for image in Image.objects.all()),
    ]


@pytest.fixture
def page_types(demo_site) -> dict[str, list[tuple[str, str]]]:
    """For each language, the path of one page of every public type, on the demo content."""
    from articles.models import Article, ArticleTranslation
    from authors.models import Author
    from core.i18n import reverse_in
    from series.models import SeriesTranslation
    from tests.factories import make_article

    # The demo has a French-only article; an English-only one shows the French notice.
    make_article(authors=[Author.objects.first()], versions={"en": {
        "title": "A note in English only", "slug": "a-note-in-english-only",
        "standfirst": "Written for English readers first.", "body": "Some words.",
    }})
    words = {"fr": "modèles", "en": "models"}
    pages = {}
    for language in words:
        article = ArticleTranslation.objects.published().get(
            language=language, article__part=1
        )
        elsewhere = (
            Article.objects.with_public_version()
            .exclude(versions__language=language)
            .first()
        )
        author = Author.objects.get(slug="helene-marchetti")
        pages[language] = [
            ("home", reverse_in(language, "home")),
            ("series-list", reverse_in(language, "series:list")),
            ("series", SeriesTranslation.objects.get(language=language).get_absolute_url()),
            ("article", article.get_absolute_url()),
            ("author-list", reverse_in(language, "authors:list")),
            ("author", author.get_absolute_url(language)),
            ("tag", reverse_in(language, "articles:tag", slug=article.tags.first().slug)),
            ("article-list", reverse_in(language, "articles:list")),
            ("search", f"{reverse_in(language, 'search')}?q={words[language]}"),
            ("not-available", reverse_in(language, "articles:unavailable", pk=elsewhere.pk)),
            ("not-found", f"{reverse_in(language, 'home')}nothing-here/"),
        ]
    return pages


def session_cookie(user, url: str) -> dict:
    """The session cookie of a logged-in `user`, for a browser context at `url`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": url}


@pytest.fixture
def open_page(browser, live_server, request) -> Iterator[Callable]:
    """Open a page in a new browser context; failing tests leave a screenshot of it."""
    contexts = []
    # Requests sent and not yet answered, per context.
    in_flight: dict = {}

    def count(context, step: int) -> None:
        in_flight[context] += step

    def open_page(
        path: str = "", *, locale: str = "en-GB", viewport: dict | None = None, user=None
    ):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport=viewport or DESK,
            timezone_id="Europe/Paris",
        )
        context.set_default_timeout(10_000)
        in_flight[context] = 0
        context.on("request", lambda _request: count(context, +1))
        context.on("requestfinished", lambda _request: count(context, -1))
        context.on("requestfailed", lambda _request: count(context, -1))
        contexts.append(context)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        page = context.new_page()
        if path:
            page.goto(path)
        return page

    yield open_page
    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    for number, context in enumerate(contexts):
        if failed:
            FAILURES.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(context.pages):
                name = safe_name(f"{request.node.nodeid}-{number}-{index}")
                page.screenshot(path=FAILURES / f"{name}.png", full_page=True)
        # A page sends what it has as it goes away (the autosave's last copy) and may have
        # a request under way (a preview): all of it is answered before the test's
        # database is emptied, which the live server's thread shares on SQLite.
        for page in context.pages:
            page.goto("about:blank")
        for _ in range(100):
            if in_flight[context] <= 0 or not context.pages:
                break
            context.pages[0].wait_for_timeout(50)
        context.close()


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:180]


def screenshot(page, name: str) -> Path:
    """Keep a full-page picture under test-output/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{safe_name(name)}.png"
    page.screenshot(path=path, full_page=True)
    return path


def loaded_width(image) -> int:
    """The width of the picture the browser decoded for an <img> (0 if it failed to load)."""
    return image.evaluate("""img => img.complete ? img.naturalWidth : new Promise(done => {
        img.addEventListener("load", () => done(img.naturalWidth));
        img.addEventListener("error", () => done(0));
    })""")
