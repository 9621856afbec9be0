import pytest
from django.core.cache import caches
from django.test import Client

from pagecache.middleware import local_copies


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page cached by another test is served."""
    for cache in caches.all():
        cache.clear()
    local_copies.clear()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def editor_client(editor):
    """A logged-in editor whose browser asks for English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(editor)
    return client
