from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Enrolment, SectionProgress
from courses.selectors import course_state
from courses.services import enrolment_create, enrolment_leave, section_progress_record
from tests.factories import LessonPageFactory, UserFactory, build_course

pytestmark = pytest.mark.django_db


def test_enrolling_twice_gives_one_enrolment():
    user, course = UserFactory(), build_course()
    first = enrolment_create(user=user, course=course)
    second = enrolment_create(user=user, course=course)
    assert first.pk == second.pk
    assert Enrolment.objects.filter(user=user, course=course).count() == 1


def test_leaving_ends_the_enrolment_but_keeps_progress():
    user, course = UserFactory(), build_course(sections=2)
    lesson = (
        course.get_descendants().type(LessonPageFactory._meta.model).specific().first()
    )
    enrolment_create(user=user, course=course)
    section_progress_record(user=user, lesson=lesson, section_id=lesson.section_ids[0])

    assert enrolment_leave(user=user, course=course) is True
    assert not Enrolment.objects.filter(user=user).exists()
    assert enrolment_leave(user=user, course=course) is False

    enrolment_create(user=user, course=course)
    assert course_state(course, user).percent == 50


def test_opening_a_section_twice_keeps_one_row_as_it_was():
    """A revisit writes nothing: the row of the first visit stays as it is."""
    user = UserFactory()
    lesson = LessonPageFactory()
    section_id = lesson.section_ids[1]

    section_progress_record(user=user, lesson=lesson, section_id=section_id)
    row = SectionProgress.objects.get()
    earlier = timezone.now() - timedelta(days=3)
    SectionProgress.objects.filter(pk=row.pk).update(
        first_viewed_at=earlier, last_viewed_at=earlier
    )

    section_progress_record(user=user, lesson=lesson, section_id=section_id)

    row = SectionProgress.objects.get()
    assert row.first_viewed_at == row.last_viewed_at == earlier


def test_a_section_that_is_not_in_the_lesson_is_refused():
    user, lesson, other = UserFactory(), LessonPageFactory(), LessonPageFactory()
    with pytest.raises(ValueError):
        section_progress_record(
            user=user, lesson=lesson, section_id=other.section_ids[0]
        )
    assert not SectionProgress.objects.exists()
