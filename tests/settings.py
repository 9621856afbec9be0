"""Settings for the test suite: the real settings, with test-only secrets filled in."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client and the live server speak plain http; the rest of the production
# security settings stay as they are (tests/powerplay/test_security.py).
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from powerplay.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# In-process, whatever REDIS_URL the shell has; emptied before each test (conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page cache is off, so the suite sees each view's own answer and query count;
# tests/pagecache/test_page_cache.py and the tests about caching switch it on.
PAGE_CACHE_SECONDS = 0
# One process shares the in-process cache, so kept values are exact here: every test of a
# public surface reads through them.
CONTENT_MEMO = True
# No collectstatic before the suite: whitenoise looks files up when asked, not at start.
WHITENOISE_AUTOREFRESH = True
