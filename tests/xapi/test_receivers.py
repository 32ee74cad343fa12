"""When the facts become statements: only with an LRS configured, in the fact's own
transaction (a fact rolled back leaves none), at a small fixed cost in queries that
does not grow with the course, and without any network I/O in the learner's request."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from coordination.services import assignment_create
from courses.models import LessonPage
from courses.services import enrolment_create, section_read
from events.attendance import attendance_via_link
from events.models import EventRegistration
from quizzes.grading import right_response
from quizzes.services import attempt_start, attempt_submit
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    build_course,
)
from tests.factories.events import event_page
from tests.factories.quizzes import make_test
from xapi.models import Statement

pytestmark = pytest.mark.django_db

VERBS = "http://adlnet.gov/expapi/verbs/"


def journey() -> None:
    """Enrol, read every section (completing the module), pass the test (completing
    the course), attend an event."""
    course, test = make_test(questions=2, question_count=2)
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    for lesson in LessonPage.objects.descendant_of(course).specific():
        module = lesson.get_parent().specific
        for number in range(1, len(lesson.section_ids) + 1):
            section_read(
                user=learner, lesson=lesson, number=number, course=course, module=module
            )
    attempt = attempt_start(user=learner, test=test)
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )
    event = event_page(starts_in=timedelta(minutes=5))
    EventRegistration.objects.create(event=event, user=learner, status="confirmed")
    attendance_via_link(event=event, user=learner)


def test_without_an_lrs_nothing_is_recorded(settings):
    settings.LRS_ENDPOINT = ""
    journey()
    assert Statement.objects.count() == 0


def test_with_an_lrs_the_journey_records_each_fact(settings):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    journey()
    verbs = sorted(
        v.removeprefix(VERBS) for v in Statement.objects.values_list("verb", flat=True)
    )
    assert verbs == [
        "attempted",
        "attended",
        "completed",
        "completed",
        "experienced",
        "passed",
        "registered",
    ]


def test_a_fact_rolled_back_leaves_no_statement(settings):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    course = build_course()
    learner = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        enrolment_create(user=learner, course=course)
        assert Statement.objects.count() == 1  # in the fact's transaction
        raise RuntimeError("the request failed after enrolling")
    assert Statement.objects.count() == 0
    enrolment_create(user=learner, course=course)
    assert Statement.objects.count() == 1


def first_read_queries(modules: int) -> list[str]:
    """The queries of a learner's first read of a section in a course of `modules`
    modules (the caches warm)."""
    course = build_course(modules=modules, lessons=2, sections=3)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    module = lesson.get_parent().specific
    learner = UserFactory()
    enrolment_create(user=learner, course=course)
    section_read(user=learner, lesson=lesson, number=1, course=course, module=module)
    with CaptureQueriesContext(connection) as captured:
        section_read(
            user=learner, lesson=lesson, number=2, course=course, module=module
        )
    return [query["sql"] for query in captured.captured_queries]


def test_recording_costs_a_few_queries_that_do_not_grow_with_the_course(settings):
    settings.LRS_ENDPOINT = ""
    without = len(first_read_queries(1))
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    small = first_read_queries(1)
    large = first_read_queries(6)
    assert len(small) == len(large), "the statement's queries grow with the course"
    # The page's module and course (one query) and the row of the outbox.
    assert len(small) - without <= 2, small
    inserts = [sql for sql in small if 'INSERT INTO "xapi_statement"' in sql]
    assert len(inserts) == 1


def test_the_fact_does_no_network_io_even_when_the_lrs_never_answers(settings):
    """An LRS that accepts connections and never answers: were the request to talk to
    it, the fact would hang (and this test with it) or fail."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        host, port = silent.getsockname()
        settings.LRS_ENDPOINT = f"http://{host}:{port}/xAPI/"
        course = build_course()
        learner = UserFactory()
        enrolment_create(user=learner, course=course)
    assert Statement.objects.filter(sent_at__isnull=True).count() == 1


def test_a_course_assigned_by_the_organisation_is_a_registration_of_each_new_member(
    settings,
):
    settings.LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    organisation = OrganisationFactory()
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    members = [MembershipFactory(organisation=organisation) for _ in range(3)]
    course = build_course()
    enrolment_create(user=members[0].user, course=course)  # enrolled already

    for _ in range(2):  # assigning again enrols nobody new
        assignment_create(organisation=organisation, course=course, by=coordinator.user)

    registered = Statement.objects.filter(verb=VERBS + "registered")
    assert sorted(registered.values_list("user_id", flat=True)) == sorted(
        [coordinator.user_id] + [m.user_id for m in members]
    )
