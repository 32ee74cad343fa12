"""Query budgets: the learner's pages cost the same small number of queries for 1 or 10
modules, lessons, enrolments, organisations and assignments, so an N+1 fails the
build; reading a page again writes nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from courses.models import LessonPage, ModulePage
from courses.services import enrolment_create, section_progress_record
from tests.factories import UserFactory, build_course, translate_tree
from tests.factories.coordination import AssignmentFactory
from tests.factories.people import MembershipFactory, OrganisationFactory
from tests.queries import (
    DASHBOARD_BUDGET,
    LESSON_BUDGET,
    PAGE_BUDGET,
    captured_for,
    queries_for,
    writes_in,
)

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
BUDGETS = {"lesson": LESSON_BUDGET}


@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_grow_with_modules_and_lessons(client, page):
    learner = UserFactory()
    client.force_login(learner)
    budget = BUDGETS.get(page, PAGE_BUDGET)

    def measure(course) -> int:
        enrol_with_progress(learner, course)
        enrol_with_progress(UserFactory(), course)  # other people's rows are noise
        count = queries_for(client, PAGES[page](course))
        assert count <= budget, f"{page}: {count} queries, budget {budget}"
        return count

    small = measure(build_course(modules=1, lessons=1))
    # What grows: modules for the course page, lessons for the module and lesson pages,
    # courses for the catalogue.
    if page == "catalogue":
        for _ in range(9):
            build_course()
    many = {"course": {"modules": 10}, "catalogue": {}}.get(page, {"lessons": 10})
    large = measure(build_course(**many))
    assert small == large, f"{page}: {small} queries for 1, {large} for 10"


def test_dashboard_queries_do_not_grow_with_enrolments_organisations_assignments(
    client,
):
    user = UserFactory()
    client.force_login(user)
    counts = []
    for n in (1, 10):
        user.enrolments.all().delete()
        user.memberships.all().delete()
        for _ in range(n):
            course = build_course(modules=2, lessons=2)
            enrolment_create(user=user, course=course)
            lesson = first_lesson(course)
            section_progress_record(
                user=user, lesson=lesson, section_id=lesson.section_ids[0]
            )
            organisation = OrganisationFactory()
            MembershipFactory(user=user, organisation=organisation)
            AssignmentFactory(
                organisation=organisation, course=course, mandatory=True,
                due_date=date.today() + timedelta(days=30),
            )  # fmt: skip
        counts.append(queries_for(client, reverse("courses:dashboard")))
        assert counts[-1] <= DASHBOARD_BUDGET, counts
    assert counts[0] == counts[1], f"dashboard: {counts[0]} for 1, {counts[1]} for 10"


def test_reading_a_page_again_writes_nothing(client):
    """No session save, no progress update: a plain GET of a page already seen is a
    read-only request."""
    learner = UserFactory()
    client.force_login(learner)
    course = build_course(modules=1, lessons=2)
    enrol_with_progress(learner, course)
    urls = [PAGES[page](course) for page in ("course", "module", "lesson")]
    urls.append(reverse("courses:dashboard"))
    for url in urls:
        client.get(url)
        assert writes_in(captured_for(client, url)) == [], url


def test_opening_a_section_the_first_time_records_it_once(client):
    learner = UserFactory()
    client.force_login(learner)
    course = build_course(modules=1, lessons=1)
    enrolment_create(user=learner, course=course)
    lesson = first_lesson(course)
    url = lesson.url + "onderdeel/2/"
    first = writes_in(captured_for(client, url))
    assert any("courses_sectionprogress" in sql for sql in first)
    progress = learner.section_progress.get()
    assert progress.section_id == lesson.section_ids[1]
    assert writes_in(captured_for(client, url)) == []
    assert learner.section_progress.get().last_viewed_at == progress.last_viewed_at


@pytest.mark.parametrize("page", PAGES)
def test_french_pages_cost_what_dutch_ones_do(client, page):
    """A translation's states come from its source course and the translations from
    the cache: the French page keeps the Dutch page's budget, for 1 or 10."""
    learner = UserFactory()
    client.force_login(learner)
    budget = BUDGETS.get(page, PAGE_BUDGET)

    def measure(course) -> int:
        enrol_with_progress(learner, course)
        french = translate_tree(course)
        url = PAGES[page](french)
        count = queries_for(client, url)
        assert count <= budget, f"{page} (fr): {count} queries, budget {budget}"
        return count

    small = measure(build_course(modules=1, lessons=1))
    many = {"course": {"modules": 10}, "catalogue": {}}.get(page, {"lessons": 10})
    large = measure(build_course(**many))
    assert small == large, f"{page} (fr): {small} queries for 1, {large} for 10"
