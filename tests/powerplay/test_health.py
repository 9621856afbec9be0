"""The load balancer's probes: /healthz needs nothing, /readyz says what is missing."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.network import free_port

CLOSED_REDIS = "redis://127.0.0.1:{port}/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_REDIS.format(port=free_port()),
        }
    }


@pytest.fixture
def database_down(db):
    """Every query fails as with a stopped server, until the test's own clean-up."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "ensure_connection", refuse)
        yield


def test_healthz_answers_ok_without_touching_the_database():
    """No `db` fixture here: any query would fail the test."""
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_ok_while_the_database_and_the_cache_are_down(database_down, redis_down):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_and_the_cache_answer():
    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failing": []}
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_the_database_when_it_does_not_answer(database_down):
    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "failing": ["database"]}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_the_cache_when_redis_is_down(redis_down):
    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "failing": ["cache"]}


def test_readyz_names_both_when_both_are_down(database_down, redis_down):
    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache", "database"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_live_outside_the_language_prefixes(path, db):
    client = Client()

    assert client.get(f"/fr{path}").status_code == 404
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_not_redirected_to_https(path, settings, db):
    """A load balancer probes the app over plain http; readers are sent to https."""
    settings.SECURE_SSL_REDIRECT = True
    client = Client()

    assert client.get(path).status_code == 200
    home = client.get("/fr/")
    assert home.status_code == 301
    assert home["Location"] == "https://testserver/fr/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_whatever_host_the_load_balancer_names(path):
    # The balancer probes each server at its own address, which is no site host.
    probe = Client().get(path, HTTP_HOST="10.0.0.5:8000")
    page = Client().get("/fr/", HTTP_HOST="10.0.0.5:8000")

    assert probe.status_code == 200
    assert page.status_code == 400


@pytest.mark.django_db
def test_readyz_names_the_migrations_a_database_lacks(monkeypatch):
    from django.db.migrations.recorder import MigrationRecorder

    from powerplay import health

    monkeypatch.setattr(health, "_migrated", False)
    MigrationRecorder.Migration.objects.filter(app="articles").order_by("-id")[:1].get().delete()

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
