"""State changes in learning. Views, commands and tasks call these; pages never write."""

from django.utils import timezone

from lms.models import User

from .models import CourseCompletion, CoursePage, Enrolment, LessonPage, SectionProgress
from .signals import course_completed


def enrolment_create(*, user: User, course: CoursePage) -> Enrolment:
    """Enrol `user` in `course`. Enrolling twice (a double click, two tabs) is harmless."""
    enrolment, _created = Enrolment.objects.get_or_create(user=user, course=course)
    return enrolment


def enrolment_leave(*, user: User, course: CoursePage) -> bool:
    """Leave `course`. Progress rows stay, so coming back later resumes where one was.

    Returns whether there was an enrolment to end.
    """
    deleted, _ = Enrolment.objects.filter(user=user, course=course).delete()
    return deleted > 0


def section_progress_record(*, user: User, lesson: LessonPage, section_id: str) -> None:
    """Record that `user` opened section `section_id` of `lesson`.

    One statement, safe when the same section is opened twice at once: the first visit
    keeps its date and every visit moves `last_viewed_at`, which drives "continue where
    you stopped".
    """
    if section_id not in lesson.section_ids:
        raise ValueError(f"Lesson {lesson.pk} has no section {section_id!r}.")
    now = timezone.now()
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
        update_conflicts=True,
        unique_fields=["user", "lesson", "section_id"],
        update_fields=["last_viewed_at"],
    )


def course_completion_record(
    *, user: User, course: CoursePage
) -> CourseCompletion | None:
    """Record that `user` completed `course` when the facts say so, and announce it once.

    Completion is recomputed from progress and passed tests, never taken from the client.
    Called inside the transaction that changed those facts, so a receiver of
    `course_completed` (certificates) writes in that same transaction.
    """
    from .selectors import course_state

    if not course_state(course, user).complete:
        return None
    completion, created = CourseCompletion.objects.get_or_create(
        user=user, course=course
    )
    if created:
        course_completed.send(
            sender=CoursePage, user=user, course=course, completion=completion
        )
    return completion
