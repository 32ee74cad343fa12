import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    """Poll `condition` until it holds (True) or `seconds` pass (False): for work done by
    another process, such as a Celery worker."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def broker_drained(broker_url: str) -> Callable[[], bool]:
    """A condition for `wait_until`: every task sent to the Redis broker at
    `broker_url` was taken and acknowledged (tasks acknowledge late, when done), so
    duplicate deliveries have had their chance to do something, or nothing. Without a
    broker tasks ran in-process, so there is nothing to wait for."""
    import redis

    if not broker_url:
        return lambda: True

    client = redis.Redis.from_url(broker_url)

    def drained() -> bool:
        return client.llen("celery") == 0 and client.hlen("unacked") == 0

    return drained
