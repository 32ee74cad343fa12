"""The facts the learning records listen to, each turned into one statement in the
outbox (`xapi.outbox.record`), inside the transaction of the fact: a fact rolled back
leaves no statement, a fact kept always has one.

Connected in `XapiConfig.ready`. Without an LRS configured every receiver returns at
once: nothing is read, nothing is written. With one, a receiver reads the few pages
its statement names (`xapi.statements`: three queries at most) and INSERTs one row;
the sending happens later, in a task, so the learner's request does no network I/O.
"""

from __future__ import annotations

from collections.abc import Callable

from . import outbox, statements


def _recorder(build: Callable[..., dict | None]) -> Callable[..., None]:
    """A receiver that, with an LRS configured, records the statement `build` makes
    of the signal's arguments (none: not a learning record)."""

    def receiver(sender, *, user, signal=None, **facts) -> None:
        if not outbox.enabled():
            return
        statement = build(user=user, **facts)
        if statement is not None:
            outbox.record(statement, user=user)

    return receiver


enrolled = _recorder(statements.registered)
section_read = _recorder(statements.experienced)
attempt_started = _recorder(statements.attempted)
attempt_graded = _recorder(statements.graded)
module_completed = _recorder(statements.completed)
course_completed = _recorder(statements.completed)
attended = _recorder(statements.attended)
h5p_statement = _recorder(statements.h5p_forwarded)
