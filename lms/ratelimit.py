"""Counting attempts per key in the cache, for forms a script could hammer (the
certificate lookup, the newsletter's subscribe form)."""

from django.core.cache import cache


def over_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one more attempt for `key`; True once there were more than `limit` in
    the `window_seconds` since the first."""
    cache.add(key, 0, window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        count = 1
    return count > limit
