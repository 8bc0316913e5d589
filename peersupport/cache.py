"""The cache on Redis, with this process's memory to fall back on while Redis is down (ADR 0021).

Rate limits (allauth's failed logins, login codes, password resets), one-time TOTP codes and the
workers' heartbeat live in the cache. Django's RedisCache raises `redis.exceptions.ConnectionError`
from every call while Redis is down, which made logging in answer 500. `FallbackRedisCache` answers
from a local-memory cache instead: limits still apply, per process rather than shared, and the
page works.

A dead Redis costs a socket time-out once, not on every call: after a failure the cache stays on
local memory for `retry_after` seconds (OPTIONS, default 5) before it tries Redis again. A warning
is logged when Redis is found down, at most once every `warn_every` seconds (default 60) in each
process, so an outage does not flood the log; an info line says when Redis answers again.
"""

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# What "Redis is down" looks like: nothing listening, a dropped connection, no answer in time.
# Anything else (a wrong type, a bad command) is a bug and is raised as before.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


@dataclass
class Outage:
    """Redis as this process last found it: shared by every thread's cache instance."""

    down_since: float | None = None  # time.time() of the first failure of this outage
    retry_at: float = 0.0  # time.monotonic() before which calls do not try Redis
    warned_at: float | None = None  # time.monotonic() of the last warning
    error: str = ""
    fallen_back: int = 0  # calls answered from local memory since the last warning


_outages: dict[str, Outage] = {}
_lock = threading.Lock()


def outages_forget() -> None:
    """Treat Redis as up again in this process (tests: an outage in one does not carry into the next)."""
    with _lock:
        _outages.clear()


def _where(location: str) -> str:
    """host:port/db of a Redis URL, without any password in it, for the log."""
    parts = urlsplit(location.split(",")[0].split(";")[0])
    return f"{parts.hostname}:{parts.port or 6379}{parts.path or '/0'}"


class FallbackRedisCache(RedisCache):
    """Django's RedisCache; while Redis is down, a local-memory cache of the same name and key prefix."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("retry_after", 5))
        self.warn_every = float(options.pop("warn_every", 60))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)
        local_params = {key: value for key, value in params.items() if key not in ("OPTIONS", "BACKEND", "LOCATION")}
        # LocMemCache keeps its entries per name in the process, so every thread shares one fallback.
        self._local = LocMemCache(f"redis-fallback:{self._location}", local_params)
        with _lock:
            self._outage = _outages.setdefault(self._location, Outage())

    # --- Every cache operation: Redis, or local memory while Redis is down ----------------------

    def _either(self, name: str, *args, **kwargs):
        outage = self._outage
        if outage.down_since is not None and time.monotonic() < outage.retry_at:
            return self._fall_back(name, *args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except REDIS_DOWN as error:
            self._went_down(error)
            return self._fall_back(name, *args, **kwargs)
        if outage.down_since is not None:
            self._came_back()
        return result

    def _fall_back(self, name: str, *args, **kwargs):
        self._outage.fallen_back += 1
        return getattr(self._local, name)(*args, **kwargs)

    def _went_down(self, error: Exception) -> None:
        now = time.monotonic()
        with _lock:
            outage = self._outage
            if outage.down_since is None:
                outage.down_since = time.time()
            outage.retry_at = now + self.retry_after
            outage.error = error.__class__.__name__
            warn = outage.warned_at is None or now - outage.warned_at >= self.warn_every
            if warn:
                outage.warned_at = now
                fallen_back, outage.fallen_back = outage.fallen_back, 0
        if warn:
            logger.warning(
                "Cache: Redis at %s does not answer (%s: %s); using this process's memory, so rate "
                "limits count per process. Down for %.0f s, %d calls answered from memory since the last "
                "warning; trying Redis again every %.0f s.",
                _where(self._location),
                outage.error,
                error,
                time.time() - outage.down_since,
                fallen_back,
                self.retry_after,
            )

    def _came_back(self) -> None:
        with _lock:
            outage = self._outage
            if outage.down_since is None:
                return
            down_for = time.time() - outage.down_since
            # warned_at is kept: a Redis that keeps dropping out still warns once a period at most.
            outage.down_since, outage.fallen_back, outage.error = None, 0, ""
        # What was counted in memory during the outage is not carried into the next one.
        self._local.clear()
        logger.info("Cache: Redis at %s answers again after %.0f s down", _where(self._location), down_for)

    def add(self, *args, **kwargs):
        return self._either("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._either("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._either("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._either("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._either("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._either("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._either("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._either("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._either("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._either("delete_many", *args, **kwargs)

    def clear(self):
        return self._either("clear")

    # --- For /healthz/ and /status/ -------------------------------------------------------------

    def redis_state(self) -> dict:
        """Does Redis answer? Asks it (a PING) unless it failed less than `retry_after` seconds ago."""
        outage = self._outage
        if outage.down_since is None or time.monotonic() >= outage.retry_at:
            try:
                self._cache.get_client(write=True).ping()
            except REDIS_DOWN as error:
                self._went_down(error)
            else:
                self._came_back()
        if outage.down_since is None:
            return {"ok": True, "mode": "redis"}
        return {
            "ok": False,
            "mode": "redis",
            "error": outage.error,
            "down_for_seconds": round(time.time() - outage.down_since, 1),
            "fallback": "memory of each process",
        }
