"""The notification worker beside the server (make serve, make run), and the mail
server's settings."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.powerplay.test_production import ROOT, settings_for
from tests.powerplay.test_scale_out import database_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


# The mail server ---------------------------------------------------------------------


def mail_settings(**env) -> dict:
    values = settings_for(**env)
    return {name: values[name] for name in (
        "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS", "EMAIL_USE_SSL")}


def test_email_url_names_the_mail_server():
    assert mail_settings(EMAIL_URL="smtp://news%40example.org:s%3Dcret@mail.example.org:587"
                                   "?tls=1") == {
        "EMAIL_BACKEND": SMTP, "EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "news@example.org", "EMAIL_HOST_PASSWORD": "s=cret",
        "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False,
    }
    assert mail_settings(EMAIL_URL="smtps://mail.example.org")["EMAIL_PORT"] == 465
    assert mail_settings(EMAIL_URL="smtps://mail.example.org")["EMAIL_USE_SSL"] is True
    assert mail_settings(EMAIL_URL="console://")["EMAIL_BACKEND"] == CONSOLE


def test_without_email_url_djangos_own_variables_apply():
    values = mail_settings(EMAIL_HOST="relay.internal", EMAIL_PORT="2525", EMAIL_USE_TLS="1")

    assert values["EMAIL_BACKEND"] == SMTP
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (
        "relay.internal", 2525, True)


def test_development_prints_the_emails_on_the_console():
    assert mail_settings(DEBUG="1")["EMAIL_BACKEND"] == CONSOLE


@pytest.mark.parametrize("url", [
    "mail.example.org:25", "smtp://", "smtp://mail.example.org:port", "ftp://mail.example.org",
])
def test_an_email_url_that_is_no_mail_server_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        settings_for(EMAIL_URL=url)


# The worker beside the server ----------------------------------------------------------


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def wait_until(condition, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)


@pytest.fixture
def supervised(tmp_path):
    """scripts/with_worker.py running a stand-in server, its worker on the test database."""
    log = tmp_path / "supervisor.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "DATABASE_URL": database_url(tmp_path), "PYTHONUNBUFFERED": "1"}
    server = [sys.executable, "-c", "import time; time.sleep(600)"]
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "scripts/with_worker.py", *server], cwd=ROOT, env=env,
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    wait_until(lambda: "Starting worker" in log.read_text(), log)
    children = children_of(process.pid)
    yield process, children, log
    for pid in [process.pid, *children]:
        if running(pid):
            os.kill(pid, signal.SIGKILL)
    process.wait()


# The worker commits its own rows (the sweep it enqueues): emptied after each test. Like
# the other tests of this folder on a shared database, none reads what the migrations wrote.
ON_THE_TEST_DATABASE = pytest.mark.django_db(transaction=True)


@ON_THE_TEST_DATABASE
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_worker_stops_with_the_server(supervised, signum):
    process, children, log = supervised
    assert len(children) == 2, log.read_text()

    # Only the supervisor is signalled, as a process manager does.
    os.kill(process.pid, signum)
    process.wait(timeout=40)

    wait_until(lambda: not any(running(pid) for pid in children), log, seconds=10)
    assert re.search(r"shutting down gracefully", log.read_text())


@ON_THE_TEST_DATABASE
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_the_worker_dies_with_a_supervisor_killed_outright(supervised):
    process, children, log = supervised

    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)

    wait_until(lambda: not any(running(pid) for pid in children), log, seconds=10)
