"""Query budgets: pages cost the same number of queries for 1 or 30 modules, lessons
or enrolments, so an N+1 fails the build."""

import pytest
from django.urls import reverse

from courses.models import LessonPage, ModulePage
from courses.services import enrolment_create, section_progress_record
from tests.factories import UserFactory, build_course
from tests.queries import BUDGET, LESSON_BUDGET, queries_for

pytestmark = pytest.mark.django_db


def enrol_with_progress(user, course):
    enrolment_create(user=user, course=course)
    for lesson in LessonPage.objects.descendant_of(course):
        section_progress_record(
            user=user, lesson=lesson, section_id=lesson.section_ids[0]
        )


def first_lesson(course):
    return LessonPage.objects.descendant_of(course).order_by("path").first()


PAGES = {
    "course": lambda course: course.url,
    "module": lambda course: ModulePage.objects.child_of(course).first().url,
    "lesson": lambda course: first_lesson(course).url + "onderdeel/1/",
    "catalogue": lambda course: course.get_parent().url,
}


@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_grow_with_modules_and_lessons(
    client, page, django_assert_max_num_queries
):
    learner = UserFactory()
    client.force_login(learner)
    budget = LESSON_BUDGET if page == "lesson" else BUDGET

    def measure(course) -> int:
        enrol_with_progress(learner, course)
        enrol_with_progress(UserFactory(), course)  # other people's rows are noise
        url = PAGES[page](course)
        client.get(url)  # warm Wagtail's site cache, as in production
        with django_assert_max_num_queries(budget):
            return queries_for(client, url)

    small = measure(build_course(modules=1, lessons=1))
    # What grows: modules for the course page, lessons for the module and lesson pages,
    # courses for the catalogue.
    if page == "catalogue":
        for _ in range(29):
            build_course()
    many = {"course": {"modules": 30}, "catalogue": {}}.get(page, {"lessons": 30})
    large = measure(build_course(**many))
    assert small == large, f"{page}: {small} queries for 1, {large} for 30"


def test_dashboard_queries_do_not_grow_with_enrolments(
    client, django_assert_max_num_queries
):
    user = UserFactory()
    client.force_login(user)
    counts = []
    for enrolments in (1, 30):
        user.enrolments.all().delete()
        for _ in range(enrolments):
            course = build_course(modules=2, lessons=2)
            enrolment_create(user=user, course=course)
            lesson = first_lesson(course)
            section_progress_record(
                user=user, lesson=lesson, section_id=lesson.section_ids[0]
            )
        url = reverse("courses:dashboard")
        client.get(url)
        with django_assert_max_num_queries(BUDGET):
            counts.append(queries_for(client, url))
    assert counts[0] == counts[1], (
        f"dashboard: {counts[0]} for 1 enrolment, {counts[1]} for 30"
    )
