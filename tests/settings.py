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

# PP_TEST_EXTRA_LANGUAGE=de runs the suite with a third language after French and
# English, with no catalogue of its own (README, "Adding a language"): nothing may
# assume the site has exactly two.
EXTRA_LANGUAGE = os.environ.get("PP_TEST_EXTRA_LANGUAGE", "").strip()
if EXTRA_LANGUAGE:
    from django.conf.locale import LANG_INFO
    from django.utils.translation import gettext_lazy

    if EXTRA_LANGUAGE not in LANG_INFO or EXTRA_LANGUAGE in dict(LANGUAGES):  # noqa: F405
        raise ValueError(
            f"PP_TEST_EXTRA_LANGUAGE={EXTRA_LANGUAGE!r} is not a language Django knows "
            "that the site does not have already; for example de."
        )
    # Named as Django names it, so its own catalogue translates the name ("Allemand").
    LANGUAGES = [
        *LANGUAGES,  # noqa: F405
        (EXTRA_LANGUAGE, gettext_lazy(LANG_INFO[EXTRA_LANGUAGE]["name"])),
    ]
