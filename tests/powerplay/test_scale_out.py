"""Two app processes, one database, one Redis: what one publishes, the other shows at once.

Each process is gunicorn with one worker and the production settings, on its own port.
Both have the article page cached when an editor publishes the next part through the
first one's admin; the second one serves the new page on its very next request.
"""

import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from articles.models import Status
from tests.factories import loaded, make_article, make_author, make_series
from tests.network import free_port, redis_reachable

REDIS_DB = "redis://127.0.0.1:6379/15"
START_TIMEOUT = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A visitor of one app process, with its own cookies; redirects are not followed."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def get(self, path: str) -> tuple[int, dict, str]:
        return self.request(path)

    def post_form(self, form_page: str, action: str, data: dict) -> int:
        """POST `data` to `action` with the CSRF token of the form on `form_page`."""
        status, _headers, html = self.get(form_page)
        assert status == 200, (form_page, status, html[:500])
        token = CSRF_FIELD.search(html).group(1)
        status, _headers, _html = self.request(action, {**data, "csrfmiddlewaretoken": token})
        return status


@pytest.fixture
def shared_services():
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it).")
        pytest.skip("Redis is not running on 127.0.0.1:6379.")
    prefix = f"scale-out-{secrets.token_hex(6)}"
    yield prefix
    import redis

    client = redis.Redis.from_url(REDIS_DB)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def database_url(tmp_path: Path) -> str:
    """The test database as the app processes reach it: committed rows are shared."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    # SQLite's test database lives in this process's memory: hand the processes a copy
    # in a file, which they then share with each other.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def start(port: int, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR, env={**env, "PORT": str(port)},
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )


def wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn on port {port} did not start:\n{log.read_text()}")


@pytest.fixture
def two_app_servers(transactional_db, shared_services, tmp_path):
    """Start the two processes on the data of the test; yield their ports."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "powerplay.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on loopback: no https redirect, cookies sent without TLS.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": database_url(tmp_path),
        "REDIS_URL": REDIS_DB,
        "CACHE_KEY_PREFIX": shared_services,
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=settings.BASE_DIR, env=env, check=True, timeout=120,
    )
    ports = [free_port(), free_port()]
    logs = [tmp_path / f"gunicorn-{port}.log" for port in ports]
    processes = [start(port, env, log) for port, log in zip(ports, logs, strict=True)]
    try:
        for port, process, log in zip(ports, processes, logs, strict=True):
            wait_until_up(port, process, log)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def scene(transactional_db, django_user_model):
    series = make_series(en={"title": "Power Play", "slug": "power-play", "blurb": "power"})
    ada = make_author("Ada Lovelace", bios={"en": "Ada writes essays."})
    make_article(series=series, part=1, authors=[ada], versions={
        "en": {"title": "Why open", "slug": "why-open"},
    })
    follow_up = make_article(series=series, part=2, announced=True, authors=[ada], versions={
        "en": {"title": "Why close", "slug": "why-close", "status": Status.DRAFT,
               "publish_at": None},
    })
    editor = django_user_model.objects.create_superuser("scale", "scale@example.org")
    # The processes use Django's default hashers; few rounds keep the login quick.
    editor.password = PBKDF2PasswordHasher().encode("pw", "scaleoutsalt", iterations=1000)
    editor.save()
    return {"follow_up": follow_up.versions.get(language="en")}


def test_a_publish_through_one_process_shows_through_the_other_at_once(scene, two_app_servers):
    first, second = (Browser(port) for port in two_app_servers)
    pages = ["/en/articles/why-open/", "/en/", "/en/series/power-play/"]
    for browser in (first, second):
        for path in pages:
            browser.get(path)
    for browser in (first, second):
        for path in pages:
            status, headers, html = browser.get(path)
            assert status == 200, (path, html[:500])
            assert headers["X-Page-Cache"] == "hit", path
            assert 'href="/en/articles/why-close/"' not in html, path

    editor = Browser(two_app_servers[0])
    assert editor.post_form(
        "/admin/login/", "/admin/login/",
        {"username": "scale", "password": "pw", "next": "/admin/"},
    ) == 302
    change_page = f"/admin/articles/articletranslation/{scene['follow_up'].pk}/change/"
    workflow = f"/admin/articles/articletranslation/{scene['follow_up'].pk}/workflow/"
    assert editor.post_form(
        change_page, workflow, {"transition": "publish", **loaded(scene["follow_up"])}
    ) == 302

    status, headers, html = second.get("/en/articles/why-open/")
    assert status == 200
    assert 'href="/en/articles/why-close/"' in html
    assert headers["X-Page-Cache"] == "miss"
    for browser in (second, first):
        for path in pages:
            assert 'href="/en/articles/why-close/"' in browser.get(path)[2], path
        assert browser.get("/en/articles/why-close/")[0] == 200
