"""State changes in learning. Views, commands and tasks call these; pages never write."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from courses import completion, signals
from courses.models import (
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonPage,
    ModuleCompletion,
    ModulePage,
    SectionProgress,
)
from courses.selectors import course_state, lesson_viewer_state
from courses.signals import course_completed, module_completed
from courses.states import CourseState, LessonViewerState
from lms.models import User


def enrolment_create(*, user: User, course: CoursePage) -> Enrolment:
    """Enrol `user` in `course`. Enrolling twice (a double click, two tabs) is harmless:
    only a new enrolment is announced (`enrolled`), in the transaction that made it."""
    # No savepoint: inside a caller's transaction this adds no query.
    with transaction.atomic(savepoint=False):
        enrolment, created = Enrolment.objects.get_or_create(user=user, course=course)
        if created:
            signals.enrolled.send(
                sender=CoursePage, user=user, course=course, enrolment=enrolment
            )
    return enrolment


def enrolments_create(*, user_ids: Iterable[int], course_ids: Iterable[int]) -> int:
    """Enrol each user in each course at once (an organisation's assignment: thousands
    of members in one INSERT); existing enrolments stay as they are. Each new enrolment
    is announced (`enrolled`) as `enrolment_create` announces one. Returns how many
    are new."""
    wanted = {(user, course) for user in user_ids for course in course_ids}
    if not wanted:
        return 0
    with transaction.atomic(savepoint=False):
        existing = set(
            Enrolment.objects.filter(
                user_id__in={user for user, _ in wanted},
                course_id__in={course for _, course in wanted},
            ).values_list("user_id", "course_id")
        )
        new = [
            Enrolment(user_id=user, course_id=course)
            for user, course in sorted(wanted - existing)
        ]
        # A learner enrolling themselves at this moment: their row stays, and both
        # announce the same fact (receivers are idempotent by fact).
        Enrolment.objects.bulk_create(new, ignore_conflicts=True)
        if new:
            users = User.objects.in_bulk({e.user_id for e in new})
            courses = CoursePage.objects.in_bulk({e.course_id for e in new})
            for enrolment in new:
                signals.enrolled.send(
                    sender=CoursePage,
                    user=users[enrolment.user_id],
                    course=courses[enrolment.course_id],
                    enrolment=enrolment,
                )
    return len(new)


def enrolment_leave(*, user: User, course: CoursePage) -> bool:
    """Leave `course`. Progress rows stay, so coming back later resumes where one was.

    Returns whether there was an enrolment to end.
    """
    deleted, _ = Enrolment.objects.filter(user=user, course=course).delete()
    return deleted > 0


def section_progress_record(*, user: User, lesson: LessonPage, section_id: str) -> None:
    """Record that `user` opened section `section_id` of `lesson`, the first time.

    One statement, safe when the same section is opened twice at once: the first visit
    is kept and a later one writes nothing (the service `section_read` does not even
    ask), so reading a page again is a read-only request. "Continue where you stopped" leads to
    the section opened last for the first time: the learner's furthest point.
    """
    if section_id not in lesson.section_ids:
        raise ValueError(f"Lesson {lesson.pk} has no section {section_id!r}.")
    now = timezone.now()
    with transaction.atomic(savepoint=False):
        SectionProgress.objects.bulk_create(
            [
                SectionProgress(
                    user=user,
                    lesson=lesson,
                    section_id=section_id,
                    first_viewed_at=now,
                    last_viewed_at=now,
                )
            ],
            ignore_conflicts=True,
        )
        # Announced with the row (a lost race announces it again: receivers are
        # idempotent, see `courses.signals.section_read`).
        signals.section_read.send(
            sender=LessonPage,
            user=user,
            lesson=lesson,
            section_id=section_id,
            read_at=now,
        )


@transaction.atomic
def completion_record(*, user: User, course: CoursePage) -> CourseState:
    """The one way in for every fact that can complete something: a section read, an
    attempt graded, a forum post written, an H5P result, attendance marked.

    Completion is recomputed from the facts (never taken from the client), and each
    module and course completed for the first time is written once and announced once
    (`module_completed`, then `course_completed`). The rows and what the receivers
    write (certificates) commit together or not at all: a receiver that fails leaves no
    completion behind, so the next fact announces it again. Inside the caller's
    transaction, it is part of that one.
    """
    state = course_state(course, user)
    complete = [m for m in state.modules if m.complete]
    if complete:
        recorded = set(
            ModuleCompletion.objects.filter(
                user=user, module__in=[m.module for m in complete]
            ).values_list("module_id", flat=True)
        )
        for module_state in complete:
            if module_state.module.pk in recorded:
                continue
            completion, created = ModuleCompletion.objects.get_or_create(
                user=user, module=module_state.module
            )
            if created:
                module_completed.send(
                    sender=ModulePage,
                    user=user,
                    module=module_state.module,
                    completion=completion,
                )
    if state.complete:
        completion, created = CourseCompletion.objects.get_or_create(
            user=user, course=course
        )
        if created:
            course_completed.send(
                sender=CoursePage, user=user, course=course, completion=completion
            )
    return state


def exercise_done(*, user: User, course: CoursePage) -> None:
    """An exercise finished (H5P, SCORM) may be the last thing its course waited for.
    A course completes this way only when it has a test graded on the server: a
    score computed in the learner's browser never earns a certificate by itself."""
    tests = completion.tests()
    if tests and tests.page_model.objects.live().descendant_of(course).exists():
        completion_record(user=user, course=course)


def section_read(
    *,
    user: User,
    lesson: LessonPage,
    number: int,
    course: CoursePage,
    module: ModulePage,
) -> LessonViewerState:
    """`user` opens section `number` (1-based) of `lesson`: the first time, record it
    and, where the module's lessons are now all read, what that completes. Opening it
    again writes nothing.

    Returns the viewer's state around the section (progress included).
    """
    viewer = lesson_viewer_state(
        lesson, user, course=course, module=module, section_number=number
    )
    if viewer.current.last_viewed_at is not None:
        return viewer
    # The read and what it completes are kept together: when completing fails (a
    # certificate that cannot be issued), the read is not kept either, so the next
    # visit is a first one again and completes it.
    with transaction.atomic():
        section_progress_record(
            user=user, lesson=lesson, section_id=lesson.section_ids[number - 1]
        )
        viewer = lesson_viewer_state(
            lesson, user, course=course, module=module, section_number=number
        )
        if viewer.module.lessons_complete:
            # Only then can this read have completed anything (a module needs all
            # its lessons; a course all its modules): the recount is skipped otherwise.
            completion_record(user=user, course=course)
    return viewer
