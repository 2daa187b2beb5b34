"""Django's Redis cache, serving from process memory while Redis is unreachable.

Rate limits, locks and cached pages keep working (per process) during an outage
instead of every page failing; /healthz still reports Redis as down.
"""

import logging

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

OUTAGE = (redis.ConnectionError, redis.TimeoutError)


class FallbackRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._memory = LocMemCache("redis-outage", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _either(self, operation, *args):
        try:
            return getattr(super(), operation)(*args)
        except OUTAGE as error:
            logger.warning("Redis unreachable (%s): the cache serves from memory.", error)
            return getattr(self._memory, operation)(*args)

    def ping(self):
        self.get_client(write=True).ping()

    def add(self, key, value, timeout):
        return self._either("add", key, value, timeout)

    def get(self, key, default):
        return self._either("get", key, default)

    def set(self, key, value, timeout):
        return self._either("set", key, value, timeout)

    def touch(self, key, timeout):
        return self._either("touch", key, timeout)

    def delete(self, key):
        return self._either("delete", key)

    def get_many(self, keys):
        return self._either("get_many", keys)

    def has_key(self, key):
        return self._either("has_key", key)

    def incr(self, key, delta):
        return self._either("incr", key, delta)

    def set_many(self, data, timeout):
        return self._either("set_many", data, timeout)

    def delete_many(self, keys):
        return self._either("delete_many", keys)

    def clear(self):
        return self._either("clear")


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FallbackRedisCacheClient

    def ping(self):
        """Raise when Redis itself is unreachable (the memory fallback aside)."""
        self._cache.ping()
