"""What the home page offers a learner first, and what its course cards count."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from courses.front_page import course_cards, learner_next_step
from courses.models import Audience, LessonPage, ModulePage, SectionProgress
from courses.models.pages import AUDIENCE_PICTOGRAMS, Pictogram
from courses.services import enrolment_create, section_progress_record
from tests.factories import TestPageFactory, UserFactory, build_course

pytestmark = pytest.mark.django_db


def read(user, lesson: LessonPage, sections: int | None = None) -> None:
    for section_id in lesson.section_ids[:sections]:
        section_progress_record(user=user, lesson=lesson, section_id=section_id)


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def test_anonymous_visitors_have_no_next_step():
    assert learner_next_step(AnonymousUser()) is None


def test_a_learner_enrolled_nowhere_has_no_course_to_continue():
    found = learner_next_step(UserFactory())

    assert found is not None and not found.enrolled and found.course is None


def test_the_course_worked_on_last_wins_over_the_course_enrolled_in_last():
    learner = UserFactory()
    busy, newer = build_course(modules=2, lessons=4), build_course()
    enrolment_create(user=learner, course=busy)
    enrolment_create(user=learner, course=newer)
    read(learner, lessons_of(newer)[0], sections=1)
    read(learner, lessons_of(busy)[4])  # all of lesson 1 of module 2
    # Opened an hour ago: older than anything in `busy`.
    SectionProgress.objects.filter(user=learner, lesson__in=lessons_of(newer)).update(
        last_viewed_at=timezone.now() - timedelta(hours=1)
    )

    found = learner_next_step(learner)

    assert found.course.course == busy
    assert found.module.module == ModulePage.objects.child_of(busy).last()
    assert found.step.resumed and found.step.lesson.lesson == lessons_of(busy)[5]
    assert (found.step.lesson.number, found.lesson_count) == (2, 4)


def test_with_nothing_opened_the_course_enrolled_in_last_starts_at_lesson_one():
    learner = UserFactory()
    first, last = build_course(lessons=3), build_course(lessons=3)
    enrolment_create(user=learner, course=first)
    enrolment_create(user=learner, course=last)

    found = learner_next_step(learner)

    assert found.course.course == last and not found.step.resumed
    assert (found.step.lesson.number, found.step.section.number) == (1, 1)


def test_finished_courses_are_skipped_and_all_finished_says_so():
    learner = UserFactory()
    done, busy = build_course(), build_course()
    for course in (done, busy):
        enrolment_create(user=learner, course=course)
    read(learner, lessons_of(busy)[0], sections=1)
    read(learner, lessons_of(done)[0])  # the last thing opened, but finished

    assert learner_next_step(learner).course.course == busy

    read(learner, lessons_of(busy)[0])
    found = learner_next_step(learner)

    assert found.enrolled and found.course is None


def test_every_lesson_read_but_the_test_not_passed_names_what_is_missing():
    learner = UserFactory()
    course = build_course()
    TestPageFactory(parent=ModulePage.objects.child_of(course).get())
    enrolment_create(user=learner, course=course)
    read(learner, lessons_of(course)[0])

    found = learner_next_step(learner)

    assert found.course.course == course and found.step is None
    assert found.course.missing


def test_cards_count_live_modules_in_tree_order_or_in_the_chosen_order():
    small, large = build_course(modules=1), build_course(modules=3)
    ModulePage.objects.child_of(large).first().unpublish()

    every = course_cards()
    chosen = course_cards([large, small])

    assert [(card.course, card.module_count) for card in every] == [
        (small, 1),
        (large, 2),
    ]
    assert [card.course for card in chosen] == [large, small]
    assert course_cards([]) == []


def test_every_pictogram_has_its_drawing_and_every_audience_a_pictogram(settings):
    folder = settings.BASE_DIR / "static" / "img" / "pictograms"

    for pictogram in Pictogram:
        assert (folder / f"{pictogram}.svg").read_text().startswith("<svg ")
    assert set(AUDIENCE_PICTOGRAMS) == set(Audience)
    assert "CC0" in (folder.parent / "README.md").read_text()
