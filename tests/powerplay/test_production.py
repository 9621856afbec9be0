"""The production profile: what the settings become without DEBUG, and what that serves."""

import importlib.util
import os
import re
import runpy
import subprocess
import sys
from contextlib import ExitStack
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.test import Client

from core import markdown
from core.i18n import reverse_in
from tests.factories import make_article

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "www.example.org"}


def settings_for(**env: str) -> dict:
    """The settings module's values under exactly this environment (the site's own stay)."""
    spec = importlib.util.find_spec("powerplay.settings")
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, {**PRODUCTION, **env}, clear=True):
        spec.loader.exec_module(module)
    return vars(module)


def gunicorn_for(**env: str) -> dict:
    with mock.patch.dict(os.environ, env, clear=True):
        return runpy.run_path(os.path.join(ROOT, "gunicorn.conf.py"))


# Settings ---------------------------------------------------------------------------


def test_production_serves_hashed_compressed_static_files_and_keeps_connections():
    values = settings_for()

    assert values["DEBUG"] is False
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    database = values["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert values["SERVE_MEDIA"] is False


def test_the_page_cache_is_on_by_default_only_with_a_cache_all_processes_share():
    assert settings_for()["PAGE_CACHE_SECONDS"] == 0
    assert settings_for(REDIS_URL="redis://cache.internal:6379/2")["PAGE_CACHE_SECONDS"] == 300
    assert settings_for(PAGE_CACHE_SECONDS="120")["PAGE_CACHE_SECONDS"] == 120


def test_development_keeps_plain_static_files_and_one_connection_per_request():
    values = settings_for(DEBUG="1")

    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    assert values["DATABASES"]["default"]["CONN_MAX_AGE"] == 0
    assert values["SERVE_MEDIA"] is True


def test_connection_lifetime_comes_from_the_environment():
    assert settings_for(CONN_MAX_AGE="600")["DATABASES"]["default"]["CONN_MAX_AGE"] == 600


def test_static_files_are_answered_before_sessions_languages_and_pages():
    middleware = settings_for()["MIDDLEWARE"]

    security = middleware.index("django.middleware.security.SecurityMiddleware")
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert security < whitenoise < sessions
    # A cached page is answered right after the security middleware, before the session,
    # the language and every header-adding middleware, whose headers it stored with it.
    page_cache = middleware.index("pagecache.middleware.PageCacheMiddleware")
    assert security < page_cache < whitenoise
    assert page_cache < middleware.index("csp.middleware.CSPMiddleware")
    assert page_cache < middleware.index("django.middleware.locale.LocaleMiddleware")
    # The staff marker is known once the login is.
    assert middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") < (
        middleware.index("pagecache.middleware.StaffMarkerMiddleware")
    )


def test_redis_is_the_cache_when_configured():
    values = settings_for(REDIS_URL="redis://cache.internal:6379/2", CACHE_KEY_PREFIX="pp")

    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"
    assert cache["KEY_PREFIX"] == "pp"
    assert cache["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 1


def test_the_cache_is_in_process_without_redis():
    cache = settings_for()["CACHES"]["default"]

    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def s3_extra_installed():
    """The s3 extra as if installed: the settings only check that it can be imported."""
    find_spec = importlib.util.find_spec

    def pretend(name, *args, **kwargs):
        return object() if name == "storages" else find_spec(name, *args, **kwargs)

    with mock.patch("importlib.util.find_spec", pretend):
        yield


@pytest.mark.parametrize("switch", [
    {"AWS_STORAGE_BUCKET_NAME": "pp-media"},
    {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "pp-media"},
])
def test_media_go_to_object_storage_when_configured(switch, s3_extra_installed):
    values = settings_for(
        **switch,
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_REGION_NAME="fr-par",
        AWS_ACCESS_KEY_ID="key-id",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )

    media = values["STORAGES"]["default"]
    assert media["BACKEND"] == "images.storage.MediaS3Storage"
    assert media["OPTIONS"] == {
        "bucket_name": "pp-media",
        "endpoint_url": "https://s3.example.net",
        "region_name": "fr-par",
        "access_key": "key-id",
        "secret_key": "secret",
        "custom_domain": "media.example.org",
        "querystring_auth": False,
        "file_overwrite": False,
    }
    assert values["MEDIA_URL"] == "https://media.example.org/"
    assert values["SERVE_MEDIA"] is False


def test_object_storage_without_a_custom_domain_leaves_addresses_to_the_storage(
    s3_extra_installed,
):
    media = settings_for(AWS_STORAGE_BUCKET_NAME="pp-media")["STORAGES"]["default"]

    assert media["OPTIONS"] == {
        "bucket_name": "pp-media", "querystring_auth": False, "file_overwrite": False,
    }


def test_media_stay_on_disk_when_asked_even_with_a_bucket_named():
    values = settings_for(MEDIA_STORAGE="local", AWS_STORAGE_BUCKET_NAME="pp-media")

    assert values["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )


@pytest.mark.parametrize(("env", "message"), [
    ({"MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
    ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE"),
])
def test_a_half_configured_media_storage_stops_start_up(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        settings_for(**env)


def test_production_templates_use_the_cached_loader():
    """Django caches compiled templates when no loaders are named, as here."""
    options = settings_for()["TEMPLATES"][0]
    assert "loaders" not in options["OPTIONS"]

    params = {key: value for key, value in options.items() if key != "BACKEND"}
    backend = DjangoTemplates({**params, "NAME": "production"})

    assert backend.engine.loaders[0][0] == "django.template.loaders.cached.Loader"


def test_the_running_site_compiles_each_template_once():
    engine = engines["django"].engine
    loader = engine.template_loaders[0]
    loader.reset()

    reads = []
    with ExitStack() as stack:
        for inner in loader.loaders:
            stack.enter_context(mock.patch.object(
                inner, "get_contents",
                side_effect=lambda origin, inner=inner: reads.append(origin)
                or type(inner).get_contents(inner, origin),
            ))
        engine.get_template("includes/follow_ups.html")
        engine.get_template("includes/follow_ups.html")

    assert type(loader).__module__ == "django.template.loaders.cached"
    assert len(reads) == 1


def test_gunicorn_listens_on_loopback_with_two_workers_by_default():
    config = gunicorn_for()

    assert config["bind"] == "127.0.0.1:8000"
    assert config["workers"] == 2
    assert config["accesslog"] == "-"
    assert config["wsgi_app"] == "powerplay.wsgi:application"


def test_gunicorn_takes_its_address_and_workers_from_the_environment():
    config = gunicorn_for(HOST="0.0.0.0", PORT="9000", WEB_CONCURRENCY="5")

    assert config["bind"] == "0.0.0.0:9000"
    assert config["workers"] == 5


# What the production profile serves ---------------------------------------------------


@pytest.fixture
def collected_static(settings, tmp_path):
    """collectstatic as make serve runs it, with the storage of production."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The public pages use no admin file: leave those out, it is quicker.
    call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"])
    settings.WHITENOISE_AUTOREFRESH = False
    return settings.STATIC_ROOT


@pytest.mark.django_db
def test_pages_link_static_files_by_hashed_name_cached_for_good(collected_static, settings):
    assert settings.DEBUG is False
    client = Client()

    page = client.get("/en/").content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)

    assert stylesheet, page[:800]
    response = client.get(stylesheet.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_show_the_site_icon_and_favicon_ico_leads_to_it(collected_static):
    """Browsers find the icon from the page's link, or from /favicon.ico, never a 404."""
    client = Client()
    icons = set()
    for language in ["fr", "en"]:
        page = client.get(f"/{language}/").content.decode()
        icon = re.search(
            r'<link rel="icon" href="(/static/favicon\.[0-9a-f]{12}\.svg)" type="image/svg\+xml">',
            page,
        )
        assert icon, page[:800]
        icons.add(icon.group(1))
    (icon,) = icons

    served = client.get(icon)
    favicon = client.get("/favicon.ico")

    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(served.streaming_content)
    assert favicon.status_code == 302
    assert favicon["Location"] == icon


@pytest.mark.django_db
def test_an_unhashed_static_name_is_cached_only_briefly(collected_static):
    response = Client().get("/static/css/site.css")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


@pytest.mark.django_db
def test_the_article_page_parses_no_markdown():
    """Body HTML and plain text are derived on save; reading only reads them."""
    make_article(versions={"en": {"slug": "stored", "standfirst": "",
                                  "body": "## A heading\n\nSome *emphasis*."}})
    path = reverse_in("en", "articles:detail", slug="stored")

    with mock.patch.object(markdown._md, "parse", side_effect=AssertionError("parsed")), \
            mock.patch.object(markdown._md, "render", side_effect=AssertionError("rendered")):
        response = Client().get(path)

    assert response.status_code == 200
    assert "<em>emphasis</em>" in response.content.decode()
    assert '<meta name="description" content="A heading Some emphasis.' in (
        response.content.decode()
    )


# Mistakes in the environment stop the start with one sentence ----------------------


@pytest.mark.parametrize(("env", "named"), [
    ({"STATIC_ROOT": ROOT}, "STATIC_ROOT"),
    ({"MEDIA_ROOT": "/"}, "MEDIA_ROOT"),
    ({"MEDIA_ROOT": os.path.join(ROOT, "var")}, "MEDIA_ROOT"),
    ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL"),
    ({"REDIS_URL": "redis://127.0.0.1:abc/0"}, "REDIS_URL"),
    ({"REDIS_URL": "redis://127.0.0.1:6379/x"}, "REDIS_URL"),
    ({"PAGE_CACHE_LOCAL_ENTRIES": "-1"}, "PAGE_CACHE_LOCAL_ENTRIES"),
    ({"PAGE_CACHE_SECONDS": "abc"}, "PAGE_CACHE_SECONDS"),
    ({"CONN_MAX_AGE": "soon"}, "CONN_MAX_AGE"),
    ({"TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE"),
    ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ({"DATABASE_URL": "postgress://db/pp"}, "DATABASE_URL"),
    ({"AWS_STORAGE_BUCKET_NAME": "pp-media"}, "s3 extra"),
], ids=lambda value: next(iter(value)) if isinstance(value, dict) else None)
def test_a_mistake_in_the_environment_is_named_at_start(env, named):
    if "AWS_STORAGE_BUCKET_NAME" in env and importlib.util.find_spec("storages"):
        pytest.skip("The s3 extra is installed here.")

    with pytest.raises(ImproperlyConfigured, match=re.escape(named)):
        settings_for(**env)


def test_a_blank_variable_counts_as_unset():
    blank = settings_for(POWERPLAY_VAR_DIR="", STATIC_ROOT=" ", MEDIA_ROOT="", TIME_ZONE="")
    default = settings_for()

    for name in ("STATIC_ROOT", "MEDIA_ROOT", "TIME_ZONE"):
        assert blank[name] == default[name]
    assert str(blank["STATIC_ROOT"]).endswith(os.path.join("var", "static"))


def test_hosts_may_be_separated_by_spaces_or_commas():
    assert settings_for(ALLOWED_HOSTS="a.example b.example,c.example")["ALLOWED_HOSTS"] == [
        "a.example", "b.example", "c.example"]


@pytest.mark.parametrize("workers", ["0", "abc", "-2"])
def test_gunicorn_refuses_a_number_of_workers_that_would_serve_nobody(workers):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY must be a whole number of at least 1"):
        gunicorn_for(WEB_CONCURRENCY=workers)


def test_the_wsgi_application_says_what_is_missing_in_one_sentence():
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(
        [sys.executable, "-c", "import powerplay.wsgi"], cwd=ROOT, env=clean | {"DEBUG": "0"},
        capture_output=True, text=True, timeout=60,
    )

    assert result.returncode != 0
    assert result.stderr.strip().startswith("Power Play cannot start: SECRET_KEY")
    assert len(result.stderr.strip().splitlines()) == 1
