"""The shared cache, and what happens when Redis is away: the site serves uncached pages instead of
errors (sessions live in the database, so nobody is logged out), and returns to the cache by itself."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("vlaanderenhelpt.cache")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure the cache is left alone this long, so a request does not wait for a connection
# attempt on every cache call while Redis is down.
PAUSE_SECONDS = 1.0


class _KeptClient(RedisCacheClient):
    """One redis.Redis per connection pool, where Django builds one for every cache call: building it
    (its table of reply handlers) was half the time of a `get`. Connections still come from the pool."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        kept = self.__dict__.setdefault("_kept", {})
        if pool not in kept:
            kept[pool] = self._client(connection_pool=pool)
        return kept[pool]


class ResilientRedisCache(RedisCache):
    """Redis as Django's cache, read as "missing" and written as "not kept" while it cannot be reached."""

    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient

    def _call(self, method, default, *args, **kwargs):
        if time.monotonic() < ResilientRedisCache._down_until:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("cache unreachable, serving without it: %s", error)
            ResilientRedisCache._down_until = time.monotonic() + PAUSE_SECONDS
            return default

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read counts as a first use: a rate limit opens rather than locks out.
        return self._call("incr", delta, key, delta, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
