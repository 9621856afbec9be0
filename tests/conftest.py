import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from articles.models import Status
from pagecache import state
from pagecache.memo import memo
from pagecache.middleware import local_copies
from tests.factories import make_article, make_author, make_series


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page cached by another test is served."""
    for cache in caches.all():
        cache.clear()
    local_copies.clear()
    memo.clear()
    state.recent.forget()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def editor_client(editor):
    """A logged-in editor whose browser asks for English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    return client


# The public site as readers see it ------------------------------------------------------
# Scenes shared by the tests of the apps that own the pages, feeds and metadata (articles,
# series, authors) and of what every page carries (core): series_scene for the pages,
# syndication_scene for the feeds, metadata_scene for what pages tell crawlers.


def datetime_on(year, month, day):
    return datetime(year, month, day, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def series_scene(db):
    """A series with public, French-only, planned, draft, scheduled and withdrawn parts."""
    now = timezone.now()
    series = make_series(
        fr={"title": "Jeux de pouvoir", "slug": "jeux-de-pouvoir",
            "blurb": "la rivalité des géants"},
        en={"title": "Power Play", "slug": "power-play", "blurb": "the giants' rivalry"},
    )
    ada = make_author("Ada Lovelace", bios={"fr": "Ada écrit en français.",
                                             "en": "Ada writes in English."},
                      honours="FBA")
    alan = make_author("Alan Turing", bios={"fr": "Alan enseigne.", "en": "Alan teaches."})
    first = make_article(series=series, part=1, authors=[alan, ada], announced=True, versions={
        "fr": {"title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir",
               "publish_at": datetime_on(2026, 11, 27),
               "body": "## Un\n\nTexte.\n\n## Deux\n\nTexte.\n\n## Trois\n\nTexte.\n"},
        "en": {"title": "Why open", "slug": "why-open", "publish_at": datetime_on(2026, 11, 27),
               "body": "## One\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.\n"},
    })
    first.versions.get(language="fr").tags.set(["éducation", "stratégie"])
    first.versions.get(language="en").tags.set(["education", "strategy"])
    second = make_article(series=series, part=2, authors=[ada], announced=True, versions={
        "fr": {"title": "Pourquoi fermer", "slug": "pourquoi-fermer",
               "publish_at": now - timedelta(days=1)},
        "en": {"title": "Why close (draft)", "slug": "why-close", "status": Status.DRAFT,
               "publish_at": None},
    })
    second.versions.get(language="fr").tags.set(["stratégie"])
    planned = make_article(series=series, part=3, announced=True, versions={
        "fr": {"title": "Titre provisoire trois", "slug": "trois", "status": Status.PLANNED,
               "publish_at": None},
        "en": {"title": "Working title three", "slug": "three", "status": Status.PLANNED,
               "publish_at": None},
    })
    draft = make_article(series=series, part=4, versions={
        "fr": {"title": "Brouillon secret", "slug": "brouillon-secret", "status": Status.DRAFT,
               "publish_at": None},
        "en": {"title": "Secret draft", "slug": "secret-draft", "status": Status.DRAFT,
               "publish_at": None},
    })
    scheduled = make_article(series=series, part=5, announced=True, versions={
        "fr": {"title": "Programmé plus tard", "slug": "programme", "status": Status.SCHEDULED,
               "publish_at": now + timedelta(days=3),
               "standfirst": "Secret scheduled standfirst"},
        "en": {"title": "Scheduled later", "slug": "scheduled", "status": Status.SCHEDULED,
               "publish_at": now + timedelta(days=3),
               "standfirst": "Secret scheduled standfirst"},
    })
    withdrawn = make_article(series=series, part=6, versions={
        "fr": {"title": "Article retiré", "slug": "retire", "status": Status.WITHDRAWN,
               "publish_at": now - timedelta(days=5)},
        "en": {"title": "Withdrawn piece", "slug": "withdrawn", "status": Status.WITHDRAWN,
               "publish_at": now - timedelta(days=5)},
    })
    return {
        "series": series, "ada": ada, "alan": alan, "first": first, "second": second,
        "planned": planned, "draft": draft, "scheduled": scheduled, "withdrawn": withdrawn,
    }


@pytest.fixture
def syndication_scene(db):
    """Two public parts of a series, an English-only essay, and every kind of hidden version.

    The hidden ones share the series, an author and the tags of the public ones, so a
    leak would show in every feed.
    """
    now = timezone.now()
    series = make_series(
        fr={"title": "Jeux de pouvoir", "slug": "jeux-de-pouvoir", "blurb": "la rivalité"},
        en={"title": "Power Play", "slug": "power-play", "blurb": "the rivalry"},
    )
    ada = make_author("Ada Lovelace")
    alan = make_author("Alan Turing")
    first = make_article(series=series, part=1, authors=[alan, ada], versions={
        "fr": {"title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir",
               "standfirst": "Ouvrir les modèles, et pourquoi.",
               "publish_at": now - timedelta(days=3)},
        "en": {"title": "Why open", "slug": "why-open", "standfirst": "Opening models, and why.",
               "publish_at": now - timedelta(days=3)},
    })
    first.versions.get(language="fr").tags.set(["éducation", "stratégie"])
    first.versions.get(language="en").tags.set(["education", "strategy"])
    second = make_article(series=series, part=2, authors=[ada], versions={
        "fr": {"title": "Pourquoi fermer", "slug": "pourquoi-fermer",
               "publish_at": now - timedelta(days=1)},
        "en": {"title": "Why close", "slug": "why-close", "status": Status.DRAFT,
               "publish_at": None},
    })
    second.versions.get(language="fr").tags.set(["stratégie"])
    make_article(authors=[alan], versions={
        "en": {"title": "A standalone essay", "slug": "standalone",
               "publish_at": now - timedelta(days=2)},
    })
    hidden = {
        "planned": {"status": Status.PLANNED, "publish_at": None},
        "draft": {"status": Status.DRAFT, "publish_at": None},
        "scheduled": {"status": Status.SCHEDULED, "publish_at": now + timedelta(days=3)},
        "withdrawn": {"status": Status.WITHDRAWN, "publish_at": now - timedelta(days=5)},
    }
    for part, (name, fields) in enumerate(hidden.items(), start=3):
        article = make_article(series=series, part=part, authors=[ada, alan], announced=True,
                               versions={
            "fr": {"title": f"Caché {name}", "slug": f"cache-{name}", **fields},
            "en": {"title": f"Hidden {name}", "slug": f"hidden-{name}", **fields},
        })
        article.versions.get(language="fr").tags.set(["stratégie", "secret"])
        article.versions.get(language="en").tags.set(["strategy", "secret"])
    return {"series": series, "ada": ada, "alan": alan, "first": first, "second": second}


def jpeg(width: int = 1600, height: int = 900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue())


@pytest.fixture
def metadata_scene(db):
    """A series with a two-language article, a French-only one with an English draft, more."""
    now = timezone.now()
    series = make_series(
        fr={"title": "Jeux de pouvoir", "slug": "jeux-de-pouvoir", "blurb": "la rivalité"},
        en={"title": "Power Play", "slug": "power-play", "blurb": "the rivalry"},
    )
    ada = make_author("Ada Lovelace", slug="ada", honours="FBA",
                      website="https://ada.example.org",
                      bios={"fr": "Ada *écrit* des essais.", "en": "Ada *writes* essays."})
    ada.links.create(label="Mastodon", url="https://social.example.org/@ada")
    ada.translations.update(role="Professor")
    alan = make_author("Alan Turing", slug="alan")
    both = make_article(series=series, part=2, authors=[ada, alan], versions={
        "fr": {"title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir",
               "standfirst": "Le chapeau français.", "hero_alt": "Un disque bleu",
               "publish_at": now - timedelta(days=10)},
        "en": {"title": "Why open", "slug": "why-open", "standfirst": "The English standfirst.",
               "hero_alt": "A blue disc", "publish_at": now - timedelta(days=3)},
    })
    both.hero_image.save("hero.jpg", jpeg())
    both.versions.get(language="fr").tags.set(["stratégie"])
    both.versions.get(language="en").tags.set(["strategy"])
    french_only = make_article(series=series, part=3, authors=[alan], versions={
        "fr": {"title": "Pourquoi fermer", "slug": "pourquoi-fermer"},
        "en": {"title": "Why close", "slug": "why-close", "status": Status.DRAFT,
               "publish_at": None},
    })
    for n in range(12):  # enough for a second page of the article list
        make_article(versions={"fr": {"slug": f"autre-{n}"}, "en": {"slug": f"other-{n}"}})
    return {"series": series, "ada": ada, "alan": alan, "both": both,
            "french_only": french_only}


# E-mail ---------------------------------------------------------------------------------


@pytest.fixture
def mail_server(settings):
    """A real SMTP server on loopback, the one the site sends its e-mails to."""
    from tests.mail import MailServer

    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


# A database of its own, emptied of this test's keys afterwards.
TEST_REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(settings):
    """The site's cache in Redis, as in production, under a key prefix of this test's."""
    import os
    import secrets

    from tests.network import redis_reachable

    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it).")
        pytest.skip("Redis is not running on 127.0.0.1:6379.")
    prefix = f"test-{secrets.token_hex(6)}"
    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": TEST_REDIS_URL, "KEY_PREFIX": prefix,
    }}
    yield caches["default"]
    client = caches["default"].client.get_client(write=True)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
