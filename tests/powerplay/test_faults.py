"""Faults are survived: a database outage is a friendly 503, a Redis outage goes unnoticed.

The gunicorn tests never stop the machine's PostgreSQL, which other test runs share: the
site reaches it through a small TCP proxy of the test's own, and "stopping the database"
closes that proxy's listener and every connection through it.
"""

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.test import Client
from django.urls import reverse

from tests.factories import make_article, make_author, make_series
from tests.network import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


@pytest.fixture
def article(db):
    ada = make_author("Ada Lovelace")
    series = make_series(fr={"title": "Jeux", "slug": "jeux"},
                         en={"title": "Games", "slug": "games"})
    return make_article(series=series, part=1, authors=[ada], versions={
        "fr": {"title": "Ouvrir", "slug": "ouvrir"},
        "en": {"title": "Open", "slug": "open"},
    })


@contextlib.contextmanager
def database_fails_with(error: type[Exception]) -> Iterator[None]:
    """Every query of this process fails as it would against a stopped server."""

    def refuse(*args, **kwargs):
        raise error("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        yield


def assert_friendly_503(response, language: str | None = None) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Traceback" not in html
    assert "OperationalError" not in html
    assert "Power Play" in html
    if language:
        assert f'<html lang="{language}">' in html


# In this process, on SQLite and PostgreSQL alike --------------------------------------

@pytest.mark.parametrize("language", ["fr", "en"])
def test_readers_get_a_friendly_503_in_their_language_while_the_database_is_away(
        article, language):
    path = article.versions.get(language=language).get_absolute_url()
    client = Client()

    with database_fails_with(OperationalError):
        response = client.get(path)

    assert_friendly_503(response, language)
    assert client.get(path).status_code == 200


def test_an_editor_in_the_admin_gets_a_503_too(article, editor_client):
    """The editor's session is read before any view runs, by a middleware."""
    editor_client.raise_request_exception = False
    path = reverse("admin:articles_article_change", args=[article.pk])

    with database_fails_with(OperationalError):
        response = editor_client.get(path)

    assert_friendly_503(response)
    assert editor_client.get(path).status_code == 200


def test_a_lost_connection_is_a_503_as_well(article):
    path = article.versions.get(language="en").get_absolute_url()

    with database_fails_with(InterfaceError):
        response = Client().get(path)

    assert_friendly_503(response, "en")


def test_a_programming_error_is_still_a_500_not_hidden_as_an_outage(article):
    client = Client(raise_request_exception=False)
    path = article.versions.get(language="en").get_absolute_url()

    with database_fails_with(ProgrammingError):
        response = client.get(path)

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_pages_are_served_uncached_while_redis_is_down(article, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }}
    client = Client()

    for path in ["/en/", article.versions.get(language="en").get_absolute_url(), "/fr/"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/readyz").json()["failing"] == ["cache"]


# A real server under load: gunicorn, with PostgreSQL behind a proxy of the test's own ----

class TcpProxy:
    """Forward 127.0.0.1:port to a target; stop() is a database that went away."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        for sock in sockets:
            self._close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets |= {client, upstream}
            for source, sink in [(client, upstream), (upstream, client)]:
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        self._close(source)
        self._close(sink)

    def _close(self, sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            sock.close()


@dataclass
class Answer:
    phase_at_start: str
    phase_at_end: str
    cached_path: bool
    status: int
    retry_after: str | None
    body: str


def fetch(url: str) -> tuple[int, str | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.headers.get("Retry-After"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After"), error.read().decode()


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory) -> Path:
    """Production settings render pages from collected static files (whitenoise's manifest)."""
    root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT, env=server_env(STATIC_ROOT=str(root)), capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return root


def server_env(**extra: str) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items()
             if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "REDIS_", "DATABASE_"))
             and key not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    return clean | {
        "DJANGO_SETTINGS_MODULE": "powerplay.settings", "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on loopback: no redirect to https.
        "SECURE_SSL_REDIRECT": "0", "CONN_MAX_AGE": "60", "DATABASE_CONNECT_TIMEOUT": "2",
        "WEB_CONCURRENCY": "2", "GUNICORN_ACCESS_LOG": "",
    } | extra


def database_url(port: int) -> str:
    database = connection.settings_dict
    return f"postgres://{database['USER']}@127.0.0.1:{port}/{database['NAME']}"


@contextlib.contextmanager
def gunicorn(log: Path, **env: str) -> Iterator[str]:
    """The production profile (gunicorn.conf.py) on a free loopback port; its base URL."""
    port = free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py"], cwd=ROOT, stdout=output,
            stderr=subprocess.STDOUT, env=server_env(PORT=str(port), HOST="127.0.0.1", **env),
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, log.read_text()
            with contextlib.suppress(OSError):
                if fetch(f"{base}/healthz")[0] == 200:
                    break
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield base
        assert server.poll() is None, "gunicorn stopped during the test"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="Needs PostgreSQL: the server process must share the test database, and "
           "SQLite's test database lives in this process's memory.",
)


@pytest.fixture
def published(transactional_db) -> str:
    """A published article, committed so the server's own connections see it."""
    author = make_author("Ada Lovelace")
    series = make_series(en={"title": "Games", "slug": "games"})
    article = make_article(series=series, part=1, authors=[author],
                           versions={"en": {"title": "Open", "slug": "open"}})
    return article.versions.get().get_absolute_url()


@needs_postgresql
def test_under_load_a_database_outage_is_a_503_and_the_site_recovers_by_itself(
        published, collected_static, tmp_path):
    target = (connection.settings_dict["HOST"] or "127.0.0.1",
              int(connection.settings_dict["PORT"] or 5432))
    proxy = TcpProxy(target)
    proxy.start()
    log = tmp_path / "gunicorn.log"
    answers: list[Answer] = []
    phase = ["before"]
    stop = threading.Event()

    def reader(base: str) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            # Every other request bypasses the page cache, so it needs the database.
            cached_path = n % 2 == 0
            url = base + published + ("" if cached_path else f"?reader={uuid.uuid4().hex}")
            started = phase[0]
            try:
                status, retry_after, body = fetch(url)
            except OSError as error:
                status, retry_after, body = 0, None, repr(error)
            answers.append(Answer(started, phase[0], cached_path, status, retry_after, body))
            time.sleep(0.02)

    try:
        with gunicorn(log, DATABASE_URL=database_url(proxy.port),
                      STATIC_ROOT=str(collected_static)) as base:
            readers = [threading.Thread(target=reader, args=(base,)) for _ in range(3)]
            for thread in readers:
                thread.start()
            try:
                time.sleep(3)
                phase[0] = "outage"
                proxy.stop()
                time.sleep(4)
                phase[0] = "recovering"
                proxy.start()
                returned = time.monotonic()
                while fetch(f"{base}{published}?probe={uuid.uuid4().hex}")[0] != 200:
                    assert time.monotonic() - returned < 10, "the site did not recover"
                    time.sleep(0.1)
                recovered_in = time.monotonic() - returned
                phase[0] = "after"
                time.sleep(3)
            finally:
                stop.set()
                for thread in readers:
                    thread.join(timeout=20)
    finally:
        proxy.stop()

    def during(name: str) -> list[Answer]:
        return [a for a in answers if a.phase_at_start == a.phase_at_end == name]

    assert {a.status for a in answers} <= {200, 503}, {a.status for a in answers}
    assert all("Traceback" not in a.body for a in answers)
    assert during("before") and {a.status for a in during("before")} == {200}

    outage = [a for a in during("outage") if not a.cached_path]
    assert len(outage) >= 5
    for answer in outage:
        assert answer.status == 503
        assert answer.retry_after == "30"
        assert "Power Play" in answer.body
    # A page kept by the page cache may still be served: never anything worse than a 503.
    assert {a.status for a in during("outage")} <= {200, 503}

    assert recovered_in < 5
    assert during("after") and {a.status for a in during("after")} == {200}
    # Recovered without a restart: the two workers booted once each.
    assert log.read_text().count("Booting worker") == 2, log.read_text()


@needs_postgresql
def test_with_redis_down_the_server_serves_pages_uncached(published, collected_static, tmp_path):
    with gunicorn(tmp_path / "gunicorn.log",
                  DATABASE_URL=database_url(int(connection.settings_dict["PORT"] or 5432)),
                  REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
                  STATIC_ROOT=str(collected_static)) as base:
        for path in [published, published, "/en/", "/fr/"]:
            status, _, body = fetch(base + path)
            assert status == 200, body[:500]

        assert fetch(base + "/healthz")[:1] == (200,)
        status, _, body = fetch(base + "/readyz")
        assert status == 503
        assert '"failing": ["cache"]' in body


def test_during_an_outage_the_api_answers_json_and_the_site_its_page(collected_static, tmp_path):
    """The database is a closed port: the API's 503 is its JSON error, the site's a page."""
    closed = free_port()
    with gunicorn(tmp_path / "gunicorn.log",
                  DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed}/powerplay",
                  STATIC_ROOT=str(collected_static)) as base:
        api = answer(base + "/api/v1/articles/?language=en")
        page = answer(base + "/en/articles/")

    assert api.status == 503
    assert api.headers["Retry-After"] == "30"
    assert api.headers["Content-Type"] == "application/json"
    assert "no-store" in api.headers["Cache-Control"]
    body = json.loads(api.read())
    assert list(body) == ["error"] and body["error"]
    assert page.status == 503
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Power Play" in page.read().decode()


def answer(url: str):
    """The response to a GET of `url`, whatever its status."""
    try:
        return urllib.request.urlopen(url, timeout=15)
    except urllib.error.HTTPError as error:
        return error
