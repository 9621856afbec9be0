"""Django's Redis cache, keeping one client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` for every cache call; building one
fills a table of some 170 response callbacks, which costs about as much as the call's
round trip to Redis. A cached page asks Redis twice, so that cost was a third of a page
cache hit. A ``redis.Redis`` is safe to share between threads, and its connections come
from the pool either way.
"""

from django.core.cache.backends import redis as django_redis


class PooledClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients_by_pool = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients_by_pool.get(pool)
        if client is None:
            client = self._clients_by_pool[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient
