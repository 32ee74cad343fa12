"""Building many small objects at once, such as the states of a coordinator's 2,000
members, without Python's cycle collector running over them again and again."""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a bulk read builds tens of thousands of
    short-lived objects that hold no cycles: reference counting frees them all the
    same. While it runs, CPython walks those objects over and over as they pile up;
    for 2,000 members that was about 40% of the progress view's time
    (`benchmarks/coordination_progress.py`).

    Pauses may nest and overlap (threads of one process): the collector runs again
    when the last one ends, if it ran before the first."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
