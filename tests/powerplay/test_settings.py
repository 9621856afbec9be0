"""Production settings fail loudly, at start-up, with one sentence."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "www.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
    ],
    ids=["no-secret-key", "no-allowed-hosts", "wildcard-host"],
)
def test_production_start_up_stops_with_one_clear_sentence(env, missing):
    result = manage("check", DEBUG="0", **env)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("Power Play cannot start:")
    assert missing in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_production_starts_with_what_it_needs():
    result = manage("check", DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="www.example.org")

    assert result.returncode == 0, result.stderr


def test_development_needs_no_secrets():
    result = manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_languages_are_declared_once_and_the_time_zone_is_paris(settings):
    from django.conf import settings as live

    # French, the default, and English; a test run may add one (tests/settings.py).
    assert [code for code, _ in live.LANGUAGES][:2] == ["fr", "en"]
    assert live.USE_TZ is True
    assert os.environ.get("TIME_ZONE", "Europe/Paris") == live.TIME_ZONE


def test_settings_read_database_redis_and_media_from_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "d=s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'], s.CACHES['default']['BACKEND'],"
        " s.MEDIA_ROOT, s.TIME_ZONE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env=os.environ | {
            "DJANGO_SETTINGS_MODULE": "powerplay.settings", "DEBUG": "1",
            "DATABASE_URL": "postgres://u@db.internal:5432/pp",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
            "MEDIA_ROOT": str(tmp_path), "TIME_ZONE": "America/Montreal",
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql", "pp", "db.internal",
        "django_redis.cache.RedisCache", str(tmp_path), "America/Montreal",
    ]


def test_a_command_without_its_database_says_so_in_one_sentence():
    result = manage("showmigrations", DEBUG="1",
                    DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable")

    assert result.returncode != 0
    assert result.stderr.strip().startswith("Power Play cannot use its database:")
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
