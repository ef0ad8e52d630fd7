"""Presence: online, away or offline, kept in the cache (Redis when REDIS_URL is set) so every process agrees.

A key per member holds their status for PRESENCE_TTL seconds; each socket refreshes it on every
heartbeat (the browser pings every 25 s). When the last socket of a process closes, the key is
cleared and "offline" is announced; a socket of the same member on another process puts it back on
its next heartbeat, and "online" is announced again. A process that dies stops refreshing, and its
members read as offline after PRESENCE_TTL.
"""

import logging

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PRESENCE_TTL = 75
STATUSES = ("online", "away", "offline")


def _key(user_id: int) -> str:
    return f"presence:{user_id}"


def mark(user_id: int, status: str) -> bool:
    """Record the member's status; returns whether it changed (then it is to be announced)."""
    key = _key(user_id)
    previous = cache.get(key)
    cache.set(key, status, PRESENCE_TTL)
    return previous != status


def clear(user_id: int) -> bool:
    """The member's last socket here closed; returns whether they were shown as present."""
    key = _key(user_id)
    was_present = cache.get(key) is not None
    cache.delete(key)
    return was_present


def statuses(user_ids: list[int]) -> dict[int, str]:
    """Each member's status; none at all while the cache does not answer (Redis restarting): presence is
    a hint, and a page that shows it must still open (the soak test saw a conversation page answer 500)."""
    try:
        found = cache.get_many([_key(pk) for pk in user_ids])
    except RedisError:
        logger.warning("presence not read: the cache does not answer")
        return {}
    return {pk: found.get(_key(pk)) or "offline" for pk in user_ids}
