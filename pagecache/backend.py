"""The cache the page cache keeps its pages and state in, and how it fails."""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger("pagecache")

# What a cache backend raises when it cannot be reached: the page is then uncached.
CACHE_ERRORS = (ConnectionInterrupted, RedisError, OSError)
# Warn about an unreachable cache at most this often per process, not on every request.
WARNING_INTERVAL = 60.0

_last_warning = 0.0


def page_cache() -> BaseCache:
    return caches["default"]


def warn_unavailable(action: str, error: Exception) -> None:
    global _last_warning
    moment = time.monotonic()
    if moment - _last_warning >= WARNING_INTERVAL or _last_warning == 0.0:
        _last_warning = moment
        logger.warning("Page cache unavailable (%s), serving uncached: %r", action, error)
