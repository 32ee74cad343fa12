"""The facts the learning records listen to, each turned into one statement in the
outbox (`xapi.outbox.record`), inside the transaction of the fact: a fact rolled back
leaves no statement, a fact kept always has one.

Connected in `XapiConfig.ready`. Without an LRS configured every receiver returns at
once: nothing is read, nothing is written. With one, a receiver reads the few pages
its statement names (`xapi.statements`: three queries at most) and INSERTs one row;
the sending happens later, in a task, so the learner's request does no network I/O.
"""

from __future__ import annotations

from booking.models import Booking
from courses.models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    ModuleCompletion,
    ModulePage,
)
from events.models import EventPage
from h5p.models import H5PActivity
from lms.models import User
from quizzes.models import Attempt, TestPage
from training.models import TrainingSession

from . import outbox, statements


def enrolled(
    sender, *, user: User, course: CoursePage, enrolment: Enrolment, **kwargs
) -> None:
    if outbox.enabled():
        outbox.record(
            statements.registered(user=user, course=course, enrolment=enrolment),
            user=user,
        )


def section_read(
    sender, *, user: User, lesson: LessonPage, section_id: str, read_at, **kwargs
) -> None:
    if outbox.enabled():
        outbox.record(
            statements.experienced(
                user=user, lesson=lesson, section_id=section_id, read_at=read_at
            ),
            user=user,
        )


def attempt_started(
    sender, *, user: User, test: TestPage, attempt: Attempt, **kwargs
) -> None:
    if outbox.enabled():
        outbox.record(
            statements.attempted(user=user, test=test, attempt=attempt), user=user
        )


def attempt_graded(
    sender, *, user: User, test: TestPage, attempt: Attempt, passed: bool, **kwargs
) -> None:
    if outbox.enabled():
        outbox.record(
            statements.graded(user=user, test=test, attempt=attempt, passed=passed),
            user=user,
        )


def module_completed(
    sender, *, user: User, module: ModulePage, completion: ModuleCompletion, **kwargs
) -> None:
    if outbox.enabled():
        outbox.record(
            statements.module_completed(
                user=user, module=module, completion=completion
            ),
            user=user,
        )


def course_completed(
    sender, *, user: User, course: CoursePage, completion: CourseCompletion, **kwargs
) -> None:
    if outbox.enabled():
        outbox.record(
            statements.course_completed(
                user=user, course=course, completion=completion
            ),
            user=user,
        )


def attended(
    sender, *, user: User, booking: Booking, bookable, attended_at, **kwargs
) -> None:
    """A training session or an event attended; anything else booked is not (yet) a
    learning record."""
    if not outbox.enabled():
        return
    if isinstance(bookable, EventPage):
        statement = statements.event_attended(
            user=user, booking=booking, event=bookable, attended_at=attended_at
        )
    elif isinstance(bookable, TrainingSession):
        statement = statements.session_attended(
            user=user, booking=booking, session=bookable, attended_at=attended_at
        )
    else:
        return
    outbox.record(statement, user=user)


def h5p_statement(
    sender,
    *,
    user: User,
    activity: H5PActivity,
    statement: dict,
    lesson: LessonPage | None = None,
    **kwargs,
) -> None:
    if outbox.enabled():
        outbox.record(
            statements.h5p_forwarded(
                user=user, activity=activity, lesson=lesson, statement=statement
            ),
            user=user,
        )
