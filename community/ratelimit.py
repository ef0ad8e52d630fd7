"""Fixed-window rate limits kept in the cache (Redis when REDIS_URL is set, local memory otherwise).

A small module of our own rather than django-ratelimit: that library's checks flag the local-memory
cache, which is the right store for the single-process embedded default.
"""

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import BaseCache, cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/h' -> (10, 3600); '5/30m' -> (5, 1800)."""
    count, _sep, period = rate.partition("/")
    number = period[:-1] or "1"
    return int(count), int(number) * UNITS[period[-1]]


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# While the shared cache does not answer (Redis restarting), limits are counted here, per process: a
# member may then get the limit once per process, but a refused cache must not turn every post, message
# and sign-in into a server error (the soak test, tests/test_soak.py, saw message.send answer
# server_error through each Redis restart). Counting resumes in Redis as soon as it answers again.
_fallback = LocMemCache("ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10000}})
_FALLBACK_WARN_EVERY = 60.0
_last_fallback_warning = 0.0


def _count(store: BaseCache, key: str, timeout: int) -> int:
    store.add(key, 0, timeout=timeout)
    try:
        return int(store.incr(key))
    except ValueError:  # evicted between add and incr
        store.set(key, 1, timeout=timeout)
        return 1


def _count_in_fallback(key: str, timeout: int) -> int:
    global _last_fallback_warning
    now = time.monotonic()
    if now - _last_fallback_warning > _FALLBACK_WARN_EVERY:
        _last_fallback_warning = now
        logger.warning("the cache does not answer: rate limits are counted per process for now")
    return _count(_fallback, key, timeout)


def hit(bucket: str, rate: str) -> int:
    """Count one hit in the bucket; return 0 if allowed, else the seconds until the window resets."""
    limit, window = parse_rate(rate)
    now = int(time.time())
    window_start = now - now % window
    key = f"rl:{bucket}:{window}:{window_start}"
    try:
        count = _count(cache, key, window + 5)
    except RedisError:
        count = _count_in_fallback(key, window + 5)
    if count > limit:
        return max(1, window_start + window - now)
    return 0


class RateLimited(Exception):
    """A write refused by a rate limit; retry_after is the number of seconds until the window ends.

    Services raise it; views answer 429 with the form and what was typed, the API answers 429
    (config/api.py), both with a Retry-After header."""

    def __init__(self, retry_after: int, message: str = "") -> None:
        super().__init__(
            message
            or _("Too many attempts. Please try again in %(minutes)s minutes.")
            % {"minutes": max(1, round(retry_after / 60))}
        )
        self.retry_after = retry_after


def check_rate(bucket: str, rate: str, message: str = "") -> None:
    """Count one attempt; raise RateLimited (with `message`, in which %(seconds)s is filled) when over."""
    retry_after = hit(bucket, rate)
    if retry_after:
        raise RateLimited(retry_after, message % {"seconds": retry_after} if message else "")


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    minutes = max(1, round(retry_after / 60))
    response = render(
        request,
        "429.html",
        {"message": _("Too many attempts. Please try again in %(minutes)s minutes.") % {"minutes": minutes}},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def client_bucket(request: HttpRequest, key: str) -> str:
    """The bucket of this member, or of this client address when signed out."""
    who = f"u{request.user.pk}" if request.user.is_authenticated else f"ip{client_ip(request)}"
    return f"{key}:{who}"


def ratelimit(
    *, key: str, rate: str | Callable[[], str], methods: list[str] | None = None
) -> Callable[..., Any]:
    """Limit a view per client address (and per member when signed in). `rate` may be a callable, read
    on each request (e.g. from settings)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if methods is None or request.method in methods:
                retry_after = hit(client_bucket(request, key), rate() if callable(rate) else rate)
                if retry_after:
                    return too_many(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
