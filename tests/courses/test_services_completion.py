"""Completion as one path: every fact goes through `completion_record`, which writes a
module's and a course's completion once and announces each once; what other apps
require is asked of the sources registered in `courses.completion`."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from courses import completion
from courses.models import CourseCompletion, LessonPage, ModuleCompletion, ModulePage
from courses.selectors import course_state
from courses.services import completion_record, enrolment_create, section_read
from courses.signals import course_completed, module_completed
from quizzes.grading import right_response
from quizzes.services import attempt_start, attempt_submit
from tests.factories import UserFactory, build_course
from tests.factories.quizzes import make_test

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The completions announced while the test runs, in order."""
    heard = []

    def on_module(sender, *, user, module, completion, **kwargs):
        heard.append(("module", user.pk, module.pk))

    def on_course(sender, *, user, course, completion, **kwargs):
        heard.append(("course", user.pk, course.pk))

    module_completed.connect(on_module)
    course_completed.connect(on_course)
    yield heard
    module_completed.disconnect(on_module)
    course_completed.disconnect(on_course)


def read_everything(user, course) -> None:
    for lesson in LessonPage.objects.descendant_of(course).order_by("path"):
        module = ModulePage.objects.get(path=lesson.path[: -ModulePage.steplen])
        for number in range(1, len(lesson.section_ids) + 1):
            section_read(
                user=user, lesson=lesson, number=number, course=course, module=module
            )


def test_reading_the_last_section_completes_each_module_then_the_course_once(
    announced,
):
    course = build_course(modules=2, lessons=2, sections=2)
    first, second = ModulePage.objects.child_of(course).order_by("path")
    user = UserFactory()
    enrolment_create(user=user, course=course)

    read_everything(user, course)
    read_everything(user, course)  # reading again announces nothing again

    assert announced == [
        ("module", user.pk, first.pk),
        ("module", user.pk, second.pk),
        ("course", user.pk, course.pk),
    ]
    assert ModuleCompletion.objects.filter(user=user).count() == 2
    assert CourseCompletion.objects.filter(user=user, course=course).count() == 1


def test_a_module_with_a_test_completes_when_the_test_is_passed(announced):
    course = build_course(modules=1, lessons=1, sections=2)
    module = ModulePage.objects.child_of(course).get()
    _, test = make_test(course=course, parent=module, questions=3, question_count=3)
    user = UserFactory()
    enrolment_create(user=user, course=course)

    read_everything(user, course)
    assert announced == []
    assert not ModuleCompletion.objects.filter(user=user).exists()

    attempt = attempt_start(user=user, test=test)
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )
    assert announced == [
        ("module", user.pk, module.pk),
        ("course", user.pk, course.pk),
    ]


def test_a_fact_that_completes_nothing_writes_nothing(announced):
    course = build_course(modules=1, lessons=1, sections=3)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    state = completion_record(user=user, course=course)
    assert not state.complete and state.percent == 0
    assert announced == []
    assert not ModuleCompletion.objects.exists()


def test_a_requirement_without_a_registered_source_does_not_exist(monkeypatch):
    """`courses` asks the sources; it knows nothing of tests by itself."""
    course = build_course(modules=1, lessons=1, sections=1)
    module = ModulePage.objects.child_of(course).get()
    make_test(course=course, parent=module, questions=1, question_count=1)
    user = UserFactory()
    enrolment_create(user=user, course=course)
    read_everything(user, course)
    assert course_state(course, user).modules[0].test is not None
    assert not course_state(course, user).complete

    sources = {k: v for k, v in completion._sources.items() if k != completion.TESTS}
    monkeypatch.setattr(completion, "_sources", sources)
    state = course_state(course, user)
    assert state.modules[0].test is None
    assert state.complete


def test_the_registry_refuses_unknown_kinds_and_a_second_source():
    with pytest.raises(ImproperlyConfigured):
        completion.register("homework", object())
    with pytest.raises(ImproperlyConfigured):
        completion.register(completion.TESTS, object())
    # Registering the same source again (a second `ready`) is harmless.
    completion.register(completion.TESTS, completion.tests())


def test_a_failing_receiver_leaves_no_completion_so_the_next_fact_announces_again(
    announced,
):
    course = build_course(modules=1, lessons=1, sections=1)
    user = UserFactory()
    enrolment_create(user=user, course=course)

    def broken(sender, **kwargs):
        raise RuntimeError("the certificate could not be issued")

    course_completed.connect(broken)
    try:
        with pytest.raises(RuntimeError):
            read_everything(user, course)
    finally:
        course_completed.disconnect(broken)
    assert not ModuleCompletion.objects.exists()
    assert not CourseCompletion.objects.exists()

    read_everything(user, course)
    assert [kind for kind, *_ in announced][-2:] == ["module", "course"]
    assert CourseCompletion.objects.filter(user=user, course=course).exists()
